import { describe, expect, it } from 'vitest';
import { backoffDelayMs, retryDelayMs } from '../../../telemetry/backoff.js';

const POLICY = { firstDelayMs: 1_000, maxDelayMs: 30_000, jitter: 0.2 };
const middle = (): number => 0.5;

describe('backoff', () => {
  it('doubles from firstDelayMs and stops at maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((attempt) => backoffDelayMs(attempt, POLICY, middle))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('spreads each delay by ±jitter with the injected random', () => {
    expect(backoffDelayMs(3, POLICY, () => 0)).toBe(3_200);
    expect(backoffDelayMs(3, POLICY, () => 0.999_999)).toBe(4_800);
    expect(backoffDelayMs(10, POLICY, () => 0.999_999)).toBe(36_000); // the cap, spread too: clients never retry in step
  });

  it('waits for a Retry-After when it is longer, never past maxDelayMs', () => {
    expect(retryDelayMs(1, POLICY, middle, 5_000)).toBe(5_000);
    expect(retryDelayMs(4, POLICY, middle, 5_000)).toBe(8_000);
    expect(retryDelayMs(1, POLICY, middle, 3_600_000)).toBe(30_000);
    expect(retryDelayMs(1, POLICY, middle)).toBe(1_000);
  });
});
