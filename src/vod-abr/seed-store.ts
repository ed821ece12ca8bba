/**
 * The previous session's bandwidth estimate, kept per origin host in localStorage so a returning
 * viewer starts at the right rung (the ABR core's `seedBandwidthBps`). Storage failures (private
 * mode, quota, no localStorage) mean "no seed", never an exception.
 */
import type { KeyValueStorage } from '../../contracts/key-value-storage.js';

/** Estimates older than this are not used: the viewer's network has likely changed. */
export const SEED_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

const KEY_PREFIX = 'vod-player:abr-seed:';

/** The subset of `Storage` the seed store uses. */
export type SeedStorage = Pick<KeyValueStorage, 'getItem' | 'setItem'>;

interface StoredSeed {
  bandwidthBps: number;
  savedAtMs: number;
}

function defaultStorage(): SeedStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // a sandboxed iframe throws on access
  }
}

/** The seed for `host`, bits/s, or null when none, expired or unreadable. */
export function readSeedBps(host: string, nowEpochMs = Date.now(), storage: SeedStorage | null = defaultStorage()): number | null {
  try {
    const raw = storage?.getItem(KEY_PREFIX + host);
    if (!raw) return null;
    const seed = JSON.parse(raw) as Partial<StoredSeed>;
    const { bandwidthBps, savedAtMs } = seed;
    if (typeof bandwidthBps !== 'number' || typeof savedAtMs !== 'number') return null;
    if (!(Number.isFinite(bandwidthBps) && bandwidthBps > 0) || nowEpochMs - savedAtMs > SEED_MAX_AGE_MS) return null;
    return bandwidthBps;
  } catch {
    return null;
  }
}

/** Stores `bandwidthBps` as `host`'s seed. Non-positive or non-finite estimates are not stored. Returns whether it was. */
export function writeSeedBps(host: string, bandwidthBps: number, nowEpochMs = Date.now(), storage: SeedStorage | null = defaultStorage()): boolean {
  if (!(Number.isFinite(bandwidthBps) && bandwidthBps > 0) || !storage) return false;
  try {
    const seed: StoredSeed = { bandwidthBps: Math.round(bandwidthBps), savedAtMs: nowEpochMs };
    storage.setItem(KEY_PREFIX + host, JSON.stringify(seed));
    return true;
  } catch {
    return false;
  }
}
