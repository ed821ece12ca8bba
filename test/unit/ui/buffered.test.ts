import { describe, expect, it } from 'vitest';
import { playedPercent, toPercentSegments } from '../../../src/ui/buffered.js';

describe('toPercentSegments', () => {
  it('maps one range to percent of the duration', () => {
    expect(toPercentSegments([[0, 30]], 120)).toEqual([{ leftPct: 0, widthPct: 25 }]);
  });

  it('keeps separate ranges apart, in time order', () => {
    expect(
      toPercentSegments(
        [
          [60, 90],
          [0, 12],
        ],
        120,
      ),
    ).toEqual([
      { leftPct: 0, widthPct: 10 },
      { leftPct: 50, widthPct: 25 },
    ]);
  });

  it('merges ranges that overlap or touch', () => {
    expect(
      toPercentSegments(
        [
          [0, 10],
          [10, 20],
          [15, 30],
        ],
        100,
      ),
    ).toEqual([{ leftPct: 0, widthPct: 30 }]);
  });

  it('clips ranges to the duration', () => {
    expect(
      toPercentSegments(
        [
          [-2, 10],
          [90, 130],
        ],
        100,
      ),
    ).toEqual([
      { leftPct: 0, widthPct: 10 },
      { leftPct: 90, widthPct: 10 },
    ]);
  });

  it('drops empty, reversed, out-of-range and NaN ranges', () => {
    expect(
      toPercentSegments(
        [
          [5, 5],
          [20, 10],
          [150, 160],
          [Number.NaN, 10],
        ],
        100,
      ),
    ).toEqual([]);
  });

  it('shows nothing while the duration is unknown, infinite or zero', () => {
    const ranges = [[0, 10]] as const;
    expect(toPercentSegments(ranges, Number.NaN)).toEqual([]);
    expect(toPercentSegments(ranges, Number.POSITIVE_INFINITY)).toEqual([]);
    expect(toPercentSegments(ranges, 0)).toEqual([]);
  });

  it('returns nothing for no ranges', () => {
    expect(toPercentSegments([], 100)).toEqual([]);
  });

  it('does not change the ranges it is given', () => {
    const ranges: Array<readonly [number, number]> = [
      [50, 60],
      [0, 10],
    ];
    toPercentSegments(ranges, 100);
    expect(ranges).toEqual([
      [50, 60],
      [0, 10],
    ]);
  });
});

describe('playedPercent', () => {
  it('is the share of the duration played, in percent', () => {
    expect(playedPercent(30, 120)).toBe(25);
  });

  it('stays within 0–100', () => {
    expect(playedPercent(-1, 100)).toBe(0);
    expect(playedPercent(130, 100)).toBe(100);
  });

  it('is 0 while the duration or the time is unknown', () => {
    expect(playedPercent(10, Number.NaN)).toBe(0);
    expect(playedPercent(10, Number.POSITIVE_INFINITY)).toBe(0);
    expect(playedPercent(Number.NaN, 100)).toBe(0);
  });
});
