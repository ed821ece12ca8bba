/**
 * Saved positions in the origin's SQLite: one row per viewer and video, last writer wins.
 */
import type { OriginDatabase } from '../db/open-database.js';
import type { ProgressRecord } from './validate.js';

interface Row {
  position_sec: number;
  duration_sec: number;
  completed: number;
  updated_at: number;
}

export type PutResult = { ok: true; record: ProgressRecord } | { ok: false; current: ProgressRecord };

export class ProgressTable {
  readonly #get: (viewer: string, mediaId: string) => Row | undefined;
  readonly #upsert: (viewer: string, mediaId: string, record: ProgressRecord) => PutResult;
  readonly #delete: (viewer: string, mediaId: string) => boolean;

  constructor(db: OriginDatabase) {
    db.exec(`CREATE TABLE IF NOT EXISTS progress_positions (
      viewer TEXT NOT NULL,
      media_id TEXT NOT NULL,
      position_sec REAL NOT NULL,
      duration_sec REAL NOT NULL,
      completed INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (viewer, media_id)
    ) WITHOUT ROWID`);
    const select = db.prepare<[string, string], Row>(
      'SELECT position_sec, duration_sec, completed, updated_at FROM progress_positions WHERE viewer = ? AND media_id = ?',
    );
    const write = db.prepare(
      `INSERT INTO progress_positions (viewer, media_id, position_sec, duration_sec, completed, updated_at)
       VALUES (@viewer, @mediaId, @positionSec, @durationSec, @completed, @updatedAt)
       ON CONFLICT (viewer, media_id) DO UPDATE SET
         position_sec = excluded.position_sec, duration_sec = excluded.duration_sec,
         completed = excluded.completed, updated_at = excluded.updated_at`,
    );
    const remove = db.prepare('DELETE FROM progress_positions WHERE viewer = ? AND media_id = ?');
    this.#get = (viewer, mediaId) => select.get(viewer, mediaId);
    // Read-compare-write in one transaction: two PUTs cannot interleave.
    this.#upsert = db.transaction((viewer: string, mediaId: string, record: ProgressRecord): PutResult => {
      const row = select.get(viewer, mediaId);
      if (row && row.updated_at > record.updatedAt) return { ok: false, current: toRecord(row) };
      write.run({ viewer, mediaId, ...record, completed: record.completed ? 1 : 0 });
      return { ok: true, record };
    });
    this.#delete = (viewer, mediaId) => remove.run(viewer, mediaId).changes > 0;
  }

  get(viewer: string, mediaId: string): ProgressRecord | null {
    const row = this.#get(viewer, mediaId);
    return row ? toRecord(row) : null;
  }

  /** Stores `record` unless the stored one is newer (a later `updatedAt`); an equal one is replaced. */
  put(viewer: string, mediaId: string, record: ProgressRecord): PutResult {
    return this.#upsert(viewer, mediaId, record);
  }

  delete(viewer: string, mediaId: string): boolean {
    return this.#delete(viewer, mediaId);
  }
}

function toRecord(row: Row): ProgressRecord {
  return { positionSec: row.position_sec, durationSec: row.duration_sec, completed: row.completed === 1, updatedAt: row.updated_at };
}
