/**
 * The resume contract: one async `ResumeStore` interface that the local, remote and synced stores
 * meet, and that an embedder can implement for their own backend. PURE types, no DOM.
 */
import type { EpochClock } from '../../contracts/clock.js';
import type { KeyValueStorage } from '../../contracts/key-value-storage.js';
import type { ResumeRecord } from '../../contracts/resume-record.js';

/** Where a saved position came from, as `vod-resume` reports it. */
export type ResumeSource = 'local' | 'remote';

/** A saved position: the shared contract of the player and the resume API (`contracts/resume-record.ts`). */
export type { ResumeRecord } from '../../contracts/resume-record.js';

/** A record read from a store, with where it came from. */
export interface ResumeReading {
  record: ResumeRecord;
  source: ResumeSource;
}

/**
 * Persistence behind one async interface (compare Vidstack's `MediaStorage`). Every method may
 * reject; the player reports the failure as a non-fatal `vod-error` and plays on.
 */
export interface ResumeStore {
  /** The saved position of `mediaId`, or null when there is none. */
  get(mediaId: string): Promise<ResumeRecord | null>;
  set(mediaId: string, record: ResumeRecord): Promise<void>;
  /** Forgets the saved position of `mediaId`. */
  clear(mediaId: string): Promise<void>;
  /** What `vod-resume` reports as the source of records from `get`. Defaults to `remote`. */
  readonly source?: ResumeSource;
  /**
   * Optional: a write made while the page is being hidden or unloaded. It must be started
   * synchronously and survive the page (localStorage, `fetch(…, { keepalive: true })`,
   * `sendBeacon`). Without it the player calls `set` and hopes.
   */
  setBeforeUnload?(mediaId: string, record: ResumeRecord): void;
  /**
   * Optional: readings as they arrive, each one better than the last (the synced store yields the
   * local record at once, then the remote one if it wins). Without it the player uses `get`.
   * It may throw after yielding (a failed remote read): the readings so far stand.
   */
  read?(mediaId: string): AsyncIterable<ResumeReading>;
}

/** The part of `KeyValueStorage` the resume stores use (no key scans), so tests can pass a fake. */
export type StorageLike = Pick<KeyValueStorage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * What the offline queue of writes needs: a `StorageLike`, plus `length` and `key(index)` to find
 * the entries other tabs queued (localStorage has both; without them a queue sees only its own).
 */
export type QueueStorage = StorageLike & Partial<Pick<KeyValueStorage, 'length' | 'key'>>;

/**
 * Time and timers, passed in so the logic runs on a fake clock in tests. Its `epochMs()` is the
 * clock of `updatedAt`.
 */
export interface Scheduler extends EpochClock {
  /** Runs `callback` after `delayMs`; returns a function that cancels it. */
  setTimeout(callback: () => void, delayMs: number): () => void;
}

/** The browser's clock and timers. */
export const systemScheduler: Scheduler = {
  epochMs: () => Date.now(),
  setTimeout(callback, delayMs) {
    const handle = setTimeout(callback, delayMs);
    return () => clearTimeout(handle);
  },
};
