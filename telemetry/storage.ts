import type { KeyValueStorage } from '../contracts/key-value-storage.js';
import type { TelemetryBeacon } from './types.js';

/** Where undelivered beacons wait: survives a reload, a crash or a closed tab. */
export interface QueueStore {
  /** This store's beacons plus those left by pages that are gone (which this store now owns). */
  load(): TelemetryBeacon[];
  /** Replaces this store's beacons. Never throws (a full storage keeps the previous copy). */
  save(beacons: readonly TelemetryBeacon[]): void;
  /** Keeps (or, with null, forgets) the session_end to send if this page dies without `pagehide`. */
  saveEnd(beacon: TelemetryBeacon | null): void;
  /**
   * Queues and provisional session_ends of other pages that have not been saved for `staleMs`
   * (their page is gone), now owned by this store.
   */
  adoptStale(staleMs: number): TelemetryBeacon[];
}

const PREFIX = 'vod-telemetry:v1:';
const END_SUFFIX = ':end';

/** Instances alive in this page, so players on one page never take each other's queues. */
const liveInstances = new Set<string>();

/**
 * A queue store in `localStorage` (or any KeyValueStorage): one key per player instance,
 * `vod-telemetry:v1:<channel>:<instance>`, where `channel` names the destination (the endpoint),
 * so beacons are only ever replayed to where they were meant to go, plus `…:<instance>:end` with
 * the provisional session_end. `load()` adopts every queue of the channel left by other pages (a
 * page still open in another tab may then send some beacons twice: the collector drops the copy
 * by event id); provisional session_ends are only adopted once stale (`adoptStale`), so that an
 * open tab's session is not ended for it.
 */
export function createStorageQueueStore(storage: KeyValueStorage, channel: string, instanceId: string, epochMs: () => number = Date.now): QueueStore {
  const ownKey = `${PREFIX}${channel}:${instanceId}`;
  const channelPrefix = `${PREFIX}${channel}:`;
  liveInstances.add(instanceId);

  /** Other instances' keys: [key, isEnd], skipping instances alive in this page. */
  const otherKeys = (): Array<[string, boolean]> => {
    const keys: Array<[string, boolean]> = [];
    for (let i = 0; i < storage.length; i += 1) {
      const key = storage.key(i);
      if (key === null || !key.startsWith(channelPrefix)) continue;
      const rest = key.slice(channelPrefix.length);
      const isEnd = rest.endsWith(END_SUFFIX);
      const owner = isEnd ? rest.slice(0, -END_SUFFIX.length) : rest;
      if (owner === instanceId || liveInstances.has(owner)) continue;
      keys.push([key, isEnd]);
    }
    return keys;
  };
  const take = (keys: string[]): TelemetryBeacon[] => {
    const beacons = keys.flatMap((key) => readEntry(storage, key).beacons);
    for (const key of keys) safely(() => storage.removeItem(key));
    return beacons;
  };

  const store: QueueStore = {
    load() {
      const own = readEntry(storage, ownKey).beacons;
      const adopted = otherKeys()
        .filter(([, isEnd]) => !isEnd)
        .map(([key]) => key);
      const unique = dedupe([...own, ...take(adopted)]);
      store.save(unique);
      return unique;
    },
    save(beacons) {
      if (beacons.length === 0) safely(() => storage.removeItem(ownKey));
      else safely(() => storage.setItem(ownKey, JSON.stringify({ savedAtMs: epochMs(), beacons })));
    },
    saveEnd(beacon) {
      const key = `${ownKey}${END_SUFFIX}`;
      if (beacon === null) safely(() => storage.removeItem(key));
      else safely(() => storage.setItem(key, JSON.stringify({ savedAtMs: epochMs(), beacons: [beacon] })));
    },
    adoptStale(staleMs) {
      const now = epochMs();
      const stale = otherKeys()
        .filter(([key]) => now - readEntry(storage, key).savedAtMs >= staleMs)
        .map(([key]) => key);
      return take(stale);
    },
  };
  return store;
}

/** Forgets that `instanceId` is alive in this page (its keys may then be adopted by the next page). */
export function releaseInstance(instanceId: string): void {
  liveInstances.delete(instanceId);
}

function readEntry(storage: KeyValueStorage, key: string): { savedAtMs: number; beacons: TelemetryBeacon[] } {
  try {
    const parsed = JSON.parse(storage.getItem(key) ?? 'null') as { savedAtMs?: unknown; beacons?: unknown } | null;
    return {
      savedAtMs: typeof parsed?.savedAtMs === 'number' ? parsed.savedAtMs : 0,
      beacons: Array.isArray(parsed?.beacons) ? (parsed.beacons.filter(isBeaconLike) as TelemetryBeacon[]) : [],
    };
  } catch {
    return { savedAtMs: 0, beacons: [] };
  }
}

function isBeaconLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { eventId?: unknown }).eventId === 'string';
}

function dedupe(beacons: TelemetryBeacon[]): TelemetryBeacon[] {
  const seen = new Set<string>();
  return beacons.filter((beacon) => !seen.has(beacon.eventId) && seen.add(beacon.eventId));
}

function safely(action: () => void): void {
  try {
    action();
  } catch {
    // Quota exceeded or storage disabled: the in-memory queue still delivers while the page lives.
  }
}

/** A store that keeps nothing (persistence off). */
export const NO_STORE: QueueStore = { load: () => [], save: () => undefined, saveEnd: () => undefined, adoptStale: () => [] };
