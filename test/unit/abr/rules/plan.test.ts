import { describe, expect, it } from 'vitest';
import { addSample, bestPlan, createEstimator, createRuleContext, DEFAULT_ABR_CONFIG, planBandwidthBps, planRule, resolveAbrConfig, targetBufferSec, type DecisionInput } from '../../../../abr/index.js';
import { estimatorAt, makeInput } from '../fixtures.js';

function ctxOf(overrides: Partial<DecisionInput>, config = DEFAULT_ABR_CONFIG) {
  return createRuleContext(makeInput({ phase: 'startup', ...overrides }), config);
}

/** Rungs of a plan, read back from its reason (`… → 480p→720p→…, ends at …`). */
function planOf(reason: string): string[] {
  return (/→ ([^,]+), ends/.exec(reason)?.[1] ?? '').split('→');
}

describe('plan rule', () => {
  it('climbs several rungs at once when the link carries them and the buffer allows', () => {
    // 8 Mbps: a 1080p segment (9.3 Mbit) takes 1.3 s at 8 × 0.9 and adds 2 s.
    const proposal = planRule.propose(ctxOf({ bufferSec: 4, lastRung: 0, estimator: estimatorAt(8_000_000) }));
    expect(proposal?.rung).toBe(4);
    expect(proposal?.reason).toMatch(/^plan: buffer 4\.0s, target 12\.0s, plan at 7\.2 Mbps \(est 8\.0 Mbps\) → 1080p→1080p→1080p→1080p→1080p/);
  });

  it('does not climb into a rung the buffer cannot pay for within the horizon', () => {
    // 2 Mbps: 720p (2.63 Mbps) drains 0.9 s per segment from 3 s, ending far under the target.
    const proposal = planRule.propose(ctxOf({ bufferSec: 3, lastRung: 1, estimator: estimatorAt(2_000_000) }));
    expect(proposal?.rung).toBeLessThan(3);
  });

  it('plans with the next segment real size: a heavy segment at a rung keeps it lower', () => {
    const light = planRule.propose(ctxOf({ bufferSec: 6, lastRung: 2, estimator: estimatorAt(6_000_000), nextSegment: { index: 3, durationSec: 2 } }));
    const bytesByRung = [107_000, 207_000, 332_000, 1_400_000, 2_600_000];
    const heavy = planRule.propose(ctxOf({ bufferSec: 6, lastRung: 2, estimator: estimatorAt(6_000_000), nextSegment: { index: 3, durationSec: 2, bytesByRung } }));
    expect(light?.rung).toBeGreaterThanOrEqual(3);
    expect(heavy?.rung).toBe(2);
  });

  it('only ever considers monotonic plans (never up then down)', () => {
    for (const bufferSec of [2, 5, 9, 14, 20]) {
      for (const bps of [600_000, 1_500_000, 3_000_000, 6_000_000]) {
        const rungs = planOf(planRule.propose(ctxOf({ bufferSec, lastRung: 2, estimator: estimatorAt(bps) }))?.reason ?? '').map((label) => Number.parseInt(label, 10));
        const up = rungs.every((rung, i) => i === 0 || rung >= rungs[i - 1]!);
        const down = rungs.every((rung, i) => i === 0 || rung <= rungs[i - 1]!);
        expect(rungs.length).toBe(5);
        expect(up || down).toBe(true);
      }
    }
  });

  it('grows its buffer target with the longest transfer the link needed (a fade), up to the buffer goal', () => {
    const faded = addSample(estimatorAt(3_000_000), { bytes: 400_000, durationMs: 16_000, ttfbMs: 0, nowMs: 1_000 });
    expect(targetBufferSec(ctxOf({ estimator: faded, nowMs: 1_000 }))).toBeGreaterThanOrEqual(16);
    expect(targetBufferSec(ctxOf({ estimator: faded, nowMs: 1_000, bufferGoalSec: 12 }))).toBe(10); // goal − one segment
    expect(targetBufferSec(ctxOf({ estimator: estimatorAt(3_000_000) }))).toBe(12);
  });

  it('discounts the planning bandwidth by the variability the link has shown', () => {
    let swinging = createEstimator();
    for (let i = 0; i < 10; i++) swinging = addSample(swinging, { bytes: i % 2 === 0 ? 500_000 : 62_500, durationMs: 1_000, ttfbMs: 0, nowMs: i * 2_000 });
    const steady = ctxOf({ estimator: estimatorAt(2_000_000) });
    const variable = ctxOf({ estimator: swinging });
    expect(planBandwidthBps(steady) / steady.estimateBps).toBeCloseTo(0.9, 5);
    expect(planBandwidthBps(variable) / variable.estimateBps).toBeLessThan(0.7);
  });

  it('leaves the empty buffer to the startup rule and is silent while paused or when disabled', () => {
    expect(planRule.propose(ctxOf({ bufferSec: 0, lastRung: null }))).toBeNull();
    expect(planRule.propose(ctxOf({ bufferSec: 6, playbackRate: 0 }))).toBeNull();
    expect(planRule.propose(ctxOf({ bufferSec: 6 }, resolveAbrConfig({ planner: { enabled: false } })))).toBeNull();
  });

  it('decides only in startup by default, everywhere with scope "always"', () => {
    expect(planRule.propose(ctxOf({ phase: 'steady', bufferSec: 12 }))).toBeNull();
    expect(planRule.propose(ctxOf({ phase: 'steady', bufferSec: 12 }, resolveAbrConfig({ planner: { scope: 'always' } })))?.rung).toBeGreaterThanOrEqual(0);
  });

  it('counts the stall a plan causes at QoE_lin weight: an outage estimate plans the lowest rung', () => {
    const plan = bestPlan(ctxOf({ bufferSec: 3, lastRung: 3, estimator: estimatorAt(300_000) }));
    expect(plan.rungs[0]).toBe(0);
    expect(plan.stallSec).toBeGreaterThan(0);
  });
});
