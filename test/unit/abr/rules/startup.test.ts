import { describe, expect, it } from 'vitest';
import { createEstimator, createRuleContext, DEFAULT_ABR_CONFIG, resolveAbrConfig, startupRule, type DecisionInput } from '../../../../abr/index.js';
import { estimatorAt, makeInput } from '../fixtures.js';

function propose(overrides: Partial<DecisionInput>) {
  return startupRule.propose(createRuleContext(makeInput({ phase: 'startup', ...overrides }), DEFAULT_ABR_CONFIG));
}

describe('startup rule', () => {
  it('starts a new viewer at the lowest rung', () => {
    const proposal = propose({ bufferSec: 0, lastRung: null, estimator: createEstimator() });
    expect(proposal?.rung).toBe(0);
    expect(proposal?.reason).toMatch(/^startup: empty buffer, default 0\.50 Mbps/);
  });

  it('starts a returning viewer at the rung its stored estimate fetches within a second', () => {
    // Seed 10 Mbps × 0.75: a 720p segment (5.3 Mbit) in 0.70 s; 1080p would take 1.23 s.
    const proposal = propose({ bufferSec: 0, lastRung: null, estimator: createEstimator(10_000_000) });
    expect(proposal?.rung).toBe(3);
    expect(proposal?.reason).toMatch(/seed 10 Mbps × 0\.75 → 720p in 0\.7s/);
  });

  it('uses the next segment real size when known', () => {
    const bytesByRung = [107_000, 207_000, 332_000, 1_000_000, 1_157_000];
    const proposal = propose({ bufferSec: 0, lastRung: null, estimator: createEstimator(10_000_000), nextSegment: { index: 0, durationSec: 2, bytesByRung } });
    expect(proposal?.rung).toBe(2);
  });

  it('restarts from the live estimate after a seek empties the buffer', () => {
    expect(propose({ bufferSec: 0, lastRung: 1, estimator: estimatorAt(20_000_000) })?.rung).toBe(4);
  });

  it('leaves the ramp to the planner once something is buffered', () => {
    expect(propose({ bufferSec: 4, lastRung: 0, estimator: estimatorAt(2_000_000) })).toBeNull();
  });

  it('without the planner, ramps by throughput, several rungs at once, once something is buffered', () => {
    // 2 Mbps × 0.75 = 1.5 Mbps: 480p (1.33 Mbps).
    const config = resolveAbrConfig({ planner: { enabled: false } });
    const proposal = startupRule.propose(createRuleContext(makeInput({ phase: 'startup', bufferSec: 4, lastRung: 0, estimator: estimatorAt(2_000_000) }), config));
    expect(proposal?.rung).toBe(2);
    expect(proposal?.reason).toBe('startup: est 2.0 Mbps × 0.75 → 480p');
  });

  it('stays silent in steady state', () => {
    expect(propose({ phase: 'steady' })).toBeNull();
  });
});
