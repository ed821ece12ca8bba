import { describe, expect, it } from 'vitest';
import { constantLadder, constantTrace, createSimTrace, schedulePolicy, simulate, solveOptimum, type SimLadder, type SimTrace } from '../../../abr/index.js';

const twoRungs = (segmentCount: number) => constantLadder({ videoBitratesBps: [500_000, 1_000_000], segmentDurationSec: 2, segmentCount });

/** Every schedule, simulated: the true optimum of a small case. */
function bruteForce(trace: SimTrace, ladder: SimLadder): { qoe: number; rungs: number[] } {
  const n = ladder.segments.length;
  const r = ladder.rungs.length;
  let best = { qoe: Number.NEGATIVE_INFINITY, rungs: [] as number[] };
  for (let code = 0; code < r ** n; code++) {
    const rungs = Array.from({ length: n }, (_, k) => Math.floor(code / r ** k) % r);
    const qoe = simulate(trace, ladder, schedulePolicy(rungs)).qoe.qoe;
    if (qoe > best.qoe) best = { qoe, rungs };
  }
  return best;
}

describe('solveOptimum', () => {
  it('finds the hand-checked best schedule on a constant link', () => {
    // 1 Mbps, rungs 0.5 / 1 Mbps, 3 segments. Low first (1.04 s startup instead of 2.04 s), then
    // high: two 40 ms stalls and one 0.5 switch, against 3 × 0.5 for staying low:
    // [0,1,1] = 2.5 − 0.5 − 4.3 × (1.04 + 0.08) = −2.816; [0,0,0] = 1.5 − 4.3 × 1.04 = −2.972.
    const result = solveOptimum(constantTrace(1000), twoRungs(3));
    expect(result.rungs).toEqual([0, 1, 1]);
    expect(result.qoe).toBeCloseTo(-2.816, 9);
  });

  it('takes the top rung from the start on a fast link', () => {
    // 10 Mbps: 1 Mbps segments arrive in 0.24 s; 0.1 s more startup costs 0.43 < the 1.0 it gains.
    const result = solveOptimum(constantTrace(10_000), twoRungs(3));
    expect(result.rungs).toEqual([1, 1, 1]);
    expect(result.qoe).toBeCloseTo(3 - 4.3 * 0.24, 9);
  });

  it('matches exhaustive search on small varied traces', () => {
    const ladder = constantLadder({ videoBitratesBps: [300_000, 800_000, 2_000_000], segmentDurationSec: 2, segmentCount: 5, audioBitrateBps: 100_000 });
    const traces = [
      createSimTrace('drop', [[3, 3000], [4, 300], [20, 1500]]),
      createSimTrace('outage', [[2, 2500], [3, 0], [20, 900]]),
      createSimTrace('ramp', [[1, 400], [2, 1200], [2, 2400], [20, 4000]]),
    ];
    for (const trace of traces) {
      const exact = bruteForce(trace, ladder);
      const dp = solveOptimum(trace, ladder, { bucketSec: 0.01 });
      expect(dp.qoe, trace.name).toBeCloseTo(exact.qoe, 6);
    }
  });

  it('returns a real schedule: its replay through simulate scores exactly the QoE it claims', () => {
    const trace = createSimTrace('mixed', [[4, 2000], [3, 200], [6, 3500], [5, 0], [10, 1200]]);
    const ladder = constantLadder({ videoBitratesBps: [300_000, 700_000, 1_200_000, 2_500_000], segmentDurationSec: 2, segmentCount: 40, audioBitrateBps: 128_000 });
    const result = solveOptimum(trace, ladder);
    expect(result.replay.qoe.qoe).toBeCloseTo(result.qoe, 6);
    expect(simulate(trace, ladder, schedulePolicy(result.rungs)).qoe.qoe).toBeCloseTo(result.qoe, 6);
  });

  it('respects the caps', () => {
    expect(solveOptimum(constantTrace(10_000), twoRungs(3), { caps: { maxRung: 0 } }).rungs).toEqual([0, 0, 0]);
  });
});
