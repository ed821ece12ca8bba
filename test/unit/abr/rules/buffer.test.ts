import { describe, expect, it } from 'vitest';
import { bufferRule, controllerPolicy, createRuleContext, createSimTrace, DEFAULT_ABR_CONFIG, reservoirOf, resolveAbrConfig, simulate, upThresholdSec, type AbrConfig, type DecisionInput } from '../../../../abr/index.js';
import { defaultLadder, estimatorAt, makeInput } from '../fixtures.js';

/** The buffer rule's proposal for an input (steady phase, 2 s segments sized by bitrate, no latency). */
function propose(overrides: Partial<DecisionInput>, config: AbrConfig = DEFAULT_ABR_CONFIG) {
  const proposal = bufferRule.propose(createRuleContext(makeInput(overrides), config));
  if (proposal === null) throw new Error('buffer rule was silent');
  return proposal;
}

describe('buffer rule', () => {
  it('places rungs in the cushion by log utility: lowest at 0, top at reservoir + cushion', () => {
    const ctx = createRuleContext(makeInput(), DEFAULT_ABR_CONFIG);
    // Bitrates 428k…4628k: ln(b / 428k) / ln(4628 / 428) × 8 s above a 6 s reservoir.
    expect(upThresholdSec(ctx, 0)).toBe(0);
    expect(upThresholdSec(ctx, 1)).toBeCloseTo(8.22, 2);
    expect(upThresholdSec(ctx, 2)).toBeCloseTo(9.8, 1);
    expect(upThresholdSec(ctx, 3)).toBeCloseTo(12.1, 1);
    expect(upThresholdSec(ctx, 4)).toBe(14);
  });

  it('goes up to the highest rung the link sustains once the buffer unlocks it', () => {
    // 3.5 Mbps × 0.9 = 3.15 Mbps sustains 720p (2.63 Mbps), not 1080p.
    const proposal = propose({ estimator: estimatorAt(3_500_000), lastRung: 1, bufferSec: 13 });
    expect(proposal.rung).toBe(3);
    expect(proposal.reason).toMatch(/sustains 720p/);
  });

  it('waits for the buffer before unlocking a sustained rung', () => {
    expect(propose({ estimator: estimatorAt(3_500_000), lastRung: 1, bufferSec: 11 }).rung).toBe(2);
  });

  it('holds a rung the link sustains, even low in the buffer', () => {
    expect(propose({ estimator: estimatorAt(3_500_000), lastRung: 3, bufferSec: 7 }).rung).toBe(3);
  });

  it('holds a rung the link does not quite sustain while the buffer outlasts the lookahead', () => {
    // 2.5 Mbps × 0.9 = 2.25: a 720p segment takes 2.34 s, so 6 segments drain 2 s of 10 s.
    const proposal = propose({ estimator: estimatorAt(2_500_000), lastRung: 3, bufferSec: 10 });
    expect(proposal.rung).toBe(3);
    expect(proposal.reason).toMatch(/hold 720p/);
  });

  it('drops as soon as the projected drain reaches the reservoir, to a rung that holds', () => {
    // 1.5 Mbps × 0.9 = 1.35: 720p drains 1.9 s per segment, 11.4 s over 6: 15 s → 3.6 s < 6 s.
    const proposal = propose({ estimator: estimatorAt(1_500_000), lastRung: 3, bufferSec: 15 });
    expect(proposal.rung).toBe(2);
    expect(proposal.reason).toMatch(/would fall under 6\.0s within 6 segments of 720p/);
  });

  it('drops past rungs that would drain too, down to the lowest', () => {
    expect(propose({ estimator: estimatorAt(500_000), lastRung: 3, bufferSec: 10 }).rung).toBe(0);
  });

  it('spends a buffer near the goal on the rung above a sustained one', () => {
    // 2 Mbps × 0.9 sustains 480p, not 720p; at 27 s (goal 30 − margin 4 = 26) 720p is visited.
    const proposal = propose({ estimator: estimatorAt(2_000_000), lastRung: 2, bufferSec: 27 });
    expect(proposal.rung).toBe(3);
    expect(proposal.reason).toMatch(/spend it on 720p/);
  });

  it('does not spend below the spend level', () => {
    expect(propose({ estimator: estimatorAt(2_000_000), lastRung: 2, bufferSec: 20 }).rung).toBe(2);
  });

  it('takes the spend level from the engine buffer goal', () => {
    expect(propose({ estimator: estimatorAt(2_000_000), lastRung: 2, bufferSec: 18, bufferGoalSec: 20 }).rung).toBe(3);
  });

  it('spends only a buffer that lasts the whole visit', () => {
    // 1.48 Mbps × 0.9 = 1.33 just sustains 480p; 720p drains 1.95 s per segment and
    // 8 + 4 segments of it would take 27 s under the reservoir.
    const config = resolveAbrConfig({ buffer: { lookaheadSegments: 8 } });
    expect(propose({ estimator: estimatorAt(1_480_000), lastRung: 2, bufferSec: 27 }, config).rung).toBe(2);
    expect(propose({ estimator: estimatorAt(1_480_000), lastRung: 2, bufferSec: 27 }).rung).toBe(3);
  });

  it('spends the buffer over the remaining media near the end of a VoD', () => {
    // 40 s left to fetch, 22 s buffered: a rung at 1.5 × the planning rate plays out.
    expect(propose({ estimator: estimatorAt(2_000_000), lastRung: 2, bufferSec: 22, mediaRemainingSec: 40 }).rung).toBe(3);
    expect(propose({ estimator: estimatorAt(2_000_000), lastRung: 2, bufferSec: 22, mediaRemainingSec: 400 }).rung).toBe(2);
    expect(propose({ estimator: estimatorAt(2_000_000), lastRung: 2, bufferSec: 22 }).rung).toBe(2);
  });

  it('stays silent during startup', () => {
    expect(bufferRule.propose(createRuleContext(makeInput({ phase: 'startup' }), DEFAULT_ABR_CONFIG))).toBeNull();
  });
});

describe('buffer rule after a deep fade', () => {
  const faded = (transferMs: number) => ({ ...estimatorAt(3_000_000), longestTransferMs: transferMs, lastSampleAtMs: 0 });

  it('grows the reservoir to twice the fade, within what the buffer goal leaves for the cushion', () => {
    const ctxAt = (transferMs: number, bufferGoalSec: number) =>
      createRuleContext(makeInput({ estimator: faded(transferMs), bufferGoalSec }), DEFAULT_ABR_CONFIG);
    expect(reservoirOf(ctxAt(14_000, 60))).toBe(28);
    expect(reservoirOf(ctxAt(14_000, 30))).toBe(18); // 30 − 4 (spend margin) − 8 (cushion)
    expect(reservoirOf(ctxAt(6_000, 60))).toBe(6); // a slow 6 s request is no deep fade
  });

  it('rides out a 3G link with 14 s and 25 s outages without a stall when the engine buffers a minute', () => {
    const steps: [number, number][] = [];
    const rates = [1500, 1800, 1200, 2000, 1400, 1700, 1300, 1900];
    for (let i = 0; i < 20; i++) steps.push([2, rates[i % 8]!]);
    steps.push([14, 0]);
    for (let i = 0; i < 18; i++) steps.push([2, rates[i % 8]!]);
    steps.push([25, 0]);
    for (let i = 0; i < 55; i++) steps.push([2, rates[i % 8]!]);
    const trace = createSimTrace('deep-fade-3g', steps);
    const ladder = defaultLadder(60);
    const ours = simulate(trace, ladder, controllerPolicy(), { bufferCapSec: 60 });
    const noFadeMemory = simulate(trace, ladder, controllerPolicy({ buffer: { fadeFactor: 0 } }), { bufferCapSec: 60 });
    expect(ours.qoe.stallSec).toBeLessThan(1);
    expect(noFadeMemory.qoe.stallSec).toBeGreaterThan(5);
  });
});
