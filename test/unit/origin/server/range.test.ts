import { describe, expect, it } from 'vitest';
import { decideRange } from '../../../../origin/server/range.js';

describe('decideRange', () => {
  const sizeBytes = 1_000;

  it('serves the full body without a Range header', () => {
    expect(decideRange(undefined, sizeBytes)).toEqual({ kind: 'full' });
  });

  it('serves a closed range as given', () => {
    expect(decideRange('bytes=0-99', sizeBytes)).toEqual({ kind: 'partial', startByte: 0, endByte: 99 });
    expect(decideRange('bytes=500-500', sizeBytes)).toEqual({ kind: 'partial', startByte: 500, endByte: 500 });
  });

  it('clamps a range that runs past the end', () => {
    expect(decideRange('bytes=900-5000', sizeBytes)).toEqual({ kind: 'partial', startByte: 900, endByte: 999 });
  });

  it('serves an open-ended range to the end', () => {
    expect(decideRange('bytes=990-', sizeBytes)).toEqual({ kind: 'partial', startByte: 990, endByte: 999 });
  });

  it('serves a suffix range as the last bytes', () => {
    expect(decideRange('bytes=-10', sizeBytes)).toEqual({ kind: 'partial', startByte: 990, endByte: 999 });
  });

  it('serves the whole body for a suffix longer than the body', () => {
    expect(decideRange('bytes=-5000', sizeBytes)).toEqual({ kind: 'partial', startByte: 0, endByte: 999 });
  });

  it('refuses a range that starts at or past the end', () => {
    expect(decideRange('bytes=1000-', sizeBytes)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=1000-2000', sizeBytes)).toEqual({ kind: 'unsatisfiable' });
  });

  it('refuses an empty suffix and any range of an empty body', () => {
    expect(decideRange('bytes=-0', sizeBytes)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=-1', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it.each(['bytes=abc', 'bytes=5-2', 'bytes=-', 'items=0-1', 'bytes 0-1', 'bytes=0-1,5-6', 'bytes=99999999999999999999-'])(
    'ignores %s and serves the full body',
    (header) => {
      expect(decideRange(header, sizeBytes)).toEqual({ kind: 'full' });
    },
  );

  it('accepts a unit in any case and blanks around the range', () => {
    expect(decideRange('Bytes= 1-2 ', sizeBytes)).toEqual({ kind: 'partial', startByte: 1, endByte: 2 });
  });
});
