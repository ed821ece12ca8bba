import { describe, expect, it } from 'vitest';
import { bitsBetween, constantTrace, createSimTrace, parseSimTrace, rateBpsAt, secondsToDeliver, TraceFormatError, traceMeanKbps } from '../../../abr/index.js';

// 1 s at 1000 kbps, 2 s outage, 1 s at 3000 kbps: 4 s, 4 Mbit per pass.
const steps = createSimTrace('steps', [
  [1, 1000],
  [2, 0],
  [1, 3000],
]);

describe('simulation traces', () => {
  it('integrates the piecewise-constant rate exactly', () => {
    expect(bitsBetween(steps, 0, 1)).toBe(1_000_000);
    expect(bitsBetween(steps, 0.5, 3.5)).toBe(500_000 + 1_500_000);
    expect(bitsBetween(steps, 1, 3)).toBe(0);
  });

  it('loops after the last step, however many passes a span covers', () => {
    expect(bitsBetween(steps, 3.5, 4.5)).toBe(1_500_000 + 500_000);
    expect(bitsBetween(steps, 0, 40)).toBeCloseTo(40_000_000, 3);
    expect(rateBpsAt(steps, 4.2)).toBe(1_000_000);
  });

  it('crosses outages by the prefix sums instead of dividing by zero', () => {
    // From t = 0.5: 0.5 Mbit before the outage, the other 1.5 Mbit at 3 Mbps after it (t = 3.5).
    expect(secondsToDeliver(steps, 0.5, 2_000_000)).toBeCloseTo(3, 9);
    expect(secondsToDeliver(steps, 1.5, 1_000)).toBeCloseTo(1.5 + 1_000 / 3_000_000, 9);
    expect(secondsToDeliver(steps, 0, 0)).toBe(0);
  });

  it('delivers exactly one pass of bits in one pass of time', () => {
    expect(secondsToDeliver(steps, 0, steps.totalBits)).toBeCloseTo(4, 9);
    expect(secondsToDeliver(steps, 0, steps.totalBits * 3)).toBeCloseTo(12, 9);
  });

  it('reads the shared trace format', () => {
    const trace = parseSimTrace({ name: 'x', kind: 'fcc', source: 'ignored', steps: [[5, 1093], [5, 1127]] });
    expect(trace).toMatchObject({ name: 'x', kind: 'fcc', durationSec: 10 });
    expect(traceMeanKbps(trace)).toBeCloseTo(1110, 9);
    expect(constantTrace(800).bps[0]).toBe(800_000);
  });

  it('rejects traces a download could never finish on, and malformed steps', () => {
    expect(() => createSimTrace('dead', [[10, 0]])).toThrow(TraceFormatError);
    expect(() => createSimTrace('empty', [])).toThrow(TraceFormatError);
    expect(() => createSimTrace('zero', [[0, 100]])).toThrow(/durations must be > 0/);
    expect(() => createSimTrace('neg', [[1, -5]])).toThrow(/rates must be ≥ 0/);
    expect(() => parseSimTrace({ steps: 'nope' })).toThrow(TraceFormatError);
  });
});
