import { describe, expect, it } from 'vitest';
import { computeQoe, fractionOfOptimum } from '../../../abr/index.js';

describe('QoE', () => {
  it('sums bitrate in Mbps, charges 4.3 per rebuffer second and |ΔR| per switch', () => {
    const report = computeQoe({ segmentBitratesBps: [300_000, 1_200_000, 1_200_000, 700_000], stallSec: 1, stallCount: 1, startupSec: 0.5, mediaSec: 8 });
    // 3.4 − 4.3 × (1 + 0.5) − (0.9 + 0.5)
    expect(report.qoe).toBeCloseTo(3.4 - 6.45 - 1.4, 9);
    expect(report).toMatchObject({ switches: 2, segments: 4, stallCount: 1, startupSec: 0.5 });
    expect(report.avgBitrateMbps).toBeCloseTo(0.85, 9);
    expect(report.rebufferRatio).toBeCloseTo(1 / 9, 9);
  });

  it('can leave the startup delay out of the rebuffer charge', () => {
    const report = computeQoe({ segmentBitratesBps: [1_000_000], stallSec: 0, stallCount: 0, startupSec: 2, mediaSec: 2 }, { rebufferPenaltyPerSec: 4.3, switchPenaltyPerMbps: 1, startupCountsAsRebuffer: false });
    expect(report.qoe).toBe(1);
  });

  it('states a result as a fraction of the optimum for either sign', () => {
    expect(fractionOfOptimum(90, 100)).toBeCloseTo(0.9, 9);
    expect(fractionOfOptimum(-110, -100)).toBeCloseTo(0.9, 9);
    expect(fractionOfOptimum(-100, -100)).toBe(1);
    // An optimum near 0 is judged against 1 Mbps-segment, not blown up.
    expect(fractionOfOptimum(0.2, 0.5)).toBeCloseTo(0.7, 9);
  });
});
