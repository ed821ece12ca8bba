import { describe, expect, it } from 'vitest';
import {
  bolaPolicy,
  constantLadder,
  constantTrace,
  DEFAULT_LADDER_SPEC,
  planMpc,
  robustMpcPolicy,
  simulate,
  sodaPolicy,
  type PlayerSnapshot,
  type ThroughputSample,
} from '../../../../abr/index.js';
import { RUNGS } from '../fixtures.js';

const ladder = constantLadder({ ...DEFAULT_LADDER_SPEC, segmentCount: 100 });

const snapshot = (bufferSec: number, lastRung: number | null, extra: Partial<PlayerSnapshot> = {}): PlayerSnapshot => ({
  nowMs: 0,
  bufferSec,
  rungs: RUNGS,
  nextSegment: { index: 10, durationSec: 2 },
  lastRung,
  ...extra,
});

/** A request that measured exactly `mbps` over 1 s. */
const sample = (mbps: number): ThroughputSample => ({ bytes: (mbps * 1e6) / 8, durationMs: 1000, nowMs: 0 });

function fed(mbps: readonly number[], options: Parameters<typeof robustMpcPolicy>[0] = {}) {
  const policy = robustMpcPolicy(options);
  for (const value of mbps) policy.onDownloaded?.(sample(value));
  return policy;
}

describe('RobustMPC baseline', () => {
  it('starts at the second-lowest rung (Pensieve DEFAULT_QUALITY = 1), or the one configured', () => {
    expect(robustMpcPolicy().decide(snapshot(0, null)).rung).toBe(1);
    expect(robustMpcPolicy({ startRung: 0 }).decide(snapshot(0, null)).rung).toBe(0);
  });

  it('takes the top rung on a fast steady link and never stalls', () => {
    const result = simulate(constantTrace(6000), ladder, robustMpcPolicy());
    expect(result.rungs.slice(1).every((rung) => rung === 4)).toBe(true);
    expect(result.qoe.stallSec).toBe(0);
  });

  it('on a steady link never falls under the highest rung it sustains, and does not stall', () => {
    // All-in rungs 0.43 / 0.83 / 1.33 / 2.63 / 4.63 Mbps. 1 Mbps sustains rung 1, 2 Mbps rung 2;
    // MPC climbs above them only while its buffer pays for it (its objective has no buffer term).
    for (const [kbps, sustained] of [
      [1000, 1],
      [2000, 2],
    ] as const) {
      const result = simulate(constantTrace(kbps), ladder, robustMpcPolicy());
      expect(Math.min(...result.rungs.slice(3))).toBe(sustained);
      expect(result.rungs.filter((rung) => rung === sustained).length).toBeGreaterThan(40);
      expect(result.qoe.stallSec).toBe(0);
    }
  });

  it('divides the harmonic mean by 1 + the largest recent relative error', () => {
    // Five 2 Mbps requests: no error. A sixth at 1 Mbps was predicted at 2: error |2 − 1| / 1 = 1,
    // harmonic mean of [2, 2, 2, 2, 1] = 5 / 3 Mbps, predicted 5 / 6 Mbps.
    const steady = fed([2, 2, 2, 2, 2]);
    expect(steady.decide(snapshot(4, 2)).reason).toContain('/ (1 + 0.00) = 2.00 Mbps');
    const missed = fed([2, 2, 2, 2, 2, 1]);
    expect(missed.decide(snapshot(4, 2)).reason).toContain('hm 1.67 Mbps / (1 + 1.00) = 0.83 Mbps');
    // Plain MPC on the same history plans on the undiscounted 1.67 Mbps: 720p with 8 s buffered,
    // where the discounted 0.83 Mbps holds 480p.
    const plain = fed([2, 2, 2, 2, 2, 1], { robust: false });
    expect(plain.decide(snapshot(8, 2)).rung).toBe(3);
    expect(missed.decide(snapshot(8, 2)).rung).toBe(2);
  });

  it('forgets a misprediction after `window` accurate predictions', () => {
    // The 1 Mbps miss, then five requests at 1 Mbps: the errors against the running harmonic mean
    // shrink; once the miss and the transition have left the 5-wide windows the discount is 0.
    const policy = fed([2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(policy.decide(snapshot(4, 1)).reason).toContain('hm 1.00 Mbps / (1 + 0.00) = 1.00 Mbps');
  });

  it('takes a segment it knows is big a rung lower, and plans to climb after it', () => {
    // 4 Mbps predicted, 6 s buffered, at 720p. Nominal next segment: 1080p now (9.3 Mbit, 2.3 s).
    // The same segment at 3× the nominal size in 720p and 1080p: 1080p would take 6.9 s and
    // stall, so 720p (3.9 s) for this one and 1080p for the four after it.
    const policy = fed([4, 4, 4, 4, 4]);
    const nominal = policy.decide(snapshot(6, 3));
    const bytesByRung = RUNGS.map((rung, i) => ((rung.bitrateBps * 2) / 8) * (i >= 3 ? 3 : 1));
    const big = policy.decide(snapshot(6, 3, { nextSegment: { index: 10, durationSec: 2, bytesByRung } }));
    expect(nominal.rung).toBe(4);
    expect(big.rung).toBe(3);
    expect(big.reason).toContain('plan [3,4,4,4,4]');
  });

  it('plans only the segments left near the end of the media', () => {
    const policy = fed([4, 4, 4, 4, 4]);
    expect(policy.decide(snapshot(10, 3, { mediaRemainingSec: 4 })).reason).toMatch(/plan \[\d,\d\] /);
    expect(policy.decide(snapshot(10, 3)).reason).toMatch(/plan \[\d,\d,\d,\d,\d\] /);
  });

  it('the pruned search finds exactly what brute force finds (ties: lexicographically first)', () => {
    // Deterministic pseudo-random instances, 4 rungs, horizon 4: every one of the 256 sequences.
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 200; trial++) {
      const rungs = 4;
      const steps = 4;
      const mbps = [0.3, 0.75, 1.2, 2.85].map((value) => (trial % 5 === 0 ? Math.round(value) : value));
      const first = Array.from({ length: rungs }, (_, r) => (random() * 4 * (r + 1)) / 2);
      const later = Array.from({ length: rungs }, (_, r) => (random() * 4 * (r + 1)) / 2);
      const input = {
        bufferSec: random() * 10,
        lastRung: Math.floor(random() * rungs),
        firstDownloadSec: first,
        laterDownloadSec: later,
        mbps,
        segmentDurationSec: 2,
        steps,
        minRung: 0,
        maxRung: rungs - 1,
        rebufferPenaltyPerSec: 4.3,
        switchPenaltyPerMbps: 1,
      };
      let best = { qoe: Number.NEGATIVE_INFINITY, rungs: [] as number[] };
      for (let code = 0; code < rungs ** steps; code++) {
        const seq = Array.from({ length: steps }, (_, k) => Math.floor(code / rungs ** (steps - 1 - k)) % rungs);
        let buffer = input.bufferSec;
        let rebuffer = 0;
        let sum = 0;
        let smooth = 0;
        let previous = input.lastRung;
        seq.forEach((r, k) => {
          const dl = (k === 0 ? first : later)[r]!;
          if (buffer < dl) {
            rebuffer += dl - buffer;
            buffer = 0;
          } else buffer -= dl;
          buffer += 2;
          sum += mbps[r]!;
          smooth += Math.abs(mbps[r]! - mbps[previous]!);
          previous = r;
        });
        const qoe = sum - 4.3 * rebuffer - smooth;
        if (qoe > best.qoe) best = { qoe, rungs: seq };
      }
      const plan = planMpc(input);
      expect(plan.rungs).toEqual(best.rungs);
      expect(plan.qoe).toBeCloseTo(best.qoe, 9);
    }
  });

  it('decide is pure: same answer twice, snapshot untouched, state only from onDownloaded', () => {
    const snap = Object.freeze(snapshot(8, 2, { nextSegment: Object.freeze({ index: 3, durationSec: 2, bytesByRung: Object.freeze([1e5, 2e5, 3e5, 6e5, 1.2e6]) }) }));
    const a = fed([3, 2.5]);
    expect(a.decide(snap)).toEqual(a.decide(snap));
    // Interleaving decisions changes nothing: a policy that decided in between ends up equal.
    const b = robustMpcPolicy();
    b.onDownloaded?.(sample(3));
    b.decide(snapshot(0, null));
    b.decide(snapshot(20, 4));
    b.onDownloaded?.(sample(2.5));
    b.decide(snapshot(1, 0));
    expect(b.decide(snap)).toEqual(a.decide(snap));
  });

  it('ignores abandoned requests and rejects horizons it cannot search', () => {
    const policy = fed([2, 2, 2, 2, 2]);
    policy.onDownloaded?.({ bytes: 10, durationMs: 5000, nowMs: 0, aborted: true });
    expect(policy.decide(snapshot(4, 2)).reason).toContain('/ (1 + 0.00) = 2.00 Mbps');
    expect(() => robustMpcPolicy({ horizon: 9 })).toThrow(RangeError);
    expect(() => robustMpcPolicy({ horizon: 0 })).toThrow(RangeError);
  });

  it('keeps to the caps, as SODA and BOLA do (simulate rejects any rung outside them)', () => {
    for (const make of [robustMpcPolicy, sodaPolicy, bolaPolicy]) {
      const result = simulate(constantTrace(8000), ladder, make(), { caps: { minRung: 1, maxRung: 2 } });
      expect(Math.min(...result.rungs)).toBeGreaterThanOrEqual(1);
      expect(Math.max(...result.rungs)).toBe(2);
    }
  });
});
