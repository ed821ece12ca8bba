import { describe, expect, it } from 'vitest';
import { resolveAbrConfig, shouldAbandon, type AbandonProgress, type DecisionInput } from '../../../abr/index.js';
import { estimatorAt, makeInput } from './fixtures.js';

/** 1080p segment in flight: 1,157,000 bytes (4.628 Mbps × 2 s). */
const TOTAL = 1_157_000;

function check(progress: Partial<AbandonProgress>, context: Partial<DecisionInput> = {}, config = resolveAbrConfig()) {
  return shouldAbandon(
    { rung: 4, bytesLoaded: 0, bytesTotal: TOTAL, elapsedMs: 1_000, ttfbMs: 0, ...progress },
    makeInput({ lastRung: 4, bufferSec: 5, estimator: estimatorAt(6_000_000), ...context }),
    config,
  );
}

describe('shouldAbandon', () => {
  it('abandons a segment that would stall for the best one that still arrives in time', () => {
    // 50 kB in 1 s = 0.4 Mbps: 8.9 Mbit left take 22 s against 5 s of buffer; 360p takes 4.1 s.
    const verdict = check({ bytesLoaded: 50_000 });
    expect(verdict).toMatchObject({ abandon: true, toRung: 1 });
    expect(verdict.reason).toBe('abandon: 1080p needs 22.1s more at 0.40 Mbps > buffer 5.0s; 360p in 4.1s');
  });

  it('keeps a request that finishes before the buffer runs dry', () => {
    expect(check({ bytesLoaded: 900_000 })).toMatchObject({ abandon: false, toRung: 4 });
  });

  it('leaves a slow request alone while the buffer is deep', () => {
    const verdict = check({ bytesLoaded: 50_000 }, { bufferSec: 20 });
    expect(verdict.abandon).toBe(false);
    expect(verdict.reason).toMatch(/no emergency/);
  });

  it('waits before judging a young request', () => {
    expect(check({ bytesLoaded: 1_000, elapsedMs: 300 }).abandon).toBe(false);
  });

  it('never abandons the lowest allowed rung', () => {
    expect(check({ rung: 0, bytesTotal: 107_000, bytesLoaded: 1_000 }).abandon).toBe(false);
    expect(check({ rung: 2, bytesTotal: 332_000, bytesLoaded: 1_000 }, { caps: { minRung: 2 } }).abandon).toBe(false);
  });

  it('falls back to the lowest rung in an outage, when it needs fewer bits than what remains', () => {
    // No first byte after 2 s: nothing arrives, so rungs compare by the bits they still need.
    const verdict = check({ bytesLoaded: 0, elapsedMs: 2_000, ttfbMs: undefined });
    expect(verdict).toMatchObject({ abandon: true, toRung: 0 });
    expect(verdict.reason).toMatch(/240p stalls least/);
  });

  it('keeps a request whose remainder is smaller than any refetch', () => {
    // 1.1 MB of 1.157 MB in 60 s: 0.15 Mbps; the rest takes 3.1 s, a 240p refetch 5.8 s.
    const verdict = check({ bytesLoaded: 1_100_000, elapsedMs: 60_000 }, { bufferSec: 1 });
    expect(verdict.abandon).toBe(false);
    expect(verdict.reason).toMatch(/refetching is no faster/);
  });

  it('does nothing while paused or when disabled', () => {
    expect(check({ bytesLoaded: 50_000 }, { playbackRate: 0 }).abandon).toBe(false);
    expect(check({ bytesLoaded: 50_000 }, {}, resolveAbrConfig({ abandon: { enabled: false } })).abandon).toBe(false);
  });

  it('takes the in-flight size from the snapshot when the response size is unknown', () => {
    const verdict = check({ bytesLoaded: 50_000, bytesTotal: undefined }, { nextSegment: { index: 3, durationSec: 2, bytesByRung: [107_000, 207_000, 332_000, 657_000, TOTAL] } });
    expect(verdict).toMatchObject({ abandon: true, toRung: 1 });
  });
});
