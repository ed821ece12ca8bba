import { describe, expect, it } from 'vitest';
import { TraceError } from '../../../../origin/throttle/errors.js';
import { bitsBetween, createTrace, meanKbps, parseTrace, rateBpsAt, secondsToDeliver, type Trace, type TraceMode } from '../../../../origin/throttle/trace.js';

// 2 s at 1000 kbps, 1 s outage, 0.5 s at 4000 kbps: 3.5 s, 4 Mbit per pass.
const stepped = createTrace('stepped', [
  [2, 1000],
  [1, 0],
  [0.5, 4000],
]);

/** Integral by brute force: walk the steps pass after pass, summing each overlap. */
function bruteBits(trace: Trace, t0: number, t1: number, mode: TraceMode): number {
  let bits = 0;
  let start = 0;
  for (let pass = 0; start < t1; pass += 1) {
    for (const [durationSec, kbps] of trace.steps) {
      const end = start + durationSec;
      bits += kbps * 1000 * Math.max(0, Math.min(end, t1) - Math.max(start, t0));
      start = end;
    }
    if (mode === 'hold') {
      const lastKbps = trace.steps.at(-1)?.[1] ?? 0;
      bits += lastKbps * 1000 * Math.max(0, t1 - Math.max(start, t0));
      break;
    }
  }
  return bits;
}

function seededRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('parseTrace', () => {
  it('reads the shared trace format and precomputes prefix sums', () => {
    const trace = parseTrace({ name: 'fcc_x', kind: 'fcc', source: 'a/b', steps: [[5.0, 1093], [4.5, 0]] });
    expect(trace.name).toBe('fcc_x');
    expect(trace.durationSec).toBe(9.5);
    expect(trace.totalBits).toBe(5 * 1093 * 1000);
    expect(trace.stepStartSec).toEqual([0, 5, 9.5]);
    expect(trace.bitsBefore).toEqual([0, 5_465_000, 5_465_000]);
    expect(meanKbps(trace)).toBeCloseTo((5 * 1093) / 9.5);
  });

  it('names a trace without a name after the fallback', () => {
    expect(parseTrace({ steps: [[1, 1]] }, 'file-name').name).toBe('file-name');
  });

  it.each([
    ['a non-object', [[1, 2]], 'NOT_AN_OBJECT', null],
    ['null', null, 'NOT_AN_OBJECT', null],
    ['missing steps', { name: 'x' }, 'MISSING_STEPS', null],
    ['steps that are not an array', { steps: 'fast' }, 'MISSING_STEPS', null],
    ['empty steps', { steps: [] }, 'EMPTY_STEPS', null],
    ['a step that is not a pair', { steps: [[1, 2], [1, 2, 3]] }, 'MALFORMED_STEP', 1],
    ['a step that is not an array', { steps: [[1, 2], 5] }, 'MALFORMED_STEP', 1],
    ['a string duration', { steps: [['1', 2]] }, 'NOT_A_NUMBER', 0],
    ['a null rate', { steps: [[1, null]] }, 'NOT_A_NUMBER', 0],
    ['an infinite duration', { steps: [[1e400, 2]] }, 'NOT_A_NUMBER', 0],
    ['a negative duration', { steps: [[1, 2], [-0.5, 3]] }, 'NEGATIVE_DURATION', 1],
    ['a zero duration', { steps: [[0, 2]] }, 'ZERO_DURATION', 0],
    ['a negative rate', { steps: [[1, -2]] }, 'NEGATIVE_RATE', 0],
  ])('rejects %s with a typed error', (_label, json, code, stepIndex) => {
    let caught: unknown;
    try {
      parseTrace(json);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TraceError);
    expect((caught as TraceError).code).toBe(code);
    expect((caught as TraceError).stepIndex).toBe(stepIndex);
  });
});

describe('rateBpsAt', () => {
  it('steps at boundaries, the new step holding from its first instant', () => {
    expect(rateBpsAt(stepped, 0, 'loop')).toBe(1_000_000);
    expect(rateBpsAt(stepped, 1.999, 'loop')).toBe(1_000_000);
    expect(rateBpsAt(stepped, 2, 'loop')).toBe(0);
    expect(rateBpsAt(stepped, 3, 'loop')).toBe(4_000_000);
  });

  it('starts over after the last step in loop mode', () => {
    expect(rateBpsAt(stepped, 3.5, 'loop')).toBe(1_000_000);
    expect(rateBpsAt(stepped, 3.5 * 10 + 2.5, 'loop')).toBe(0);
  });

  it('keeps the last rate after the end in hold mode', () => {
    expect(rateBpsAt(stepped, 3.5, 'hold')).toBe(4_000_000);
    expect(rateBpsAt(stepped, 1000, 'hold')).toBe(4_000_000);
  });

  it('reads times before 0 as 0', () => {
    expect(rateBpsAt(stepped, -1, 'hold')).toBe(1_000_000);
  });
});

describe('bitsBetween', () => {
  it('integrates within a step and across boundaries', () => {
    expect(bitsBetween(stepped, 0, 1, 'loop')).toBe(1_000_000);
    expect(bitsBetween(stepped, 1.5, 3.25, 'loop')).toBeCloseTo(500_000 + 0 + 1_000_000, 6);
  });

  it('delivers nothing during an outage', () => {
    expect(bitsBetween(stepped, 2, 3, 'loop')).toBe(0);
    expect(bitsBetween(stepped, 2.2, 2.9, 'hold')).toBe(0);
  });

  it('counts whole loops in one step, however long the span', () => {
    expect(bitsBetween(stepped, 0, 3.5 * 1000, 'loop')).toBeCloseTo(4_000_000 * 1000, 0);
    expect(bitsBetween(stepped, 1, 1 + 3.5 * 7, 'loop')).toBeCloseTo(4_000_000 * 7, 3);
  });

  it('extends the last step past the end in hold mode', () => {
    expect(bitsBetween(stepped, 3, 13.5, 'hold')).toBeCloseTo(4_000_000 * 10.5, 3);
  });

  it('is 0 for an empty or reversed span', () => {
    expect(bitsBetween(stepped, 1, 1, 'loop')).toBe(0);
    expect(bitsBetween(stepped, 2, 1, 'loop')).toBe(0);
  });

  it('matches a brute-force sum over random spans, loops and modes', () => {
    const rng = seededRng(7);
    const steps: [number, number][] = [];
    for (let i = 0; i < 40; i += 1) steps.push([Math.round((0.2 + rng() * 2) * 1000) / 1000, rng() < 0.15 ? 0 : Math.round(rng() * 8000)]);
    const trace = createTrace('random', steps);
    for (let i = 0; i < 500; i += 1) {
      const t0 = rng() * trace.durationSec * 3;
      const t1 = t0 + rng() * trace.durationSec * 2;
      for (const mode of ['loop', 'hold'] as const) {
        const exact = bitsBetween(trace, t0, t1, mode);
        const brute = bruteBits(trace, t0, t1, mode);
        expect(Math.abs(exact - brute)).toBeLessThanOrEqual(1e-6 * Math.max(1, brute));
      }
    }
  });

  it('adds up: the integral over [a, c] is the sum over [a, b] and [b, c]', () => {
    const a = 0.7;
    const b = 5.3;
    const c = 19.1;
    for (const mode of ['loop', 'hold'] as const) {
      expect(bitsBetween(stepped, a, b, mode) + bitsBetween(stepped, b, c, mode)).toBeCloseTo(bitsBetween(stepped, a, c, mode), 3);
    }
  });
});

describe('secondsToDeliver', () => {
  it('inverts the integral within a step', () => {
    expect(secondsToDeliver(stepped, 0, 500_000, 'loop')).toBeCloseTo(0.5, 9);
  });

  it('waits out an outage until the next non-zero step', () => {
    // At t = 2.5 the link is down until 3; 1 Mbit at 4 Mbps takes 0.25 s more.
    expect(secondsToDeliver(stepped, 2.5, 1_000_000, 'loop')).toBeCloseTo(0.75, 9);
  });

  it('wraps into the next loop', () => {
    // From 3.25: 1 Mbit to the end (0.25 s), then 1 Mbit at 1 Mbps (1 s).
    expect(secondsToDeliver(stepped, 3.25, 2_000_000, 'loop')).toBeCloseTo(1.25, 9);
  });

  it('is Infinity for a hold trace that ends in an outage, and for an all-outage loop', () => {
    const endsDown = createTrace('ends-down', [[1, 1000], [1, 0]]);
    expect(secondsToDeliver(endsDown, 1.5, 8, 'hold')).toBe(Infinity);
    expect(secondsToDeliver(endsDown, 1.5, 8, 'loop')).toBeCloseTo(0.5 + 8 / 1e6, 9);
    expect(secondsToDeliver(createTrace('dead', [[1, 0]]), 0, 8, 'loop')).toBe(Infinity);
  });

  it('agrees with bitsBetween at random points', () => {
    const rng = seededRng(11);
    for (let i = 0; i < 200; i += 1) {
      const from = rng() * 20;
      const bits = rng() * 20_000_000;
      const seconds = secondsToDeliver(stepped, from, bits, 'loop');
      expect(bitsBetween(stepped, from, from + seconds, 'loop')).toBeCloseTo(bits, 0);
    }
  });
});
