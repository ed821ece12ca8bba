import { describe, expect, it } from 'vitest';
import {
  addSample,
  createEstimator,
  decide,
  DEFAULT_ABR_CONFIG,
  estimateBps,
  expectedTtfbMs,
  judgeSample,
  resolveAbrConfig,
  type EstimatorState,
  variabilityOf,
  type ThroughputSample,
} from '../../../abr/index.js';
import { makeInput } from './fixtures.js';

/** A sample of `mbps` lasting `seconds` of transfer (no latency). */
function sampleAt(mbps: number, seconds = 1, nowMs = 0): ThroughputSample {
  return { bytes: (mbps * 1e6 * seconds) / 8, durationMs: seconds * 1000, ttfbMs: 0, nowMs };
}

function feed(state: EstimatorState, samples: ThroughputSample[]): EstimatorState {
  return samples.reduce((acc, sample) => addSample(acc, sample), state);
}

describe('estimator', () => {
  it('starts from the default estimate without seed or samples', () => {
    expect(estimateBps(createEstimator())).toBe(DEFAULT_ABR_CONFIG.estimator.defaultBandwidthBps);
  });

  it('uses the previous session seed until a sample is accepted, then the samples', () => {
    const seeded = createEstimator(3_000_000);
    expect(estimateBps(seeded)).toBe(3_000_000);
    expect(estimateBps(addSample(seeded, sampleAt(2)))).toBeCloseTo(2_000_000, -3);
  });

  it('ignores a seed that is not a positive number', () => {
    expect(createEstimator(0).seedBandwidthBps).toBeNull();
    expect(createEstimator(Number.NaN).seedBandwidthBps).toBeNull();
  });

  it('drops within a couple of seconds and rises slowly', () => {
    const high = feed(createEstimator(), Array.from({ length: 10 }, () => sampleAt(4)));
    const dropped = feed(high, [sampleAt(1), sampleAt(1)]);
    expect(estimateBps(dropped)).toBeLessThan(2_600_000);

    const low = feed(createEstimator(), Array.from({ length: 10 }, () => sampleAt(1)));
    const risen = feed(low, [sampleAt(4), sampleAt(4)]);
    expect(estimateBps(risen)).toBeLessThan(1_800_000);
    // The same 2 s of evidence moves the estimate down about twice as far as up.
    expect(4_000_000 - estimateBps(dropped)).toBeGreaterThan(2 * (estimateBps(risen) - 1_000_000));
  });

  it('lets quick small segments raise the estimate after the link improves', () => {
    // 0.1 s transfers at 8 Mbps after a long stretch at 0.5 Mbps: each counts at least 1 s.
    const low = feed(createEstimator(), Array.from({ length: 10 }, () => sampleAt(0.5, 2)));
    const fast = Array.from({ length: 8 }, () => sampleAt(8, 0.1));
    const floored = feed(low, fast);
    const unfloored = fast.reduce((acc, sample) => addSample(acc, sample, resolveAbrConfig({ estimator: { minSampleWeightSec: 0 } }).estimator), low);
    expect(estimateBps(floored)).toBeGreaterThan(2_500_000);
    expect(estimateBps(unfloored)).toBeLessThan(1_500_000);
  });

  it('ignores cache hits', () => {
    const state = feed(createEstimator(), [sampleAt(2)]);
    const next = addSample(state, { ...sampleAt(400), fromCache: true });
    expect(next.lastVerdict).toBe('cache-hit');
    expect(estimateBps(next)).toBe(estimateBps(state));
  });

  it('takes a transfer too fast for any access link (over 2 Gbps) of unknown origin for a cache hit', () => {
    expect(judgeSample({ bytes: 1_000_000, durationMs: 3, ttfbMs: 0, nowMs: 0 })).toBe('cache-hit');
    expect(judgeSample({ bytes: 1_000_000, durationMs: 40, ttfbMs: 38, nowMs: 0 })).toBe('cache-hit');
  });

  it('measures a fast link: a 100 kB segment in 8 ms is 100 Mbps, not a cache hit', () => {
    const sample = { bytes: 100_000, durationMs: 48, ttfbMs: 40, nowMs: 0 };
    expect(judgeSample(sample)).toBe('accepted');
    expect(estimateBps(addSample(createEstimator(), sample))).toBeCloseTo(100_000_000, -3);
  });

  it('keeps any sample Resource Timing saw cross the network, however fast', () => {
    expect(judgeSample({ bytes: 1_000_000, durationMs: 1, ttfbMs: 1, nowMs: 0, fromCache: false })).toBe('accepted');
    expect(judgeSample({ bytes: 1_000_000, durationMs: 900, nowMs: 0, fromCache: true })).toBe('cache-hit');
  });

  it('learns how variable the link is: 0 on a steady link, high when samples swing', () => {
    let steady = createEstimator();
    let swinging = createEstimator();
    for (let i = 0; i < 12; i++) {
      steady = addSample(steady, { bytes: 250_000, durationMs: 1000, ttfbMs: 0, nowMs: i * 2000 });
      const kbps = i % 2 === 0 ? 4000 : 500;
      swinging = addSample(swinging, { bytes: (kbps * 1000) / 8, durationMs: 1000, ttfbMs: 0, nowMs: i * 2000 });
    }
    expect(variabilityOf(steady)).toBeLessThan(0.01);
    expect(variabilityOf(swinging)).toBeGreaterThan(0.5);
  });

  it('remembers the longest transfer (a fade) and forgets it with its half-life', () => {
    let state = addSample(createEstimator(), { bytes: 100_000, durationMs: 14_000, ttfbMs: 0, nowMs: 14_000 });
    expect(state.longestTransferMs).toBe(14_000);
    // 120 s later (the default half-life), a 1 s request: the fade's memory has halved to 7 s.
    state = addSample(state, { bytes: 100_000, durationMs: 1_000, ttfbMs: 0, nowMs: 134_000 });
    expect(state.longestTransferMs).toBeCloseTo(7_000, 0);
  });

  it('ignores tiny responses and init segments', () => {
    expect(judgeSample({ bytes: 5_000, durationMs: 100, nowMs: 0 })).toBe('too-small');
    expect(judgeSample({ bytes: 800_000, durationMs: 100, nowMs: 0, kind: 'init' })).toBe('init-segment');
  });

  it('rejects malformed samples', () => {
    expect(judgeSample({ bytes: Number.NaN, durationMs: 100, nowMs: 0 })).toBe('invalid');
    expect(judgeSample({ bytes: 100_000, durationMs: -1, nowMs: 0 })).toBe('invalid');
  });

  it('measures throughput after the first byte and tracks the latency apart', () => {
    const state = addSample(createEstimator(), { bytes: 250_000, durationMs: 1_100, ttfbMs: 100, nowMs: 0 });
    expect(estimateBps(state)).toBeCloseTo(2_000_000, -3);
    expect(expectedTtfbMs(state)).toBe(100);
  });

  it('learns latency even from samples too small to measure bandwidth', () => {
    const state = addSample(createEstimator(), { bytes: 900, durationMs: 60, ttfbMs: 55, nowMs: 0, kind: 'init' });
    expect(state.lastVerdict).toBe('init-segment');
    expect(expectedTtfbMs(state)).toBe(55);
  });

  it('takes an abandoned request with no bytes as evidence of an outage, without NaN', () => {
    const outage = addSample(createEstimator(), { bytes: 0, durationMs: 3_000, nowMs: 3_000, aborted: true });
    expect(outage.lastVerdict).toBe('accepted');
    expect(estimateBps(outage)).toBe(0);

    const decision = decide(makeInput({ estimator: outage, lastRung: 3, bufferSec: 6 }));
    expect(decision.rung).toBe(0);
    expect(decision.reason).not.toMatch(/NaN/);

    const afterGood = feed(createEstimator(), [sampleAt(4), sampleAt(4)]);
    const hit = addSample(afterGood, { bytes: 0, durationMs: 3_000, nowMs: 3_000, aborted: true });
    expect(Number.isFinite(estimateBps(hit))).toBe(true);
    expect(estimateBps(hit)).toBeLessThan(estimateBps(afterGood) * 0.4);
  });

  it('is a fold: adding a sample never mutates the previous state', () => {
    const state = createEstimator();
    const copy = structuredClone(state);
    addSample(state, sampleAt(3));
    expect(state).toEqual(copy);
  });
});
