import { describe, expect, it } from 'vitest';
import { bolaParameters, bolaPolicy, constantLadder, constantTrace, DEFAULT_LADDER_SPEC, simulate, type PlayerSnapshot } from '../../../../abr/index.js';
import { RUNGS } from '../fixtures.js';

const snapshot = (bufferSec: number, bufferGoalSec?: number): PlayerSnapshot => ({
  nowMs: 0,
  bufferSec,
  rungs: RUNGS,
  nextSegment: { index: 0, durationSec: 2 },
  lastRung: null,
  ...(bufferGoalSec !== undefined ? { bufferGoalSec } : {}),
});

describe('BOLA-BASIC baseline', () => {
  it('sets V and γp as dash.js: the lowest rung up to 10 s, the top rung at the buffer target', () => {
    const bitrates = RUNGS.map((rung) => rung.bitrateBps);
    const p = bolaParameters(bitrates, 30);
    expect(p.utilities[0]).toBe(1);
    expect(p.utilities[4]).toBeCloseTo(1 + Math.log(4_628_000 / 428_000), 12);
    expect(p.vSec * (p.utilities[0]! + p.gammaP - 1)).toBeCloseTo(10, 9);
    expect(p.vSec * (p.utilities[4]! + p.gammaP - 1)).toBeCloseTo(30, 9);
    // The target is at least 10 s + 2 s per rung.
    expect(bolaParameters(bitrates, 12).targetSec).toBe(20);
  });

  it('climbs the ladder as the buffer grows, never down', () => {
    const policy = bolaPolicy();
    let previous = 0;
    for (let buffer = 0; buffer <= 30; buffer += 0.25) {
      const rung = policy.decide(snapshot(buffer, 30)).rung;
      expect(rung).toBeGreaterThanOrEqual(previous);
      previous = rung;
    }
    expect(policy.decide(snapshot(10, 30)).rung).toBe(0);
    expect(policy.decide(snapshot(20, 30)).rung).toBe(2);
    // 28 s: the most a 2 s segment can start at under the simulator's 30 s cap.
    expect(policy.decide(snapshot(28, 30)).rung).toBe(4);
  });

  it('takes its buffer target from the player buffer goal', () => {
    // A 20 s goal reaches the top rung by 20 s; a 30 s goal holds 480p there.
    expect(bolaPolicy().decide(snapshot(20, 20)).rung).toBe(4);
    expect(bolaPolicy().decide(snapshot(20, 30)).rung).toBe(2);
    expect(bolaPolicy().decide(snapshot(20)).rung).toBe(2);
    expect(bolaPolicy({ bufferTargetSec: 20 }).decide(snapshot(20, 30)).rung).toBe(4);
  });

  it('plays a steady link without stalls, ending on the top rung when the link carries it', () => {
    const ladder = constantLadder({ ...DEFAULT_LADDER_SPEC, segmentCount: 100 });
    const fast = simulate(constantTrace(6000), ladder, bolaPolicy());
    expect(fast.qoe.stallSec).toBe(0);
    expect(fast.rungs.slice(-50).every((rung) => rung === 4)).toBe(true);
    expect(simulate(constantTrace(1000), ladder, bolaPolicy()).qoe.stallSec).toBe(0);
  });

  it('decide is pure and stateless', () => {
    const policy = bolaPolicy();
    const snap = Object.freeze(snapshot(17, 30));
    expect(policy.decide(snap)).toEqual(policy.decide(snap));
    expect(policy.onDownloaded).toBeUndefined();
  });
});
