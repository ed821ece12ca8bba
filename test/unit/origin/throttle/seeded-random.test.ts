import { describe, expect, it } from 'vitest';
import { mulberry32, seedFromText } from '../../../../origin/throttle/seeded-random.js';

const take = (random: () => number, count: number): number[] => Array.from({ length: count }, () => random());

describe('mulberry32', () => {
  it('repeats its sequence for the same seed', () => {
    expect(take(mulberry32(42), 20)).toEqual(take(mulberry32(42), 20));
  });

  it('gives another sequence for another seed', () => {
    expect(take(mulberry32(42), 5)).not.toEqual(take(mulberry32(43), 5));
  });

  it('stays in [0, 1) and spreads evenly over it', () => {
    const values = take(mulberry32(7), 10_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const tenths = Array.from({ length: 10 }, (_, i) => values.filter((v) => Math.floor(v * 10) === i).length);
    for (const count of tenths) expect(count).toBeGreaterThan(900);
  });
});

describe('seedFromText', () => {
  it('is a stable 32-bit seed that differs between names', () => {
    expect(seedFromText('slow-3g')).toBe(seedFromText('slow-3g'));
    expect(seedFromText('slow-3g')).not.toBe(seedFromText('fast-3g'));
    expect(Number.isInteger(seedFromText('cable'))).toBe(true);
    expect(seedFromText('cable')).toBeGreaterThanOrEqual(0);
    expect(seedFromText('cable')).toBeLessThan(2 ** 32);
  });
});
