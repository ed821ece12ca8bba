import type { OriginDatabase } from '../db/open-database.js';
import type { BeaconBatch, TelemetryBeacon } from '../../telemetry/types.js';

/** A beacon as stored: the beacon itself, when it arrived, and whether it came in a final (page-exit) batch. */
export interface StoredBeacon {
  beacon: TelemetryBeacon;
  receivedAtMs: number;
  final: boolean;
}

export interface InsertResult {
  /** New beacons stored. */
  accepted: number;
  /** Beacons already stored (same event id), ignored. */
  duplicates: number;
}

interface Row {
  body: string;
  received_at_ms: number;
  final: number;
}

/**
 * The collector's SQLite table `beacon_events`: one row per event id (the primary key does the
 * deduplication), indexed by session and by video.
 */
export class BeaconTable {
  readonly #db: OriginDatabase;
  readonly #insert;
  readonly #bySession;
  readonly #sessionsOfVideo;
  readonly #sessions;

  constructor(db: OriginDatabase) {
    this.#db = db;
    db.exec(`
      CREATE TABLE IF NOT EXISTS beacon_events (
        event_id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL,
        video_id TEXT,
        viewer_id TEXT,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        time_ms REAL NOT NULL,
        received_at_ms REAL NOT NULL,
        final INTEGER NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS beacon_events_session ON beacon_events (session_id, seq);
      CREATE INDEX IF NOT EXISTS beacon_events_video ON beacon_events (video_id);
    `);
    this.#insert = db.prepare(
      `INSERT OR IGNORE INTO beacon_events (event_id, session_id, video_id, viewer_id, seq, type, time_ms, received_at_ms, final, body)
       VALUES (@eventId, @sessionId, @videoId, @viewerId, @seq, @type, @timeMs, @receivedAtMs, @final, @body)`,
    );
    this.#bySession = db.prepare('SELECT body, received_at_ms, final FROM beacon_events WHERE session_id = ? ORDER BY seq, received_at_ms');
    this.#sessionsOfVideo = db.prepare('SELECT DISTINCT session_id FROM beacon_events WHERE video_id = ? ORDER BY session_id');
    this.#sessions = db.prepare('SELECT DISTINCT session_id FROM beacon_events ORDER BY session_id');
  }

  /** Stores a validated batch in one transaction; beacons whose event id is known are skipped. */
  insert(batch: BeaconBatch, receivedAtMs: number): InsertResult {
    const run = this.#db.transaction((beacons: readonly TelemetryBeacon[]) => {
      let accepted = 0;
      for (const beacon of beacons) {
        const info = this.#insert.run({
          eventId: beacon.eventId,
          sessionId: beacon.sessionId,
          videoId: beacon.videoId ?? null,
          viewerId: beacon.viewerId ?? null,
          seq: beacon.seq,
          type: beacon.type,
          timeMs: beacon.timeMs,
          receivedAtMs,
          final: batch.final ? 1 : 0,
          body: JSON.stringify(beacon),
        });
        accepted += info.changes;
      }
      return accepted;
    });
    const accepted = run(batch.beacons);
    return { accepted, duplicates: batch.beacons.length - accepted };
  }

  /** A session's beacons in `seq` order. */
  bySession(sessionId: string): StoredBeacon[] {
    return (this.#bySession.all(sessionId) as Row[]).map((row) => ({
      beacon: JSON.parse(row.body) as TelemetryBeacon,
      receivedAtMs: row.received_at_ms,
      final: row.final === 1,
    }));
  }

  sessionsOfVideo(videoId: string): string[] {
    return (this.#sessionsOfVideo.all(videoId) as Array<{ session_id: string }>).map((row) => row.session_id);
  }

  sessions(): string[] {
    return (this.#sessions.all() as Array<{ session_id: string }>).map((row) => row.session_id);
  }
}
