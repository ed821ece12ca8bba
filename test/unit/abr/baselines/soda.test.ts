import { describe, expect, it } from 'vitest';
import {
  bolaPolicy,
  constantLadder,
  constantTrace,
  DEFAULT_LADDER_SPEC,
  monotonicPlans,
  planSoda,
  robustMpcPolicy,
  simulate,
  sodaPolicy,
  type PlayerSnapshot,
  type ThroughputSample,
} from '../../../../abr/index.js';
import { defaultLadder, loadDevTrace, RUNGS } from '../fixtures.js';

const ladder = constantLadder({ ...DEFAULT_LADDER_SPEC, segmentCount: 150 });

const snapshot = (bufferSec: number, lastRung: number | null): PlayerSnapshot => ({
  nowMs: 0,
  bufferSec,
  rungs: RUNGS,
  nextSegment: { index: 10, durationSec: 2 },
  lastRung,
  bufferGoalSec: 30,
});

const sample = (mbps: number, durationMs = 1000): ThroughputSample => ({ bytes: (mbps * 1e6 * durationMs) / 8000, durationMs, nowMs: 0 });

const isMonotonic = (plan: readonly number[], last: number | null): boolean => {
  const seq = last === null ? plan : [last, ...plan];
  return seq.every((r, i) => i === 0 || r <= seq[i - 1]!) || seq.every((r, i) => i === 0 || r >= seq[i - 1]!);
};

describe('SODA baseline', () => {
  it('enumerates exactly the monotonic plans from the previous rung, once each', () => {
    for (const last of [0, 2, 4, null]) {
      const plans = monotonicPlans(last, 0, 4, 3);
      const all: number[][] = [];
      for (let code = 0; code < 125; code++) all.push([Math.floor(code / 25), Math.floor(code / 5) % 5, code % 5]);
      const expected = all.filter((plan) => isMonotonic(plan, last)).map((plan) => plan.join());
      expect(plans.map((plan) => plan.join()).sort()).toEqual(expected.sort());
    }
    // From rung 2 of 5, 3 steps: 10 non-increasing (values 0–2) + 10 non-decreasing (2–4) − [2,2,2].
    expect(monotonicPlans(2, 0, 4, 3)).toHaveLength(19);
    // 5 rungs, K = 5 (10 s of 2 s segments): ≤ 2 × C(9, 5) = 252 plans, the paper's "~200".
    expect(monotonicPlans(2, 0, 4, 5).length).toBeLessThanOrEqual(252);
    // A previous rung above the allowed range leaves only the way down.
    expect(monotonicPlans(4, 0, 2, 2).every((plan) => plan[0]! >= plan[1]!)).toBe(true);
  });

  it('never picks a rung above the lowest one at or above the prediction (§5.1)', () => {
    // 1 Mbps measured × 0.9: 0.9 Mbps; the lowest rung ≥ that is 480p (1.33 Mbps), even with a full buffer.
    const policy = sodaPolicy();
    for (let i = 0; i < 10; i++) policy.onDownloaded?.(sample(1, 2000));
    const choice = policy.decide(snapshot(28, 4));
    expect(choice.rung).toBeLessThanOrEqual(2);
    expect(choice.reason).toContain('ω̂ 0.90 Mbps');
  });

  it('takes the lowest rung when no plan keeps the buffer above 0', () => {
    const plan = planSoda({
      bufferSec: 0.5,
      lastRung: 2,
      predictedBps: 100_000,
      firstLinkBps: RUNGS.map((r) => r.bitrateBps),
      laterLinkBps: RUNGS.map((r) => r.bitrateBps),
      distortion: [1, 0.7, 0.5, 0.2, 0],
      stepSec: 2,
      playbackRate: 1,
      targetBufferSec: 15,
      maxBufferSec: 30,
      bufferWeight: 0.02,
      switchWeight: 10,
      overTargetWeight: 0.1,
      plans: monotonicPlans(2, 0, 4, 5),
    });
    expect(plan.plan).toBeNull();
    const policy = sodaPolicy();
    policy.onDownloaded?.(sample(0.1));
    expect(policy.decide(snapshot(0.5, 2))).toMatchObject({ rung: 0, reason: expect.stringContaining('no plan') });
  });

  it('steers the buffer to its target on a steady link', () => {
    // 2 and 3 Mbps links sit between rungs: SODA alternates so the buffer hovers a few seconds
    // under x̄ (β is small next to the distortion it saves). Moving x̄ by 10 s moves the buffer by ~10 s.
    for (const kbps of [2000, 3000]) {
      const held = [10, 20].map((target) => {
        const result = simulate(constantTrace(kbps), ladder, sodaPolicy({ targetBufferSec: target }));
        expect(result.qoe.stallSec).toBe(0);
        const buffers = result.timeline.downloads.slice(75).map((d) => d.bufferBeforeSec);
        const mean = buffers.reduce((a, b) => a + b, 0) / buffers.length;
        expect(mean).toBeGreaterThan(target - 6);
        expect(Math.max(...buffers)).toBeLessThan(target + 1);
        return mean;
      });
      expect(held[1]! - held[0]!).toBeGreaterThan(8);
      expect(held[1]! - held[0]!).toBeLessThan(12);
    }
  });

  it('switches far less than RobustMPC and BOLA on a steady link and on dev traces', () => {
    const steady = constantTrace(2000);
    const soda = simulate(steady, ladder, sodaPolicy()).qoe;
    expect(soda.switches).toBeLessThan(simulate(steady, ladder, robustMpcPolicy()).qoe.switches / 2);
    expect(soda.switches).toBeLessThan(simulate(steady, ladder, bolaPolicy()).qoe.switches / 4);
    const real = defaultLadder(150);
    const traces = ['fcc_trace_7451', 'fcc_trace_663494', 'hsdpa_norway_metro.kalbakken-jernbanetorget-report.2010-09-14', 'hsdpa_norway_tram.jernbanetorget-ljabru'];
    let sodaSwitches = 0;
    let mpcSwitches = 0;
    for (const name of traces) {
      const trace = loadDevTrace(name);
      sodaSwitches += simulate(trace, real, sodaPolicy()).qoe.switches;
      mpcSwitches += simulate(trace, real, robustMpcPolicy()).qoe.switches;
    }
    expect(sodaSwitches).toBeLessThan(mpcSwitches * 0.7);
  });

  it('decide is pure: same answer twice, state only from onDownloaded', () => {
    const snap = Object.freeze(snapshot(12, 3));
    const a = sodaPolicy();
    a.onDownloaded?.(sample(3, 1500));
    a.onDownloaded?.(sample(2, 1500));
    expect(a.decide(snap)).toEqual(a.decide(snap));
    const b = sodaPolicy();
    b.decide(snapshot(0, null));
    b.onDownloaded?.(sample(3, 1500));
    b.decide(snapshot(25, 0));
    b.onDownloaded?.(sample(2, 1500));
    b.decide(snapshot(1, 4));
    expect(b.decide(snap)).toEqual(a.decide(snap));
  });
});
