import { describe, expect, it } from 'vitest';
import { bufferAheadSec, rangesToArray, type RangesLike } from '../../../src/media/buffer.js';

const ranges = (...pairs: Array<[number, number]>): RangesLike => ({
  length: pairs.length,
  start: (i) => pairs[i]![0],
  end: (i) => pairs[i]![1],
});

describe('bufferAheadSec', () => {
  it('measures from the playhead to the end of the range holding it', () => {
    expect(bufferAheadSec(ranges([0, 10], [20, 30]), 4)).toBe(6);
    expect(bufferAheadSec(ranges([0, 10], [20, 30]), 25)).toBe(5);
  });
  it('is zero in a gap and past the end', () => {
    expect(bufferAheadSec(ranges([0, 10], [20, 30]), 15)).toBe(0);
    expect(bufferAheadSec(ranges([0, 10]), 10)).toBe(0);
    expect(bufferAheadSec(ranges(), 0)).toBe(0);
  });
  it('tolerates a playhead a hair before a range start', () => {
    expect(bufferAheadSec(ranges([5.05, 9]), 5)).toBeCloseTo(3.95);
  });
});

describe('rangesToArray', () => {
  it('lists the ranges as pairs', () => {
    expect(rangesToArray(ranges([0, 1], [2, 3]))).toEqual([[0, 1], [2, 3]]);
  });
});
