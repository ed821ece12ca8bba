import { describe, expect, it } from 'vitest';
import { parseMediaId, parseProgressBody } from '../../../../origin/progress/validate.js';

describe('parseProgressBody', () => {
  it('reads a well-formed position', () => {
    expect(parseProgressBody({ positionSec: 12.5, durationSec: 120, completed: false, updatedAt: 1000 }, 5000)).toEqual({
      positionSec: 12.5, durationSec: 120, completed: false, updatedAt: 1000,
    });
  });

  it('clamps a timestamp from the future to now', () => {
    expect(parseProgressBody({ positionSec: 1, durationSec: 2, completed: true, updatedAt: 9999 }, 5000).updatedAt).toBe(5000);
  });

  it('names the field at fault', () => {
    expect(() => parseProgressBody({ positionSec: Number.NaN, durationSec: 2, completed: true, updatedAt: 1 }, 5)).toThrow(
      expect.objectContaining({ code: 'INVALID_PROGRESS', field: 'positionSec' }),
    );
  });
});

describe('parseMediaId', () => {
  it('refuses anything that could be a path', () => {
    expect(() => parseMediaId('a/b')).toThrow(expect.objectContaining({ code: 'BAD_MEDIA_ID' }));
    expect(parseMediaId('movie:1')).toBe('movie:1');
  });
});
