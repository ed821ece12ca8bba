/**
 * Writes waiting for the remote store (offline, server down): the latest record per video, kept in
 * storage so they survive a reload, in memory when storage is unavailable.
 */
import { parseRecord } from './record.js';
import type { ResumeRecord, StorageLike } from './types.js';

export const DEFAULT_PENDING_KEY = 'vod-resume:pending';

export class PendingWrites {
  readonly #storage: StorageLike | null;
  readonly #key: string;
  #memory = new Map<string, ResumeRecord>();

  constructor(storage: StorageLike | null, key: string = DEFAULT_PENDING_KEY) {
    this.#storage = storage;
    this.#key = key;
    this.#memory = this.#load();
  }

  get size(): number {
    return this.#memory.size;
  }

  /** Media ids in the order they were queued. */
  ids(): string[] {
    return [...this.#memory.keys()];
  }

  get(mediaId: string): ResumeRecord | null {
    return this.#memory.get(mediaId) ?? null;
  }

  /** Queues `record`, replacing an older queued one for the same video. */
  put(mediaId: string, record: ResumeRecord): void {
    const queued = this.#memory.get(mediaId);
    if (queued && queued.updatedAt > record.updatedAt) return;
    this.#memory.delete(mediaId);
    this.#memory.set(mediaId, record);
    this.#save();
  }

  /** Removes the queued write of `mediaId` if it is still `record` (a newer one may have been queued meanwhile). */
  remove(mediaId: string, record?: ResumeRecord): void {
    const queued = this.#memory.get(mediaId);
    if (!queued || (record && queued.updatedAt !== record.updatedAt)) return;
    this.#memory.delete(mediaId);
    this.#save();
  }

  #load(): Map<string, ResumeRecord> {
    const map = new Map<string, ResumeRecord>();
    try {
      const text = this.#storage?.getItem(this.#key);
      const parsed = text ? (JSON.parse(text) as unknown) : null;
      if (Array.isArray(parsed)) {
        for (const item of parsed) {
          const [mediaId, value] = Array.isArray(item) ? item : [];
          const record = parseRecord(value);
          if (typeof mediaId === 'string' && record) map.set(mediaId, record);
        }
      }
    } catch {
      // Unreadable queue: start empty.
    }
    return map;
  }

  #save(): void {
    try {
      if (this.#memory.size === 0) this.#storage?.removeItem(this.#key);
      else this.#storage?.setItem(this.#key, JSON.stringify([...this.#memory]));
    } catch {
      // Storage unavailable or full: the queue lives in memory for this page.
    }
  }
}
