import { describe, expect, it } from 'vitest';
import { dashFrameRate, formatSec, isoDurationSec, segmentName } from '../../../../../origin/ladder/package/format.js';

describe('formatSec', () => {
  it('keeps three to six decimals', () => {
    expect(formatSec(2)).toBe('2.000');
    expect(formatSec(96256 / 48000)).toBe('2.005333');
    expect(formatSec(0.04)).toBe('0.040');
    expect(formatSec(2.0053)).toBe('2.0053');
  });
});

describe('isoDurationSec', () => {
  it('writes seconds with at most millisecond precision', () => {
    expect(isoDurationSec(120)).toBe('PT120S');
    expect(isoDurationSec(120.0213333)).toBe('PT120.021S');
  });
});

describe('dashFrameRate', () => {
  it('writes integers, NTSC rationals and other rates', () => {
    expect(dashFrameRate(25)).toBe('25');
    expect(dashFrameRate(30000 / 1001)).toBe('30000/1001');
    expect(dashFrameRate(12.5)).toBe('12.500');
  });
});

describe('segmentName', () => {
  it('pads to five digits', () => {
    expect(segmentName(7)).toBe('seg-00007.m4s');
  });
});
