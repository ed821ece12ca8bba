/**
 * Writes waiting for the remote store (offline, server down, expired token), shared by every tab
 * of the browser: ONE STORAGE ENTRY PER VIDEO, `<key>/<mediaId>` → the record, merged last writer
 * wins by the record's own `updatedAt`.
 *
 * Why this shape (and not one array under one key, rewritten by each tab from its own memory, as
 * before): a queued write is a last-writer-wins register, so merging is idempotent and commutative,
 * and no tab ever needs another tab's view of the queue to write its own entry.
 *  - `put` reads the video's entry and replaces it only with a newer record: a tab cannot erase
 *    another tab's write of another video (other key), nor a newer write of the same video.
 *  - `remove` after the server acknowledged a record is a compare-and-delete: it removes the entry
 *    only while it still holds that record, so a newer write queued meanwhile stays. Just before,
 *    it writes `{ "sent": record }` there, so the other tabs' `storage` events say which write
 *    went out.
 *  - Browsers apply another tab's localStorage writes to this tab's copy a moment later (Chromium
 *    keeps a per-process cache), so two tabs can still race on one video's entry within that
 *    moment. Each tab remembers its own unacknowledged writes, and the `storage` event
 *    (`noteStorageEvent`) tells it when its entry was replaced by an older record, marked sent
 *    with an older record, or removed unmarked: it writes it back (at worst one duplicate send,
 *    which the server answers with 200 or 409). The entries converge to the latest record.
 *  - No lock is needed for correctness, so it works where Web Locks do not; the synced store takes
 *    one (when available) only so that two tabs do not send the same queue twice.
 * Within one browser every tab stamps `updatedAt` with the same clock, so plain last-writer-wins
 * is exact here (the clock-skew rule of `conflict.ts` is for records from other devices); equal
 * timestamps go to the further position.
 *
 * The queue scans for its keys with `key(index)` / `length`; a storage without them (a minimal
 * `StorageLike`) works, but only sees the videos this instance queued. When storage fails (disabled,
 * full), writes are kept in memory for this page. The queue of earlier versions (an array under
 * `<key>` itself) is adopted on load.
 */
import { isMediaId } from '../../contracts/media-id.js';
import { parseRecord } from './record.js';
import type { QueueStorage, ResumeRecord } from './types.js';

export const DEFAULT_PENDING_KEY = 'vod-resume:pending';

/** The storage key of `mediaId`'s entry in the queue `key` (`/` never occurs in a media id, so no other key collides). */
export function pendingEntryKey(key: string, mediaId: string): string {
  return `${key}/${mediaId}`;
}

/** True when `a` should replace `b` in the queue: a later `updatedAt`, or the same one further into the video. */
export function isNewerWrite(a: ResumeRecord, b: ResumeRecord): boolean {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt;
  return a.positionSec > b.positionSec;
}

/** The same save (what a compare-and-delete compares). */
export function sameWrite(a: ResumeRecord, b: ResumeRecord): boolean {
  return a.updatedAt === b.updatedAt && a.positionSec === b.positionSec && a.durationSec === b.durationSec && a.completed === b.completed;
}

export class PendingWrites {
  readonly #storage: QueueStorage | null;
  readonly #key: string;
  readonly #prefix: string;
  /** Writes storage could not take (disabled, full): kept for this page. */
  readonly #memory = new Map<string, ResumeRecord>();
  /** This instance's writes not yet known to be sent or superseded: written back if a race loses them. */
  readonly #own = new Map<string, ResumeRecord>();
  /** Videos this instance queued or saw, for storages that cannot list their keys. */
  readonly #known = new Set<string>();

  constructor(storage: QueueStorage | null, key: string = DEFAULT_PENDING_KEY) {
    this.#storage = storage;
    this.#key = key;
    this.#prefix = `${key}/`;
    this.#adoptLegacy();
  }

  /** The queue's key: entries are `<key>/<mediaId>`. */
  get key(): string {
    return this.#key;
  }

  get size(): number {
    return this.ids().length;
  }

  /** Media ids with a queued write, oldest write first. Reads storage, so other tabs' writes are included. */
  ids(): string[] {
    const ids = new Set<string>([...this.#memory.keys(), ...this.#scan()]);
    const queued: Array<[string, ResumeRecord]> = [];
    for (const mediaId of ids) {
      const record = this.get(mediaId);
      if (record) queued.push([mediaId, record]);
    }
    return queued.sort((a, b) => a[1].updatedAt - b[1].updatedAt).map(([mediaId]) => mediaId);
  }

  /** The queued write of `mediaId` (as storage holds it now), or null. */
  get(mediaId: string): ResumeRecord | null {
    return newest(this.#read(mediaId), this.#memory.get(mediaId) ?? null);
  }

  /** Queues `record` unless a newer write of the same video is queued (by this tab or another). */
  put(mediaId: string, record: ResumeRecord): void {
    this.#known.add(mediaId);
    const queued = this.get(mediaId);
    if (queued && !isNewerWrite(record, queued)) {
      if (!sameWrite(record, queued)) this.#supersedeOwn(mediaId, queued);
      return;
    }
    this.#own.set(mediaId, record);
    if (this.#write(mediaId, record)) this.#memory.delete(mediaId);
    else this.#memory.set(mediaId, record);
  }

  /**
   * Takes `mediaId`'s write out of the queue. With `record` (the one the server acknowledged or
   * refused), only while the entry still holds that record: a newer write queued meanwhile stays.
   * Without it (the viewer cleared the position), whatever is queued.
   */
  remove(mediaId: string, record?: ResumeRecord): void {
    if (record === undefined) {
      this.#own.delete(mediaId);
      this.#memory.delete(mediaId);
      this.#delete(mediaId);
      return;
    }
    this.#supersedeOwn(mediaId, record);
    const memory = this.#memory.get(mediaId);
    if (memory && sameWrite(memory, record)) this.#memory.delete(mediaId);
    const stored = this.#read(mediaId);
    if (stored && sameWrite(stored, record)) {
      this.#setEntry(mediaId, { sent: record }); // tells the other tabs which write went out
      this.#delete(mediaId);
    }
  }

  /**
   * Another tab changed the storage (the `storage` event: `key` null for `clear()`). When it
   * replaced this tab's unsent write with an older one, marked an older one sent, or removed the
   * entry unmarked (a race: the removing tab compared it with its own copy of the storage, which
   * may have been behind), the write is queued again and true is returned (send it). A write
   * marked sent, or replaced by a newer one, is let go. A `clear()` is respected: nothing is
   * written back.
   */
  noteStorageEvent(key: string | null, newValue: string | null): boolean {
    if (key === null) {
      this.#own.clear();
      return false;
    }
    if (!key.startsWith(this.#prefix)) return false;
    const mediaId = key.slice(this.#prefix.length);
    const own = this.#own.get(mediaId);
    if (!own) return false;
    const now = parseStored(newValue) ?? parseSent(newValue);
    if (now && !isNewerWrite(own, now)) {
      this.#supersedeOwn(mediaId, now);
      return false;
    }
    this.#write(mediaId, own);
    return true;
  }

  /**
   * Moves every queued write into `target` (merged there, last writer wins) and out of this queue:
   * a token rotation re-keys the queue to the new token's. Returns how many writes moved.
   */
  moveTo(target: PendingWrites): number {
    let moved = 0;
    for (const mediaId of this.ids()) {
      const record = this.get(mediaId);
      if (!record) continue;
      target.put(mediaId, record);
      this.remove(mediaId);
      moved += 1;
    }
    return moved;
  }

  /** Drops this instance's memory of its own write of `mediaId` when `record` is at least as new. */
  #supersedeOwn(mediaId: string, record: ResumeRecord): void {
    const own = this.#own.get(mediaId);
    if (own && !isNewerWrite(own, record)) this.#own.delete(mediaId);
  }

  #scan(): string[] {
    const storage = this.#storage;
    const ids: string[] = [];
    try {
      if (!storage || typeof storage.key !== 'function' || typeof storage.length !== 'number') return [...this.#known];
      for (let index = 0; index < storage.length; index += 1) {
        const key = storage.key(index);
        if (key === null || !key.startsWith(this.#prefix)) continue;
        const mediaId = key.slice(this.#prefix.length);
        if (isMediaId(mediaId)) ids.push(mediaId);
      }
    } catch {
      return [...this.#known];
    }
    return ids;
  }

  #read(mediaId: string): ResumeRecord | null {
    try {
      return parseStored(this.#storage?.getItem(pendingEntryKey(this.#key, mediaId)) ?? null);
    } catch {
      return null;
    }
  }

  /** True when storage took it. */
  #write(mediaId: string, record: ResumeRecord): boolean {
    return this.#setEntry(mediaId, record);
  }

  #setEntry(mediaId: string, value: ResumeRecord | { sent: ResumeRecord }): boolean {
    if (!this.#storage) return false;
    try {
      this.#storage.setItem(pendingEntryKey(this.#key, mediaId), JSON.stringify(value));
      return true;
    } catch {
      return false; // disabled or full: kept in memory for this page
    }
  }

  #delete(mediaId: string): void {
    try {
      this.#storage?.removeItem(pendingEntryKey(this.#key, mediaId));
    } catch {
      // Storage unavailable: nothing stored to remove.
    }
  }

  /** Earlier versions kept the whole queue as `[[mediaId, record], …]` under `<key>`: merge it in, once. */
  #adoptLegacy(): void {
    let parsed: unknown;
    try {
      const text = this.#storage?.getItem(this.#key);
      if (!text) return;
      parsed = JSON.parse(text) as unknown;
    } catch {
      return;
    }
    if (!Array.isArray(parsed)) return; // not a queue (a local record of a video called "pending")
    for (const item of parsed) {
      const [mediaId, value] = Array.isArray(item) ? (item as unknown[]) : [];
      const record = parseRecord(value);
      if (typeof mediaId === 'string' && isMediaId(mediaId) && record) this.put(mediaId, record);
    }
    this.#own.clear(); // adopted, not written by this tab
    try {
      this.#storage?.removeItem(this.#key);
    } catch {
      // Left for the next load.
    }
  }
}

function parseStored(text: string | null): ResumeRecord | null {
  if (text === null) return null;
  try {
    return parseRecord(JSON.parse(text));
  } catch {
    return null;
  }
}

/** The record of a `{ "sent": record }` mark, or null. */
function parseSent(text: string | null): ResumeRecord | null {
  if (text === null) return null;
  try {
    return parseRecord((JSON.parse(text) as { sent?: unknown } | null)?.sent);
  } catch {
    return null;
  }
}

function newest(a: ResumeRecord | null, b: ResumeRecord | null): ResumeRecord | null {
  if (a === null) return b;
  if (b === null) return a;
  return isNewerWrite(b, a) ? b : a;
}
