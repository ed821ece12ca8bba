import { describe, expect, it } from 'vitest';
import { addSample, createEstimator, createRuleContext, DEFAULT_ABR_CONFIG, downloadTimeRule, type DecisionInput } from '../../../../abr/index.js';
import { estimatorAt, makeInput } from '../fixtures.js';

function propose(overrides: Partial<DecisionInput>) {
  return downloadTimeRule.propose(createRuleContext(makeInput(overrides), DEFAULT_ABR_CONFIG));
}

describe('download-time rule', () => {
  it('caps the rung to one whose segment arrives before the buffer runs dry', () => {
    // 3 s buffer − 1 s margin = 2 s; at 2 Mbps × 0.8: 480p takes 1.66 s, 720p 3.29 s.
    const proposal = propose({ bufferSec: 3, estimator: estimatorAt(2_000_000) });
    expect(proposal?.rung).toBe(2);
    expect(proposal?.reason).toBe('download-time: 720p needs 3.3s at 2.0 Mbps × 0.8 > buffer 3.0s − 1.0s → 480p');
  });

  it('is silent when every rung arrives in time', () => {
    expect(propose({ bufferSec: 20, estimator: estimatorAt(10_000_000) })).toBeNull();
  });

  it('uses the next segment real size when known', () => {
    const bytesByRung = [107_000, 207_000, 100_000, 300_000, 1_157_000];
    expect(propose({ bufferSec: 3, estimator: estimatorAt(2_000_000), nextSegment: { index: 3, durationSec: 2, bytesByRung } })?.rung).toBe(3);
  });

  it('adds the request latency to the prediction', () => {
    expect(propose({ bufferSec: 3, estimator: estimatorAt(2_000_000), rttMs: 1_000 })?.rung).toBe(0);
  });

  it('accounts for the playback rate', () => {
    expect(propose({ bufferSec: 6, estimator: estimatorAt(2_000_000), playbackRate: 2 })?.rung).toBe(2);
  });

  it('falls to the lowest rung in an outage, without dividing by zero', () => {
    const dead = addSample(createEstimator(), { bytes: 0, durationMs: 2_000, nowMs: 2_000, aborted: true });
    const proposal = propose({ bufferSec: 10, estimator: dead });
    expect(proposal?.rung).toBe(0);
    expect(proposal?.reason).toMatch(/needs ∞ at 0\.00 Mbps/);
  });

  it('stays out of startup while nothing is buffered', () => {
    expect(propose({ phase: 'startup', bufferSec: 0, estimator: estimatorAt(300_000) })).toBeNull();
  });

  it('ends a stall with the smallest segment in steady state', () => {
    expect(propose({ phase: 'steady', bufferSec: 0, estimator: estimatorAt(50_000_000) })?.rung).toBe(0);
  });
});
