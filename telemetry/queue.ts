import { jsonBytes } from './batch.js';
import { type QueueStore, type StoredQueue } from './storage.js';
import type { TelemetryBeacon } from './types.js';

/** Most sessions whose not-yet-reported counts are kept (the oldest are forgotten past it). */
const MAX_COUNTED_SESSIONS = 200;

const NOTHING: ReadonlySet<string> = new Set();

/**
 * Undelivered beacons, oldest first, mirrored to a QueueStore on every change, with the counts
 * that must reach the collector with them. Each count belongs to one session and is only ever
 * written into a beacon of that session:
 *
 *  - `droppedCount`: a beacon given up (the queue cap, a 400/413 for it alone, quarantine) is
 *    counted for its session, and the count is written into the next beacon of that session that
 *    leaves in a request (its own `droppedCount` travels on the same way);
 *  - `session_end.data.quarantinedCount`: the session's quarantined beacons. A session_end leaves
 *    only once no other beacon of its session is held back (parked by the deliverer), so the
 *    count it carries is final.
 *
 * Capped at `maxBeacons`: adding to a full queue drops the oldest heartbeat, or the oldest beacon
 * when none is a heartbeat.
 */
export class BeaconQueue {
  readonly #maxBeacons: number;
  readonly #store: QueueStore;
  readonly #onFull: (dropped: TelemetryBeacon) => void;
  #items: TelemetryBeacon[] = [];
  /** 5xx answers counted against a beacon, by event id. */
  readonly #serverErrors = new Map<string, number>();
  /** Per session: dropped, not yet written into a beacon. */
  readonly #dropped = new Map<string, number>();
  /** Per session: quarantined so far. */
  readonly #quarantined = new Map<string, number>();
  /** The cap was hit and the queue has not had room since (`onFull` is told once per episode). */
  #full = false;
  /** Dropped in all (cap, refused, quarantined), for diagnostics. */
  droppedTotal = 0;
  /** Quarantined in all. */
  quarantinedTotal = 0;

  constructor(maxBeacons: number, store: QueueStore, onFull: (dropped: TelemetryBeacon) => void = () => undefined) {
    this.#maxBeacons = maxBeacons;
    this.#store = store;
    this.#onFull = onFull;
  }

  get size(): number {
    return this.#items.length;
  }

  /** Every queued beacon, oldest first (a copy). */
  get items(): readonly TelemetryBeacon[] {
    return [...this.#items];
  }

  add(beacon: TelemetryBeacon): void {
    this.#push(beacon);
    this.#save();
  }

  /** Takes in a queue another page left (see storage.ts `takeOwner`); returns how many beacons came. */
  adopt(stored: StoredQueue): number {
    for (const [id, n] of Object.entries(stored.serverErrors)) this.#serverErrors.set(id, Math.max(n, this.#serverErrors.get(id) ?? 0));
    for (const [sessionId, n] of Object.entries(stored.dropped)) addTo(this.#dropped, sessionId, n);
    for (const [sessionId, n] of Object.entries(stored.quarantined)) addTo(this.#quarantined, sessionId, n);
    const known = new Set(this.#items.map((beacon) => beacon.eventId));
    let added = 0;
    for (const beacon of stored.beacons) {
      if (known.has(beacon.eventId)) continue;
      known.add(beacon.eventId);
      this.#push(beacon);
      added += 1;
    }
    this.#save();
    return added;
  }

  /** Keeps the session_end to send should this page die without `pagehide` (null: none). */
  setProvisionalEnd(beacon: TelemetryBeacon | null): void {
    this.#store.saveEnd(beacon);
  }

  /** 5xx answers counted against this beacon so far. */
  serverErrorsOf(eventId: string): number {
    return this.#serverErrors.get(eventId) ?? 0;
  }

  /**
   * The next request's beacons, oldest first: at most `maxCount` and `maxBytes` (but always at
   * least one), skipping the beacons in `held` (parked by the deliverer) and the session_end of
   * their sessions; a beacon with 5xx answers against it goes alone. The counts owed to each
   * session are written into its beacons here (and saved), so a retry sends the same thing.
   */
  take(maxCount: number, maxBytes: number, held: ReadonlySet<string> = NOTHING): TelemetryBeacon[] {
    const out: TelemetryBeacon[] = [];
    const heldSessions = new Set<string>();
    let bytes = 0;
    for (const beacon of this.#items) {
      if (held.has(beacon.eventId)) {
        heldSessions.add(beacon.sessionId);
        continue;
      }
      if (beacon.type === 'session_end' && heldSessions.has(beacon.sessionId)) continue;
      if (out.length >= maxCount) break;
      if (this.serverErrorsOf(beacon.eventId) > 0) {
        if (out.length === 0) out.push(beacon);
        break;
      }
      const size = jsonBytes(beacon);
      if (out.length > 0 && bytes + size > maxBytes) break;
      out.push(beacon);
      bytes += size;
    }
    return this.#stamp(out);
  }

  /** Everything, in requests within the limits, counts written in: for the final flush as the page goes. */
  takeAll(maxCount: number, maxBytes: number): TelemetryBeacon[][] {
    const all = this.#stamp([...this.#items]);
    const chunks: TelemetryBeacon[][] = [];
    let chunk: TelemetryBeacon[] = [];
    let bytes = 0;
    for (const beacon of all) {
      const size = jsonBytes(beacon);
      if (chunk.length > 0 && (chunk.length >= maxCount || bytes + size > maxBytes)) {
        chunks.push(chunk);
        chunk = [];
        bytes = 0;
      }
      chunk.push(beacon);
      bytes += size;
    }
    if (chunk.length > 0) chunks.push(chunk);
    return chunks;
  }

  /** Delivered: forget them. */
  remove(beacons: readonly TelemetryBeacon[]): void {
    const ids = new Set(beacons.map((beacon) => beacon.eventId));
    const gone = this.#items.filter((beacon) => ids.has(beacon.eventId));
    this.#items = this.#items.filter((beacon) => !ids.has(beacon.eventId));
    this.#forget(gone);
    this.#roomAgain();
    this.#save();
  }

  /** Refused for good (a 400 or 413 for it alone): forget it, and count it for its session. */
  drop(beacon: TelemetryBeacon): void {
    const queued = this.#find(beacon.eventId);
    if (!queued) return;
    this.#items = this.#items.filter((item) => item !== queued);
    this.#countLost(queued);
    this.#roomAgain();
    this.#save();
  }

  /** Counts one 5xx against a queued beacon; returns its count (0: not queued). */
  countServerError(eventId: string): number {
    if (!this.#find(eventId)) return 0;
    const count = this.serverErrorsOf(eventId) + 1;
    this.#serverErrors.set(eventId, count);
    this.#save();
    return count;
  }

  /** Given up after repeated 5xx: forget it, count it as dropped and as quarantined for its session. */
  quarantine(beacon: TelemetryBeacon): void {
    const queued = this.#find(beacon.eventId);
    if (!queued) return;
    this.#items = this.#items.filter((item) => item !== queued);
    addTo(this.#quarantined, queued.sessionId, 1);
    this.quarantinedTotal += 1;
    this.#countLost(queued);
    this.#roomAgain();
    this.#save();
  }

  #push(beacon: TelemetryBeacon): void {
    while (this.#items.length >= this.#maxBeacons) this.#dropOne();
    this.#items.push(beacon);
  }

  #dropOne(): void {
    const heartbeat = this.#items.findIndex((beacon) => beacon.type === 'heartbeat');
    const [dropped] = this.#items.splice(heartbeat === -1 ? 0 : heartbeat, 1);
    if (!dropped) return;
    this.#countLost(dropped);
    if (!this.#full) {
      this.#full = true;
      this.#onFull(dropped);
    }
  }

  /** A beacon is lost: count it (and the count it carried) for its session. */
  #countLost(beacon: TelemetryBeacon): void {
    addTo(this.#dropped, beacon.sessionId, 1 + beacon.droppedCount);
    this.droppedTotal += 1;
    this.#forget([beacon]);
  }

  /** Beacons that left the queue: their 5xx counts go; a session_end takes its session's counts with it. */
  #forget(beacons: readonly TelemetryBeacon[]): void {
    for (const beacon of beacons) {
      this.#serverErrors.delete(beacon.eventId);
      if (beacon.type === 'session_end') {
        // Its session is over: nothing left to write a count into.
        this.#dropped.delete(beacon.sessionId);
        this.#quarantined.delete(beacon.sessionId);
      }
    }
  }

  /** Beacons left the queue other than to make room: it has room again. */
  #roomAgain(): void {
    if (this.#items.length < this.#maxBeacons) this.#full = false;
  }

  /** Writes each session's owed counts into `beacons` (and the queue), in place of the originals. */
  #stamp(beacons: TelemetryBeacon[]): TelemetryBeacon[] {
    const seen = new Set<string>();
    let changed = false;
    const out = beacons.map((beacon) => {
      let next = beacon;
      if (!seen.has(beacon.sessionId)) {
        seen.add(beacon.sessionId);
        const dropped = this.#dropped.get(beacon.sessionId) ?? 0;
        if (dropped > 0) {
          next = { ...next, droppedCount: next.droppedCount + dropped };
          this.#dropped.delete(beacon.sessionId);
        }
      }
      if (next.type === 'session_end') {
        const quarantined = this.#quarantined.get(next.sessionId) ?? 0;
        if (next.data.quarantinedCount !== quarantined) next = { ...next, data: { ...next.data, quarantinedCount: quarantined } };
      }
      if (next !== beacon) {
        changed = true;
        const index = this.#items.indexOf(beacon);
        if (index !== -1) this.#items[index] = next;
      }
      return next;
    });
    if (changed) this.#save();
    return out;
  }

  #find(eventId: string): TelemetryBeacon | undefined {
    return this.#items.find((beacon) => beacon.eventId === eventId);
  }

  #save(): void {
    trim(this.#dropped);
    trim(this.#quarantined);
    this.#store.save({
      beacons: this.#items,
      serverErrors: Object.fromEntries(this.#serverErrors),
      dropped: Object.fromEntries(this.#dropped),
      quarantined: Object.fromEntries(this.#quarantined),
    });
  }
}

function addTo(map: Map<string, number>, key: string, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

function trim(map: Map<string, number>): void {
  for (const key of map.keys()) {
    if (map.size <= MAX_COUNTED_SESSIONS) return;
    map.delete(key);
  }
}
