/**
 * The synced store: a local store for instant resume, a remote one shared across devices.
 *
 *  - `read` yields the local record at once, then the remote one when it arrives and wins
 *    (`pickRecord`: last writer wins with the clock-skew rule). A winning remote record is copied
 *    to the local store; a winning local one is pushed to the remote.
 *  - `set` writes locally, then queues the write for the remote and flushes the queue. Writes that
 *    fail for want of a network (or a 5xx) stay queued, in storage, and are flushed when the
 *    browser says it is back online, on the next write, and on the next page load.
 *  - A 409 from the remote (it keeps a newer position) is not an error: the newer one is adopted locally.
 */
import { pickRecord } from './conflict.js';
import { ResumeStoreError } from './errors.js';
import { createLocalStore } from './local-store.js';
import { PendingWrites } from './pending-writes.js';
import { samePlace } from './record.js';
import { systemScheduler, type ResumeReading, type ResumeRecord, type ResumeStore, type Scheduler, type StorageLike } from './types.js';

export interface SyncedStoreOptions {
  /** The remote store, e.g. `createRemoteStore({ url, headers })`. */
  remote: ResumeStore;
  /** Defaults to `createLocalStore()` (localStorage). */
  local?: ResumeStore;
  /**
   * Where the queue of unsent writes is kept. Defaults to `localStorage` (in memory when it is
   * unavailable); `null` keeps it in memory.
   */
  queueStorage?: StorageLike | null;
  /** Storage key of the queue; use one per remote/viewer. Defaults to `vod-resume:pending`. */
  queueKey?: string;
  /** Subscribes to "back online". Defaults to the window's `online` event. Returns an unsubscribe. */
  onOnline?: (listener: () => void) => () => void;
  /** Clock-skew tolerance of the conflict rule, ms. Defaults to 5000. */
  skewToleranceMs?: number;
  scheduler?: Scheduler;
}

export interface SyncedResumeStore extends ResumeStore {
  read(mediaId: string): AsyncIterable<ResumeReading>;
  setBeforeUnload(mediaId: string, record: ResumeRecord): void;
  /** Sends the queued writes now. Resolves when done (or stopped by a network failure); never rejects. */
  flush(): Promise<void>;
  /** Writes waiting for the remote. */
  readonly pendingCount: number;
  /** Stops listening for `online`. */
  dispose(): void;
}

export function createSyncedStore(options: SyncedStoreOptions): SyncedResumeStore {
  const remote = options.remote;
  const local = options.local ?? createLocalStore();
  const scheduler = options.scheduler ?? systemScheduler;
  const pending = new PendingWrites(
    options.queueStorage === undefined ? defaultQueueStorage() : options.queueStorage,
    options.queueKey,
  );
  const pick = (a: ResumeRecord | null, b: ResumeRecord | null): ResumeRecord | null =>
    pickRecord(a, b, { nowEpochMs: scheduler.epochMs(), skewToleranceMs: options.skewToleranceMs });

  let flushing: Promise<ResumeStoreError | null> | null = null;

  /** Sends queued writes in order; stops at the first retryable failure. Returns the last failure that dropped a write. */
  async function flushQueue(): Promise<ResumeStoreError | null> {
    let dropped: ResumeStoreError | null = null;
    for (const mediaId of pending.ids()) {
      const record = pending.get(mediaId);
      if (!record) continue;
      try {
        await remote.set(mediaId, record);
        pending.remove(mediaId, record);
      } catch (error) {
        if (error instanceof ResumeStoreError && error.code === 'STALE_WRITE') {
          pending.remove(mediaId, record);
          if (error.current) await local.set(mediaId, error.current).catch(() => undefined);
          continue;
        }
        const storeError = asStoreError(error);
        if (storeError.retryable) return dropped; // offline or server down: stays queued, not an error
        pending.remove(mediaId, record); // 4xx: it would fail again
        dropped = storeError;
      }
    }
    return dropped;
  }

  function flush(): Promise<ResumeStoreError | null> {
    if (flushing) {
      // One more pass after the running one, for writes queued meanwhile.
      return flushing.then(() => flush());
    }
    flushing = flushQueue().finally(() => {
      flushing = null;
    });
    return flushing;
  }

  const unsubscribe = (options.onOnline ?? defaultOnOnline)(() => void flush());
  if (pending.size > 0) void flush();

  return {
    source: 'remote',
    get pendingCount() {
      return pending.size;
    },
    async *read(mediaId) {
      const remoteRead = remote.get(mediaId).then(
        (record) => ({ record, error: null }),
        (error: unknown) => ({ record: null, error }),
      );
      let localRecord: ResumeRecord | null = null;
      let localError: unknown = null;
      try {
        localRecord = pick(await local.get(mediaId), pending.get(mediaId));
      } catch (error) {
        localError = error;
        localRecord = pending.get(mediaId);
      }
      if (localRecord) yield { record: localRecord, source: 'local' };
      const { record: remoteRecord, error: remoteError } = await remoteRead;
      if (remoteRecord) {
        if (localRecord && samePlace(localRecord, remoteRecord)) {
          // In sync (the timestamps may differ by the clock conversion): nothing to do.
        } else if (pick(localRecord, remoteRecord) === remoteRecord) {
          await local.set(mediaId, remoteRecord).catch(() => undefined);
          yield { record: remoteRecord, source: 'remote' };
        } else if (localRecord) {
          pending.put(mediaId, localRecord);
          void flush();
        }
      } else if (remoteError === null && localRecord) {
        // The remote has never heard of it (or lost it): push ours.
        pending.put(mediaId, localRecord);
        void flush();
      }
      if (remoteError !== null) throw remoteError;
      if (localError !== null) throw localError;
    },
    async get(mediaId) {
      let last: ResumeRecord | null = null;
      for await (const reading of this.read(mediaId)) last = reading.record;
      return last;
    },
    async set(mediaId, record) {
      let localError: unknown = null;
      await local.set(mediaId, record).catch((error: unknown) => (localError = error));
      pending.put(mediaId, record);
      const dropped = await flush();
      if (localError !== null) throw localError;
      if (dropped) throw dropped;
    },
    async clear(mediaId) {
      pending.remove(mediaId);
      const results = await Promise.allSettled([local.clear(mediaId), remote.clear(mediaId)]);
      const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
    setBeforeUnload(mediaId, record) {
      if (local.setBeforeUnload) local.setBeforeUnload(mediaId, record);
      else void local.set(mediaId, record).catch(() => undefined);
      // Stays queued: if the keepalive request is lost, the next page load sends it (the server
      // ignores it if a newer one arrived meanwhile).
      pending.put(mediaId, record);
      if (remote.setBeforeUnload) remote.setBeforeUnload(mediaId, record);
      else void remote.set(mediaId, record).catch(() => undefined);
    },
    async flush() {
      await flush();
    },
    dispose() {
      unsubscribe();
    },
  };
}

function asStoreError(error: unknown): ResumeStoreError {
  if (error instanceof ResumeStoreError) return error;
  return new ResumeStoreError('NETWORK', error instanceof Error ? error.message : String(error), { store: 'remote', cause: error });
}

function defaultQueueStorage(): StorageLike | null {
  try {
    return (globalThis as { localStorage?: StorageLike }).localStorage ?? null;
  } catch {
    return null;
  }
}

function defaultOnOnline(listener: () => void): () => void {
  const target = globalThis as unknown as Partial<Pick<Window, 'addEventListener' | 'removeEventListener'>>;
  if (typeof target.addEventListener !== 'function') return () => undefined;
  target.addEventListener('online', listener);
  return () => target.removeEventListener?.('online', listener);
}
