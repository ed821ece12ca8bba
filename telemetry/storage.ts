import type { KeyValueStorage } from '../contracts/key-value-storage.js';
import type { TelemetryBeacon } from './types.js';

/**
 * Where undelivered beacons wait: survives a reload, a crash or a closed tab.
 *
 * Layout (in `localStorage`, or any KeyValueStorage), one set of keys per pipeline instance (a
 * player's telemetry in one page; ids are fresh UUIDs, so two tabs never share a key and no tab
 * ever writes another's):
 *
 * | key | value |
 * |---|---|
 * | `vod-telemetry:v1:<channel>:<instance>` | the queue: `{ savedAtMs, beacons, serverErrors, dropped, quarantined }` |
 * | `vod-telemetry:v1:<channel>:<instance>:end` | `{ savedAtMs, beacons: [session_end] }`: what to send if the page dies without `pagehide` |
 * | `vod-telemetry:v1-owner:<instance>` | `{ aliveAtMs, locked }`: the instance's liveness record (see liveness.ts) |
 *
 * `channel` names the destination (the endpoint, URI-encoded, or `custom` for the embedder's
 * transport), so beacons are only ever sent to where they were meant to go. Keys of an instance
 * whose page is gone are taken over whole by a later page (`takeOwner`), never while it lives.
 */
export interface QueueStore {
  /** Replaces this store's queue. Never throws (a full storage keeps the previous copy). */
  save(queue: StoredQueue): void;
  /** Keeps (or, with null, forgets) the session_end to send if this page dies without `pagehide`. */
  saveEnd(beacon: TelemetryBeacon | null): void;
}

/** A queue as kept in storage: its beacons and the counts that travel with them. */
export interface StoredQueue {
  /** Oldest first. */
  beacons: TelemetryBeacon[];
  /** Per event id: 5xx answers counted against the beacon (see delivery.ts). */
  serverErrors: Record<string, number>;
  /** Per session id: beacons dropped and not yet counted in a beacon of that session (`droppedCount`). */
  dropped: Record<string, number>;
  /** Per session id: beacons quarantined so far (written into that session's `session_end`). */
  quarantined: Record<string, number>;
}

export const EMPTY_QUEUE: StoredQueue = Object.freeze({ beacons: [], serverErrors: {}, dropped: {}, quarantined: {} }) as StoredQueue;

export const KEY_PREFIX = 'vod-telemetry:v1:';
const OWNER_PREFIX = 'vod-telemetry:v1-owner:';
const END_SUFFIX = ':end';

export function queueKey(channel: string, instanceId: string): string {
  return `${KEY_PREFIX}${channel}:${instanceId}`;
}

export function ownerKey(instanceId: string): string {
  return `${OWNER_PREFIX}${instanceId}`;
}

/** The store of one instance for one channel. */
export function createStorageQueueStore(storage: KeyValueStorage, channel: string, instanceId: string, epochMs: () => number = Date.now): QueueStore {
  const key = queueKey(channel, instanceId);
  return {
    save(queue) {
      if (isEmptyQueue(queue)) safely(() => storage.removeItem(key));
      else safely(() => storage.setItem(key, JSON.stringify({ savedAtMs: epochMs(), ...queue })));
    },
    saveEnd(beacon) {
      const endKey = `${key}${END_SUFFIX}`;
      if (beacon === null) safely(() => storage.removeItem(endKey));
      else safely(() => storage.setItem(endKey, JSON.stringify({ savedAtMs: epochMs(), beacons: [beacon] })));
    },
  };
}

/** Nothing to keep: no beacon, and no count owed to a session. */
export function isEmptyQueue(queue: StoredQueue): boolean {
  return queue.beacons.length === 0 && Object.keys(queue.dropped).length === 0 && Object.keys(queue.quarantined).length === 0;
}

/** A store that keeps nothing (persistence off). */
export const NO_STORE: QueueStore = { save: () => undefined, saveEnd: () => undefined };

/** What another instance left in storage. */
export interface OwnerEntries {
  owner: string;
  /** Its liveness record, or null (none, or written by an older version). */
  record: OwnerRecord | null;
  /** Latest `savedAtMs` of its queues and provisional ends (0 when unknown). */
  lastSavedAtMs: number;
  /** Channels it has keys in. */
  channels: string[];
}

/** An instance's liveness record: written when it starts, renewed while it lives, removed when it retires. */
export interface OwnerRecord {
  /** Last renewal, ms since the epoch. */
  aliveAtMs: number;
  /** True once the instance holds its Web Lock: then the lock, not the time, says whether it lives. */
  locked: boolean;
  /** Set when its page was hidden for good or put in the back/forward cache (`pagehide`): it is gone, or will send again itself. */
  leftAtMs?: number;
}

export function writeOwnerRecord(storage: KeyValueStorage, instanceId: string, record: OwnerRecord): void {
  safely(() => storage.setItem(ownerKey(instanceId), JSON.stringify(record)));
}

export function removeOwnerRecord(storage: KeyValueStorage, instanceId: string): void {
  safely(() => storage.removeItem(ownerKey(instanceId)));
}

/** Every other instance with keys in storage (queues, provisional ends, or only a liveness record). */
export function listOwners(storage: KeyValueStorage, exceptInstanceId: string): OwnerEntries[] {
  const owners = new Map<string, OwnerEntries>();
  const entry = (owner: string): OwnerEntries => {
    let found = owners.get(owner);
    if (!found) {
      found = { owner, record: null, lastSavedAtMs: 0, channels: [] };
      owners.set(owner, found);
    }
    return found;
  };
  for (const key of keysOf(storage)) {
    if (key.startsWith(OWNER_PREFIX)) {
      const owner = key.slice(OWNER_PREFIX.length);
      if (owner !== exceptInstanceId) entry(owner).record = readOwnerRecord(storage, key);
      continue;
    }
    const parsed = parseQueueKey(key);
    if (!parsed || parsed.owner === exceptInstanceId) continue;
    const found = entry(parsed.owner);
    if (!found.channels.includes(parsed.channel)) found.channels.push(parsed.channel);
    found.lastSavedAtMs = Math.max(found.lastSavedAtMs, readEntry(storage, key).savedAtMs);
  }
  return [...owners.values()];
}

/**
 * Takes (reads and removes) what `owner` left in the channels `canTake` accepts: per channel, its
 * queue with its provisional session_end last. Keys of other channels stay for a page that can
 * deliver them; the liveness record goes once no key of the owner is left.
 */
export function takeOwner(storage: KeyValueStorage, owner: string, canTake: (channel: string) => boolean): Map<string, StoredQueue> {
  const queues = new Map<string, StoredQueue>();
  const ends = new Map<string, TelemetryBeacon[]>();
  let left = 0;
  for (const key of keysOf(storage)) {
    const parsed = parseQueueKey(key);
    if (!parsed || parsed.owner !== owner) continue;
    if (!canTake(parsed.channel)) {
      left += 1;
      continue;
    }
    const { queue } = readEntry(storage, key);
    safely(() => storage.removeItem(key));
    if (parsed.isEnd) ends.set(parsed.channel, [...(ends.get(parsed.channel) ?? []), ...queue.beacons]);
    else queues.set(parsed.channel, queue);
  }
  if (left === 0) removeOwnerRecord(storage, owner);
  const taken = new Map<string, StoredQueue>();
  for (const channel of new Set([...queues.keys(), ...ends.keys()])) {
    const queue = queues.get(channel) ?? EMPTY_QUEUE;
    taken.set(channel, { ...queue, beacons: [...queue.beacons, ...(ends.get(channel) ?? [])] });
  }
  return taken;
}

function keysOf(storage: KeyValueStorage): string[] {
  const keys: string[] = [];
  try {
    for (let i = 0; i < storage.length; i += 1) {
      const key = storage.key(i);
      if (key !== null) keys.push(key);
    }
  } catch {
    // storage disabled: nothing to adopt
  }
  return keys;
}

/** `vod-telemetry:v1:<channel>:<owner>[:end]` → its parts; null for other keys. */
export function parseQueueKey(key: string): { channel: string; owner: string; isEnd: boolean } | null {
  if (!key.startsWith(KEY_PREFIX)) return null;
  let rest = key.slice(KEY_PREFIX.length);
  const isEnd = rest.endsWith(END_SUFFIX);
  if (isEnd) rest = rest.slice(0, -END_SUFFIX.length);
  const colon = rest.lastIndexOf(':');
  if (colon <= 0 || colon === rest.length - 1) return null;
  return { channel: rest.slice(0, colon), owner: rest.slice(colon + 1), isEnd };
}

function readOwnerRecord(storage: KeyValueStorage, key: string): OwnerRecord | null {
  try {
    const parsed = JSON.parse(storage.getItem(key) ?? 'null') as { aliveAtMs?: unknown; locked?: unknown; leftAtMs?: unknown } | null;
    if (typeof parsed?.aliveAtMs !== 'number') return null;
    return { aliveAtMs: parsed.aliveAtMs, locked: parsed.locked === true, ...(typeof parsed.leftAtMs === 'number' ? { leftAtMs: parsed.leftAtMs } : {}) };
  } catch {
    return null;
  }
}

/** A stored entry, leniently: older versions kept only `{ savedAtMs, beacons }`. */
function readEntry(storage: KeyValueStorage, key: string): { savedAtMs: number; queue: StoredQueue } {
  try {
    const parsed = JSON.parse(storage.getItem(key) ?? 'null') as Partial<Record<keyof StoredQueue | 'savedAtMs', unknown>> | null;
    return {
      savedAtMs: typeof parsed?.savedAtMs === 'number' ? parsed.savedAtMs : 0,
      queue: {
        beacons: Array.isArray(parsed?.beacons) ? (parsed.beacons.filter(isBeaconLike) as TelemetryBeacon[]) : [],
        serverErrors: counts(parsed?.serverErrors),
        dropped: counts(parsed?.dropped),
        quarantined: counts(parsed?.quarantined),
      },
    };
  } catch {
    return { savedAtMs: 0, queue: { beacons: [], serverErrors: {}, dropped: {}, quarantined: {} } };
  }
}

function counts(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [key, n] of Object.entries(value)) if (typeof n === 'number' && Number.isInteger(n) && n > 0) out[key] = n;
  return out;
}

function isBeaconLike(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { eventId?: unknown }).eventId === 'string' &&
    typeof (value as { sessionId?: unknown }).sessionId === 'string'
  );
}

function safely(action: () => void): void {
  try {
    action();
  } catch {
    // Quota exceeded or storage disabled: the in-memory queue still delivers while the page lives.
  }
}
