/**
 * The store `resume-url` + `resume-token` build: a synced store whose local records and queue are
 * scoped per remote URL and token (`vod-resume:<fnv(url, token)>:…`), so two viewers sharing a
 * browser never see each other's positions, and which follows the token as it changes.
 *
 * A token replaced by another token for the same URL on a live element is a ROTATION (the API's
 * auth token was renewed): the writes queued under the old token are moved to the new token's
 * queue and sent with the new token, instead of being stranded under a scope no token will use
 * again. Anything else starts a new scope and moves nothing: another URL, or a token that follows
 * `release()` (the element lost its token or URL in between: a viewer signing out, then another
 * signing in), since a token alone cannot tell a renewed viewer from a different one.
 *
 * Reads and writes always go to the current scope, so a session that began before the rotation
 * saves under the new token.
 */
import { fnv1a64Hex } from './media-id.js';
import { createLocalStore } from './local-store.js';
import { PendingWrites } from './pending-writes.js';
import { createRemoteStore } from './remote-store.js';
import {
  addStoreListener,
  createSyncedStore,
  type StoreListeners,
  type SyncedResumeStore,
  type SyncedStoreEvent,
  type SyncedStoreEventType,
  type SyncedStoreListener,
  type SyncedStoreOptions,
} from './synced-store.js';
import type { QueueStorage, ResumeRecord, Scheduler } from './types.js';

const EVENT_TYPES: readonly SyncedStoreEventType[] = ['sent', 'superseded', 'retry', 'dropped'];

export interface ScopedStoreOptions {
  /** Storage of the local records and the queue. Defaults to `localStorage`; `null`: memory only. */
  storage?: QueueStorage | null;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  scheduler?: Scheduler;
  /** Options for each scope's synced store (`onOnline`, `isOnline`, `locks`, `retry`, `random`, …). */
  synced?: Omit<SyncedStoreOptions, 'remote' | 'local' | 'queueStorage' | 'queueKey' | 'scheduler'>;
}

/** What `use` did: nothing, a first scope, a rotation (queue moved), or a new scope (queue left). */
export type ScopeChange = 'same' | 'created' | 'rotated' | 'switched';

/** A synced store that follows the URL and token it is `use`d with; reads and writes go to the current scope. */
export interface ScopedResumeStore extends SyncedResumeStore {
  /** Points the store at `url` with `token` (see the module comment for what counts as a rotation). */
  use(url: string, token: string): ScopeChange;
  /** The token or URL went away: the next token is not a rotation of the current one. */
  release(): void;
  /** The current scope's storage keys. */
  readonly scope: { localPrefix: string; queueKey: string } | null;
}

/** Where a viewer's records live: `vod-resume:<scope>:<mediaId>`, and the queue `vod-resume:<scope>:pending/<mediaId>`. PURE. */
export function resumeScope(url: string, token: string): { localPrefix: string; queueKey: string } {
  const scope = fnv1a64Hex(`${url}\n${token}`);
  return { localPrefix: `vod-resume:${scope}:`, queueKey: `vod-resume:${scope}:pending` };
}

interface Binding {
  url: string;
  token: string;
  scope: { localPrefix: string; queueKey: string };
  store: SyncedResumeStore;
  unsubscribe: () => void;
}

export function createScopedStore(options: ScopedStoreOptions = {}): ScopedResumeStore {
  const storage = options.storage === undefined ? defaultStorage() : options.storage;
  const listeners: StoreListeners = new Map();
  let current: Binding | null = null;
  let released = false;

  const bound = (): SyncedResumeStore => {
    if (!current) throw new Error('createScopedStore: use(url, token) first');
    return current.store;
  };

  function bind(url: string, token: string): Binding {
    const scope = resumeScope(url, token);
    const store = createSyncedStore({
      ...options.synced,
      remote: createRemoteStore({
        url,
        headers: token ? { Authorization: `Bearer ${token}` } : {},
        fetch: options.fetch,
        scheduler: options.scheduler,
      }),
      local: createLocalStore({ keyPrefix: scope.localPrefix, ...(storage ? { storage } : {}) }),
      queueStorage: storage,
      queueKey: scope.queueKey,
      scheduler: options.scheduler,
    });
    const forward = (event: SyncedStoreEvent): void => {
      for (const listener of [...(listeners.get(event.type) ?? [])]) listener(event);
    };
    const unsubscribes = EVENT_TYPES.map((type) => store.on(type, forward));
    return { url, token, scope, store, unsubscribe: () => unsubscribes.forEach((off) => off()) };
  }

  return {
    source: 'remote',
    get scope() {
      return current?.scope ?? null;
    },
    use(url, token) {
      if (current && current.url === url && current.token === token) {
        released = false;
        return 'same';
      }
      const previous = current;
      const rotation = previous !== null && !released && previous.url === url && previous.token !== '' && token !== '';
      released = false;
      if (previous) {
        previous.unsubscribe();
        previous.store.dispose();
      }
      if (rotation) {
        // Before the new scope's store exists: it sends what it finds queued, with the new token.
        // (A queue held in memory because storage failed stays with the old store.)
        new PendingWrites(storage, previous.scope.queueKey).moveTo(new PendingWrites(storage, resumeScope(url, token).queueKey));
      }
      current = bind(url, token);
      if (rotation) return 'rotated';
      return previous ? 'switched' : 'created';
    },
    release() {
      released = true;
    },
    get pendingCount() {
      return current?.store.pendingCount ?? 0;
    },
    read: (mediaId) => bound().read(mediaId),
    get: (mediaId) => bound().get(mediaId),
    set: (mediaId, record) => bound().set(mediaId, record),
    clear: (mediaId) => bound().clear(mediaId),
    setBeforeUnload(mediaId: string, record: ResumeRecord) {
      current?.store.setBeforeUnload(mediaId, record);
    },
    flush: () => current?.store.flush() ?? Promise.resolve(),
    on: <T extends SyncedStoreEventType>(type: T, listener: SyncedStoreListener<T>) => addStoreListener(listeners, type, listener),
    dispose() {
      current?.unsubscribe();
      current?.store.dispose();
      current = null;
    },
  };
}

function defaultStorage(): QueueStorage | null {
  try {
    return (globalThis as { localStorage?: QueueStorage }).localStorage ?? null;
  } catch {
    return null;
  }
}
