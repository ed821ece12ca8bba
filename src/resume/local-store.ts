/**
 * The local store: one localStorage entry per video, `vod-resume:<mediaId>` → JSON record.
 */
import { ResumeStoreError } from './errors.js';
import { parseRecord } from './record.js';
import type { ResumeRecord, ResumeStore, StorageLike } from './types.js';

export interface LocalStoreOptions {
  /** Defaults to `localStorage` (looked up on use: reading it can throw when storage is blocked). */
  storage?: StorageLike;
  /** Prefix of the keys. Defaults to `vod-resume:`. */
  keyPrefix?: string;
}

export const DEFAULT_LOCAL_KEY_PREFIX = 'vod-resume:';

export interface LocalResumeStore extends ResumeStore {
  readonly source: 'local';
  setBeforeUnload(mediaId: string, record: ResumeRecord): void;
}

/** A ResumeStore over localStorage. Malformed entries read as null. Rejects with ResumeStoreError. */
export function createLocalStore(options: LocalStoreOptions = {}): LocalResumeStore {
  const prefix = options.keyPrefix ?? DEFAULT_LOCAL_KEY_PREFIX;
  const storage = (): StorageLike => options.storage ?? defaultStorage();
  const write = (mediaId: string, record: ResumeRecord): void =>
    guard(() => storage().setItem(prefix + mediaId, JSON.stringify(record)));
  return {
    source: 'local',
    async get(mediaId) {
      const text = guard(() => storage().getItem(prefix + mediaId));
      if (text === null) return null;
      try {
        return parseRecord(JSON.parse(text));
      } catch {
        return null;
      }
    },
    async set(mediaId, record) {
      write(mediaId, record);
    },
    async clear(mediaId) {
      guard(() => storage().removeItem(prefix + mediaId));
    },
    setBeforeUnload(mediaId, record) {
      try {
        write(mediaId, record);
      } catch {
        // Nothing can be reported while the page goes away.
      }
    },
  };
}

function defaultStorage(): StorageLike {
  const storage = (globalThis as { localStorage?: StorageLike }).localStorage;
  if (!storage) throw new ResumeStoreError('STORAGE_UNAVAILABLE', 'localStorage is not available here', { store: 'local' });
  return storage;
}

/** Runs a storage call; its exceptions become ResumeStoreError. */
export function guard<T>(call: () => T): T {
  try {
    return call();
  } catch (cause) {
    if (cause instanceof ResumeStoreError) throw cause;
    const quota = cause instanceof Error && (cause.name === 'QuotaExceededError' || cause.name === 'NS_ERROR_DOM_QUOTA_REACHED');
    throw new ResumeStoreError(
      quota ? 'QUOTA_EXCEEDED' : 'STORAGE_UNAVAILABLE',
      `localStorage failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { store: 'local', cause },
    );
  }
}
