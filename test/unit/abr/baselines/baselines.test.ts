import { describe, expect, it } from 'vitest';
import { bba0Policy, rateBasedPolicy, type PlayerSnapshot } from '../../../../abr/index.js';
import { RUNGS } from '../fixtures.js';

const snapshot = (bufferSec: number, lastRung: number | null): PlayerSnapshot => ({ nowMs: 0, bufferSec, rungs: RUNGS, nextSegment: { index: 0, durationSec: 2 }, lastRung });

describe('rate-based baseline', () => {
  it('starts at the lowest rung, then picks the highest under 0.9 × the harmonic mean of 5 requests', () => {
    const policy = rateBasedPolicy();
    expect(policy.decide(snapshot(0, null)).rung).toBe(0);
    // Harmonic mean of 2 and 8 Mbps = 3.2 Mbps; × 0.9 = 2.88 → 720p (2.63).
    policy.onDownloaded?.({ bytes: 250_000, durationMs: 1_000, nowMs: 1_000 });
    policy.onDownloaded?.({ bytes: 1_000_000, durationMs: 1_000, nowMs: 2_000 });
    expect(policy.decide(snapshot(4, 0)).rung).toBe(3);
  });

  it('forgets requests older than its window and ignores abandoned ones', () => {
    // Only the last completed request counts: 1 Mbps × 0.9 → 360p (0.83 Mbps).
    const policy = rateBasedPolicy({ window: 1 });
    policy.onDownloaded?.({ bytes: 2_500_000, durationMs: 1_000, nowMs: 1_000 });
    policy.onDownloaded?.({ bytes: 125_000, durationMs: 1_000, nowMs: 2_000 });
    policy.onDownloaded?.({ bytes: 10, durationMs: 3_000, nowMs: 5_000, aborted: true });
    expect(policy.decide(snapshot(4, 0)).rung).toBe(1);
  });
});

describe('BBA-0 baseline', () => {
  it('takes the lowest rung in the reservoir and the top above the cushion', () => {
    const policy = bba0Policy();
    expect(policy.decide(snapshot(4, 3)).rung).toBe(0);
    expect(policy.decide(snapshot(26, 1)).rung).toBe(4);
  });

  it('keeps the previous rung while the rate map stays between its neighbours', () => {
    // reservoir 5, cushion 20: f(15 s) = 0.428 + 4.2 × 0.5 = 2.53 Mbps, between 480p and 720p.
    const policy = bba0Policy();
    expect(policy.decide(snapshot(15, 2)).rung).toBe(2);
    expect(policy.decide(snapshot(15, 3)).rung).toBe(3);
  });

  it('moves to the highest rung under the map when it passes the next rung up', () => {
    // f(20 s) = 3.58 Mbps ≥ 720p: up to 720p, the highest rung under f.
    expect(bba0Policy().decide(snapshot(20, 1)).rung).toBe(3);
  });
});
