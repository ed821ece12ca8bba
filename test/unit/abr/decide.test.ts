import { describe, expect, it } from 'vitest';
import { createEstimator, decide, DEFAULT_ABR_CONFIG, pickProposal, type NamedProposal, type Rule } from '../../../abr/index.js';
import { estimatorAt, makeInput, RUNGS } from './fixtures.js';

const proposal = (rule: string, rung: number, priority: NamedProposal['priority']): NamedProposal => ({ rule, rung, priority, reason: `${rule} wants ${rung}` });
const fixedRule = (name: string, rung: number, priority: NamedProposal['priority'] = 'default'): Rule => ({
  name,
  propose: () => ({ rung, priority, reason: `${name} wants ${rung}` }),
});

describe('decide', () => {
  it('lets the strongest priority win, and the lowest rung within it', () => {
    expect(pickProposal([proposal('a', 3, 'default'), proposal('b', 1, 'default'), proposal('c', 0, 'weak')])?.rule).toBe('b');
    expect(pickProposal([proposal('a', 3, 'default'), proposal('s', 4, 'strong')])?.rule).toBe('s');
    expect(pickProposal([])).toBeNull();
  });

  it('breaks ties by rule order', () => {
    expect(pickProposal([proposal('first', 2, 'default'), proposal('second', 2, 'default')])?.rule).toBe('first');
  });

  it('composes custom rules and reports the winner with every proposal', () => {
    const decision = decide(makeInput(), DEFAULT_ABR_CONFIG, [fixedRule('wants-high', 4), fixedRule('caps-it', 1), fixedRule('weak-low', 0, 'weak')]);
    expect(decision).toMatchObject({ rung: 1, rule: 'caps-it', reason: 'caps-it wants 1' });
    expect(decision.proposals.map((p) => p.rule)).toEqual(['wants-high', 'caps-it', 'weak-low']);
  });

  it('holds the current rung when no rule has an opinion', () => {
    expect(decide(makeInput({ lastRung: 3 }), DEFAULT_ABR_CONFIG, [])).toMatchObject({ rung: 3, rule: 'none' });
  });

  it('lets the download-time rule cap the buffer rule', () => {
    // The link sustains 720p, but only 2.2 s are buffered and the estimate just fell to 3 Mbps.
    const decision = decide(makeInput({ lastRung: 3, bufferSec: 2.2, estimator: estimatorAt(3_000_000) }));
    expect(decision.rule).toBe('download-time');
    expect(decision.rung).toBeLessThan(3);
  });

  it('stays in startup until the buffer reaches the unlock level of the rung the link carries', () => {
    // 2 Mbps × 0.75 → 480p, which unlocks at 9.8 s; meanwhile the planner ramps.
    const early = decide(makeInput({ phase: 'startup', lastRung: 2, bufferSec: 6, estimator: estimatorAt(2_000_000) }));
    expect(early).toMatchObject({ phase: 'startup', rule: 'plan', rung: 2 });
    expect(early.reason).toMatch(/^plan: buffer 6\.0s, target 12\.0s, plan at 1\.8 Mbps \(est 2\.0 Mbps\) → 480p/);
    const handedOver = decide(makeInput({ phase: 'startup', lastRung: 2, bufferSec: 10, estimator: estimatorAt(2_000_000) }));
    expect(handedOver).toMatchObject({ phase: 'steady', rule: 'buffer', rung: 2 });
  });

  it('goes back to startup on a seek, ramping from the live estimate', () => {
    const decision = decide(makeInput({ phase: 'steady', seeking: true, bufferSec: 0, lastRung: 0, estimator: estimatorAt(20_000_000) }));
    expect(decision).toMatchObject({ phase: 'startup', rule: 'startup', rung: 4 });
  });

  it('starts a new viewer low and explains every decision', () => {
    const first = decide(makeInput({ phase: 'startup', bufferSec: 0, lastRung: null, estimator: createEstimator() }));
    expect(first).toMatchObject({ rung: 0, rule: 'startup', phase: 'startup' });
    expect(first.reason).toMatch(/→ 240p/);
  });

  it('always returns an allowed rung with a rule and a reason, whatever the snapshot', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 500; i++) {
      const maxRung = Math.floor(random() * 5);
      const decision = decide(
        makeInput({
          phase: random() < 0.5 ? 'startup' : 'steady',
          bufferSec: random() < 0.1 ? 0 : random() * 35,
          lastRung: random() < 0.1 ? null : Math.floor(random() * 5),
          estimator: random() < 0.1 ? createEstimator() : estimatorAt(200_000 + random() * 30_000_000),
          caps: { maxRung },
          seeking: random() < 0.05,
          mediaRemainingSec: random() < 0.5 ? random() * 100 : undefined,
          playbackRate: random() < 0.1 ? 0 : 0.5 + random() * 1.5,
        }),
      );
      expect(Number.isInteger(decision.rung)).toBe(true);
      expect(decision.rung).toBeGreaterThanOrEqual(0);
      expect(decision.rung).toBeLessThanOrEqual(maxRung);
      expect(decision.rule).not.toBe('');
      expect(decision.reason).not.toMatch(/NaN|undefined/);
      expect(decision.reason.length).toBeGreaterThan(5);
    }
  });

  it('refuses an empty ladder', () => {
    expect(() => decide(makeInput({ rungs: [] }))).toThrow(RangeError);
  });

  it('works on a single-rung ladder', () => {
    expect(decide(makeInput({ rungs: RUNGS.slice(0, 1), lastRung: 0 })).rung).toBe(0);
  });
});
