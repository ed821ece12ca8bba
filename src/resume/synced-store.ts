/**
 * The synced store: a local store for instant resume, a remote one shared across devices.
 *
 *  - `read` yields the local record at once, then the remote one when it arrives and wins
 *    (`pickRecord`: last writer wins with the clock-skew rule). A winning remote record is copied
 *    to the local store; a winning local one is pushed to the remote.
 *  - `set` writes locally, then queues the write for the remote and sends the queue. The queue
 *    (`pending-writes.ts`) lives in storage, one entry per video shared by every tab, so a write
 *    stays queued until the remote acknowledges it: across failures, reloads and other tabs.
 *  - A failed send is handled by `retry-policy.ts`: network errors, timeouts, 5xx, 401, 403, 408
 *    and 429 are retried with exponential backoff and jitter (not before a `Retry-After`); other
 *    4xx drop the write (the local copy stays). While the browser is offline nothing is sent: the
 *    `online` event sends the queue. A retried write keeps its own `updatedAt`, so a newer write
 *    from another device made meanwhile still wins on the server (409).
 *  - A 409 from the remote (it keeps a newer position) is not an error: the newer one is adopted locally.
 *  - Two tabs do not send the same queue at once: each send pass holds a Web Lock named after the
 *    queue when the browser has `navigator.locks`. Without it both may send; the server's last-writer-
 *    wins makes the second send harmless.
 * What happens to queued writes is reported as typed events (`on`): `sent`, `superseded`,
 * `retry`, `dropped`.
 */
import { pickRecord } from './conflict.js';
import { ResumeStoreError } from './errors.js';
import { createLocalStore } from './local-store.js';
import { PendingWrites } from './pending-writes.js';
import { samePlace } from './record.js';
import { resolveRetryPolicy, retryDelayMs, writeFailureAction, type ResumeRetryPolicy } from './retry-policy.js';
import {
  systemScheduler,
  type QueueStorage,
  type ResumeReading,
  type ResumeRecord,
  type ResumeStore,
  type Scheduler,
} from './types.js';

/** A change another tab made to the queue's storage, as the `storage` event reports it (`key` null: cleared). */
export interface StorageChange {
  key: string | null;
  newValue: string | null;
}

/** The part of the Web Locks API (`navigator.locks`) the store uses. */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export interface SyncedStoreOptions {
  /** The remote store, e.g. `createRemoteStore({ url, headers })`. */
  remote: ResumeStore;
  /** Defaults to `createLocalStore()` (localStorage). */
  local?: ResumeStore;
  /**
   * Where the queue of unsent writes is kept. Defaults to `localStorage` (in memory when it is
   * unavailable); `null` keeps it in memory.
   */
  queueStorage?: QueueStorage | null;
  /**
   * Storage key of the queue; use one per remote and viewer. Each video's queued write is the entry
   * `<queueKey>/<mediaId>`. Defaults to `vod-resume:pending`.
   */
  queueKey?: string;
  /** Subscribes to "back online". Defaults to the window's `online` event. Returns an unsubscribe. */
  onOnline?: (listener: () => void) => () => void;
  /**
   * Subscribes to changes other tabs make to `queueStorage`. Defaults to the window's `storage`
   * event for that storage area. Returns an unsubscribe.
   */
  onStorageChange?: (listener: (change: StorageChange) => void) => () => void;
  /** Whether the browser has a network. Defaults to `navigator.onLine` (true where unknown). */
  isOnline?: () => boolean;
  /** Cross-tab lock around each send pass. Defaults to `navigator.locks` where available; `null`: none. */
  locks?: LockManagerLike | null;
  /** Backoff of retries (see `retry-policy.ts` for the defaults: 1 s doubling to 60 s, ± 50%). */
  retry?: Partial<ResumeRetryPolicy>;
  /** Chance for the jitter, [0, 1) like Math.random. Defaults to Math.random. */
  random?: () => number;
  /** Clock-skew tolerance of the conflict rule, ms. Defaults to 5000. */
  skewToleranceMs?: number;
  scheduler?: Scheduler;
}

/** What happened to a queued write, or to the queue. */
export type SyncedStoreEvent =
  /** The remote acknowledged the write (2xx): it left the queue. */
  | { type: 'sent'; mediaId: string; record: ResumeRecord }
  /** The remote keeps a newer position (409): the write left the queue, `current` was adopted locally. */
  | { type: 'superseded'; mediaId: string; record: ResumeRecord; current: ResumeRecord | null }
  /**
   * A send failed in a way worth retrying; the queue stays. `attempt`: failed passes in a row.
   * `delayMs`: when the next one is due; null while the browser is offline (the `online` event sends).
   */
  | { type: 'retry'; attempt: number; delayMs: number | null; error: ResumeStoreError }
  /** The remote refused the write for good (a 4xx other than 401, 403, 408, 409, 429): it left the queue; the local copy stays. */
  | { type: 'dropped'; mediaId: string; record: ResumeRecord; error: ResumeStoreError };

export type SyncedStoreEventType = SyncedStoreEvent['type'];
export type SyncedStoreListener<T extends SyncedStoreEventType> = (event: Extract<SyncedStoreEvent, { type: T }>) => void;

export interface SyncedResumeStore extends ResumeStore {
  read(mediaId: string): AsyncIterable<ResumeReading>;
  setBeforeUnload(mediaId: string, record: ResumeRecord): void;
  /**
   * Sends the queued writes now, whatever the backoff (e.g. after the token changed). Resolves when
   * the pass is done (or stopped by a failure worth retrying, which schedules the next); never rejects.
   */
  flush(): Promise<void>;
  /** Writes waiting for the remote, from every tab. */
  readonly pendingCount: number;
  /** Listens to what happens to queued writes. Returns the unsubscribe. */
  on<T extends SyncedStoreEventType>(type: T, listener: SyncedStoreListener<T>): () => void;
  /**
   * Stops listening (`online`, `storage`) and retrying. Sends already started finish, and a `set`
   * afterwards (an element's last save) is still sent once. The queue stays in storage.
   */
  dispose(): void;
}

interface PassResult {
  /** The failure that stopped the pass (retry later), or null when every queued write was dealt with. */
  failure: ResumeStoreError | null;
  dropped: Array<{ mediaId: string; error: ResumeStoreError }>;
}

const NO_PASS: PassResult = Object.freeze({ failure: null, dropped: [] });

/** The listeners of a store's events, by type (`SyncedResumeStore.on`). */
export type StoreListeners = Map<SyncedStoreEventType, Set<(event: SyncedStoreEvent) => void>>;

/** Adds `listener` for `type` to `listeners`; returns its removal. */
export function addStoreListener<T extends SyncedStoreEventType>(listeners: StoreListeners, type: T, listener: SyncedStoreListener<T>): () => void {
  let set = listeners.get(type);
  if (!set) listeners.set(type, (set = new Set()));
  const entry = listener as (event: SyncedStoreEvent) => void;
  set.add(entry);
  return () => void listeners.get(type)?.delete(entry);
}

export function createSyncedStore(options: SyncedStoreOptions): SyncedResumeStore {
  const remote = options.remote;
  const local = options.local ?? createLocalStore();
  const scheduler = options.scheduler ?? systemScheduler;
  const queueStorage = options.queueStorage === undefined ? defaultQueueStorage() : options.queueStorage;
  const pending = new PendingWrites(queueStorage, options.queueKey);
  const policy = resolveRetryPolicy(options.retry);
  const random = options.random ?? Math.random;
  const isOnline = options.isOnline ?? defaultIsOnline;
  const locks = options.locks === undefined ? defaultLocks() : options.locks;
  const pick = (a: ResumeRecord | null, b: ResumeRecord | null): ResumeRecord | null =>
    pickRecord(a, b, { nowEpochMs: scheduler.epochMs(), skewToleranceMs: options.skewToleranceMs });

  const listeners: StoreListeners = new Map();
  const emit = (event: SyncedStoreEvent): void => {
    for (const listener of [...(listeners.get(event.type) ?? [])]) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own: the queue goes on.
      }
    }
  };

  let disposed = false;
  /** Failed passes in a row; 0 after a pass that went through. */
  let attempt = 0;
  let cancelRetry: (() => void) | null = null;
  let running: Promise<PassResult> | null = null;
  let rerun: Promise<PassResult> | null = null;

  /** Sends queued writes, oldest first; stops at the first failure worth retrying. Never rejects. */
  async function pass(): Promise<PassResult> {
    const dropped: PassResult['dropped'] = [];
    for (const mediaId of pending.ids()) {
      const record = pending.get(mediaId); // read again: another tab (or a rotation) may have moved on
      if (!record) continue;
      try {
        await remote.set(mediaId, record);
        pending.remove(mediaId, record);
        emit({ type: 'sent', mediaId, record });
      } catch (error) {
        const storeError = asStoreError(error);
        const verdict = writeFailureAction(storeError);
        if (verdict.action === 'retry') return { failure: storeError, dropped };
        pending.remove(mediaId, record);
        if (verdict.action === 'superseded') {
          // Adopt the server's position, unless this browser queued a newer write meanwhile.
          if (storeError.current && !pending.get(mediaId)) await local.set(mediaId, storeError.current).catch(() => undefined);
          emit({ type: 'superseded', mediaId, record, current: storeError.current });
        } else {
          dropped.push({ mediaId, error: storeError });
          emit({ type: 'dropped', mediaId, record, error: storeError });
        }
      }
    }
    return { failure: null, dropped };
  }

  /** `task` under the queue's Web Lock when there is one; without the lock if it cannot be had. */
  function locked(task: () => Promise<PassResult>): Promise<PassResult> {
    if (!locks) return task();
    let started = false;
    const run = (): Promise<PassResult> => {
      started = true;
      return task();
    };
    try {
      return locks.request(`${pending.key}:send`, run).catch(() => (started ? NO_PASS : task()));
    } catch {
      return task();
    }
  }

  /** One pass; while one runs, one more after it (coalesced), unless a retry got scheduled meanwhile. */
  function runPass(): Promise<PassResult> {
    if (running) {
      rerun ??= running.then((last) => {
        rerun = null;
        return cancelRetry !== null || !isOnline() ? last : runPass();
      });
      return rerun;
    }
    const current = locked(pass).then((result) => {
      running = null;
      afterPass(result);
      return result;
    });
    running = current;
    return current;
  }

  function afterPass(result: PassResult): void {
    if (disposed) return;
    const error = result.failure;
    if (error === null) {
      attempt = 0;
      return;
    }
    attempt += 1;
    cancelRetry?.();
    cancelRetry = null;
    if (!isOnline()) {
      emit({ type: 'retry', attempt, delayMs: null, error });
      return;
    }
    const delayMs = retryDelayMs(attempt, error.retryAfterMs, policy, random);
    cancelRetry = scheduler.setTimeout(() => {
      cancelRetry = null;
      void runPass();
    }, delayMs);
    emit({ type: 'retry', attempt, delayMs, error });
  }

  /**
   * A pass now, unless offline or backing off (the scheduled retry carries the new write). Also
   * after `dispose`: the last save of an element being removed still goes out (once, no retries).
   */
  function kick(): Promise<PassResult> {
    if (cancelRetry !== null || !isOnline()) return Promise.resolve(NO_PASS);
    return runPass();
  }

  /** A pass now whatever the backoff: back online, token changed, asked to. */
  function sendNow(): Promise<PassResult> {
    attempt = 0;
    cancelRetry?.();
    cancelRetry = null;
    return runPass();
  }

  const unsubscribeOnline = (options.onOnline ?? defaultOnOnline)(() => void sendNow());
  const unsubscribeStorage = (options.onStorageChange ?? defaultOnStorageChange(queueStorage))((change) => {
    if (pending.noteStorageEvent(change.key, change.newValue)) void kick();
  });
  if (pending.size > 0) void kick();

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
          void kick();
        }
      } else if (remoteError === null && localRecord) {
        // The remote has never heard of it (or lost it): push ours.
        pending.put(mediaId, localRecord);
        void kick();
      }
      if (remoteError !== null) throw remoteError;
      if (localError !== null) throw localError;
    },
    async get(mediaId) {
      let last: ResumeRecord | null = null;
      for await (const reading of this.read(mediaId)) last = reading.record;
      return last;
    },
    /**
     * Writes locally, queues the write and sends the queue (unless offline or backing off). Rejects
     * when the local write failed, or when the remote refused this video's write for good in the
     * pass this call started (later refusals are `dropped` events). Failures worth retrying do not
     * reject: the write stays queued.
     */
    async set(mediaId, record) {
      let localError: unknown = null;
      await local.set(mediaId, record).catch((error: unknown) => (localError = error));
      pending.put(mediaId, record);
      const result = await kick();
      if (localError !== null) throw localError;
      const dropped = result.dropped.find((entry) => entry.mediaId === mediaId);
      if (dropped) throw dropped.error;
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
      // Stays queued: if the keepalive request is lost, another tab or the next page load sends it
      // (the server ignores it if a newer one arrived meanwhile).
      pending.put(mediaId, record);
      if (!isOnline()) return;
      if (remote.setBeforeUnload) remote.setBeforeUnload(mediaId, record);
      else void remote.set(mediaId, record).catch(() => undefined);
    },
    async flush() {
      await sendNow();
    },
    on: (type, listener) => addStoreListener(listeners, type, listener),
    dispose() {
      if (disposed) return;
      disposed = true;
      cancelRetry?.();
      cancelRetry = null;
      unsubscribeOnline();
      unsubscribeStorage();
    },
  };
}

function asStoreError(error: unknown): ResumeStoreError {
  if (error instanceof ResumeStoreError) return error;
  return new ResumeStoreError('NETWORK', error instanceof Error ? error.message : String(error), { store: 'remote', cause: error });
}

function defaultQueueStorage(): QueueStorage | null {
  try {
    return (globalThis as { localStorage?: QueueStorage }).localStorage ?? null;
  } catch {
    return null;
  }
}

interface WindowLike {
  addEventListener?(type: string, listener: (event: Event) => void): void;
  removeEventListener?(type: string, listener: (event: Event) => void): void;
  navigator?: { onLine?: boolean; locks?: LockManagerLike };
}

const globalWindow = globalThis as unknown as WindowLike;

function defaultIsOnline(): boolean {
  return globalWindow.navigator?.onLine !== false;
}

function defaultLocks(): LockManagerLike | null {
  try {
    return globalWindow.navigator?.locks ?? null;
  } catch {
    return null;
  }
}

function listen(type: string, listener: (event: Event) => void): () => void {
  if (typeof globalWindow.addEventListener !== 'function') return () => undefined;
  globalWindow.addEventListener(type, listener);
  return () => globalWindow.removeEventListener?.(type, listener);
}

function defaultOnOnline(listener: () => void): () => void {
  return listen('online', () => listener());
}

/** The window's `storage` events for `storage` (another tab changed it). */
function defaultOnStorageChange(storage: QueueStorage | null): (listener: (change: StorageChange) => void) => () => void {
  return (listener) => {
    if (storage === null) return () => undefined;
    return listen('storage', (event) => {
      const change = event as Event & Partial<StorageChange> & { storageArea?: unknown };
      if (change.storageArea !== storage) return;
      listener({ key: change.key ?? null, newValue: change.newValue ?? null });
    });
  };
}
