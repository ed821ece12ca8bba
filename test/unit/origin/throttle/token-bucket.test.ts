import { describe, expect, it } from 'vitest';
import type { LinkProfile } from '../../../../origin/throttle/profile.js';
import { BURST_WINDOW_SEC, capacityBits, createBucket, MIN_BURST_BITS, msUntil, refill, take } from '../../../../origin/throttle/token-bucket.js';
import { bitsBetween, createTrace } from '../../../../origin/throttle/trace.js';

const fixed = (kbps: number): LinkProfile => ({ rate: { kind: 'fixed', kbps }, rttMs: 0, jitterMs: 0 });
// 1 s at 8000 kbps, 2 s outage, 1 s at 2000 kbps.
const trace = createTrace('t', [
  [1, 8000],
  [2, 0],
  [1, 2000],
]);
const loop: LinkProfile = { rate: { kind: 'trace', trace, mode: 'loop' }, rttMs: 0, jitterMs: 0 };
const hold: LinkProfile = { rate: { kind: 'trace', trace, mode: 'hold' }, rttMs: 0, jitterMs: 0 };

describe('capacityBits', () => {
  it('is 16 KiB on slow links and 50 ms of the rate on fast ones', () => {
    expect(capacityBits(0)).toBe(MIN_BURST_BITS);
    expect(capacityBits(1_000_000)).toBe(MIN_BURST_BITS);
    expect(capacityBits(20_000_000)).toBe(20_000_000 * BURST_WINDOW_SEC);
  });
});

describe('refill', () => {
  it('adds rate × elapsed time for a fixed rate', () => {
    const state = refill(createBucket(1000), 1010, fixed(4000));
    expect(state).toEqual({ tokensBits: 40_000, lastMs: 1010, startMs: 1000 });
  });

  it('adds exactly the trace integral since the last refill, in trace time', () => {
    let state = createBucket(5000);
    state = refill(state, 5990, loop);
    state = take(state, state.tokensBits);
    state = refill(state, 6010, loop);
    expect(state.tokensBits).toBeCloseTo(bitsBetween(trace, 0.99, 1.01, 'loop'), 6);
    expect(state.tokensBits).toBeCloseTo(80_000, 6);
  });

  it('caps the tokens at the burst size', () => {
    const state = refill(createBucket(0), 10_000, fixed(2000));
    expect(state.tokensBits).toBe(MIN_BURST_BITS);
    const fast = refill(createBucket(0), 10_000, fixed(40_000));
    expect(fast.tokensBits).toBe(2_000_000);
  });

  it('keeps up to one second owed to a backlogged link', () => {
    expect(refill(createBucket(0), 400, fixed(2000), true).tokensBits).toBe(800_000);
    expect(refill(createBucket(0), 10_000, fixed(2000), true).tokensBits).toBe(2_000_000);
    // A backlogged link heading into an outage still keeps what it was owed before it.
    expect(refill({ tokensBits: 0, lastMs: 500, startMs: 0 }, 1500, loop, true).tokensBits).toBe(4_000_000);
  });

  it('adds nothing during an outage', () => {
    const state = refill({ tokensBits: 0, lastMs: 1200, startMs: 0 }, 2800, loop);
    expect(state.tokensBits).toBe(0);
  });

  it('ignores a clock that went backwards', () => {
    const state = { tokensBits: 5, lastMs: 100, startMs: 0 };
    expect(refill(state, 50, fixed(1000))).toBe(state);
  });

  it('fills an unlimited bucket without bound', () => {
    expect(refill(createBucket(0), 1, { rate: { kind: 'unlimited' } }).tokensBits).toBe(Infinity);
  });
});

describe('take', () => {
  it('removes the bits taken', () => {
    expect(take({ tokensBits: 100, lastMs: 1, startMs: 0 }, 40)).toEqual({ tokensBits: 60, lastMs: 1, startMs: 0 });
  });

  it('refuses to take more than the bucket holds', () => {
    expect(() => take({ tokensBits: 10, lastMs: 0, startMs: 0 }, 11)).toThrow(RangeError);
    expect(() => take({ tokensBits: 10, lastMs: 0, startMs: 0 }, -1)).toThrow(RangeError);
  });
});

describe('msUntil', () => {
  it('is 0 when the bits are already there', () => {
    expect(msUntil({ tokensBits: 800, lastMs: 0, startMs: 0 }, 800, fixed(1), 0)).toBe(0);
  });

  it('is the missing bits over the rate for a fixed rate', () => {
    expect(msUntil({ tokensBits: 1000, lastMs: 0, startMs: 0 }, 9000, fixed(800), 0)).toBeCloseTo(10, 9);
  });

  it('waits for the next non-zero step during an outage', () => {
    // At t = 1.5 s the outage lasts until 3 s; 2000 bits at 2000 kbps take 1 ms more.
    const state = { tokensBits: 0, lastMs: 1500, startMs: 0 };
    expect(msUntil(state, 2000, loop, 1500)).toBeCloseTo(1501, 6);
  });

  it('is Infinity during an outage that a hold trace never leaves', () => {
    const endsDown = createTrace('ends-down', [[1, 1000], [1, 0]]);
    const profile: LinkProfile = { rate: { kind: 'trace', trace: endsDown, mode: 'hold' }, rttMs: 0, jitterMs: 0 };
    expect(msUntil({ tokensBits: 0, lastMs: 1500, startMs: 0 }, 8, profile, 1500)).toBe(Infinity);
    expect(msUntil({ tokensBits: 0, lastMs: 0, startMs: 0 }, 8, fixed(0), 0)).toBe(Infinity);
  });

  it('counts from the later of the last refill and now', () => {
    const state = { tokensBits: 0, lastMs: 0, startMs: 0 };
    // The hold trace runs at 2000 kbps forever after 4 s.
    expect(msUntil(state, 2000, hold, 10_000)).toBeCloseTo(1, 6);
  });
});
