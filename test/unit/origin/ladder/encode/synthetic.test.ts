import { describe, expect, it } from 'vitest';
import { findFontFile, resolveSyntheticOptions, syntheticSourceInfo } from '../../../../../origin/ladder/encode/synthetic.js';

describe('resolveSyntheticOptions', () => {
  it('defaults to 120 s of 1080p25', () => {
    expect(resolveSyntheticOptions()).toEqual({ durationSec: 120, width: 1920, height: 1080, frameRate: 25 });
  });

  it('keeps given values and ignores undefined ones', () => {
    expect(resolveSyntheticOptions({ durationSec: 6, width: undefined, height: 360 })).toMatchObject({ durationSec: 6, width: 1920, height: 360 });
  });

  it('rejects odd sizes and nonsense durations', () => {
    expect(() => resolveSyntheticOptions({ width: 641 })).toThrow(/even/);
    expect(() => resolveSyntheticOptions({ durationSec: 0 })).toThrow(/duration/);
  });
});

describe('syntheticSourceInfo', () => {
  it('describes the synthetic source without probing', () => {
    expect(syntheticSourceInfo(resolveSyntheticOptions({ durationSec: 6 }))).toEqual({ width: 1920, height: 1080, durationSec: 6, frameRate: 25, hasAudio: true });
  });
});

describe('findFontFile', () => {
  it('returns the first candidate that exists, skipping paths that need escaping', () => {
    const exists = (path: string) => path !== '/a.ttf';
    expect(findFontFile(exists, ['/a.ttf', "/it's.ttf", '/c:d.ttf', '/b.ttf'])).toBe('/b.ttf');
  });

  it('returns null when no font exists', () => {
    expect(findFontFile(() => false, ['/a.ttf'])).toBeNull();
  });
});
