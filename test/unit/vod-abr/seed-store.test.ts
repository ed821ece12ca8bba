import { describe, expect, it } from 'vitest';
import { SEED_MAX_AGE_MS, readSeedBps, writeSeedBps, type SeedStorage } from '../../../src/vod-abr/seed-store.js';

function memoryStorage(): SeedStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (key) => data.get(key) ?? null, setItem: (key, value) => void data.set(key, value) };
}

describe('the bandwidth seed store', () => {
  it('gives back, per host, the estimate stored for it', () => {
    const storage = memoryStorage();
    expect(writeSeedBps('cdn.example:443', 4_200_000, 1_000, storage)).toBe(true);
    expect(readSeedBps('cdn.example:443', 2_000, storage)).toBe(4_200_000);
    expect(readSeedBps('other.example', 2_000, storage)).toBeNull();
  });

  it('forgets estimates older than a week', () => {
    const storage = memoryStorage();
    writeSeedBps('cdn.example', 3_000_000, 0, storage);
    expect(readSeedBps('cdn.example', SEED_MAX_AGE_MS, storage)).toBe(3_000_000);
    expect(readSeedBps('cdn.example', SEED_MAX_AGE_MS + 1, storage)).toBeNull();
  });

  it('never stores an estimate that says nothing (0, negative, NaN, Infinity)', () => {
    const storage = memoryStorage();
    for (const bps of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) expect(writeSeedBps('cdn.example', bps, 0, storage)).toBe(false);
    expect(storage.data.size).toBe(0);
  });

  it('treats garbage and throwing storage as no seed, without throwing', () => {
    const storage = memoryStorage();
    storage.data.set('vod-player:abr-seed:cdn.example', '{not json');
    expect(readSeedBps('cdn.example', 0, storage)).toBeNull();
    storage.data.set('vod-player:abr-seed:cdn.example', JSON.stringify({ bandwidthBps: 'fast', savedAtMs: 0 }));
    expect(readSeedBps('cdn.example', 0, storage)).toBeNull();
    const throwing: SeedStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(readSeedBps('cdn.example', 0, throwing)).toBeNull();
    expect(writeSeedBps('cdn.example', 1_000_000, 0, throwing)).toBe(false);
    expect(readSeedBps('cdn.example', 0, null)).toBeNull();
  });
});
