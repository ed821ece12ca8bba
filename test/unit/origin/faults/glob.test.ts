import { describe, expect, it } from 'vitest';
import { FaultError } from '../../../../origin/faults/errors.js';
import { compileGlob, matchesGlob, MAX_GLOB_LENGTH, readGlob } from '../../../../origin/faults/glob.js';

const matches = (glob: string, path: string): boolean => matchesGlob(compileGlob(glob), path);

describe('matchesGlob', () => {
  it.each([
    ['/master.m3u8', '/master.m3u8', true],
    ['/master.m3u8', '/master.m3u8x', false],
    ['/master.m3u8', '/title/master.m3u8', false],
    ['/video/720p/**', '/video/720p/seg-00001.m4s', true],
    ['/video/720p/**', '/video/720p/', true],
    ['/video/720p/**', '/video/1080p/seg-00001.m4s', false],
    ['/video/*/init.mp4', '/video/720p/init.mp4', true],
    ['/video/*/init.mp4', '/video/720p/extra/init.mp4', false],
    ['/video/*p/init.mp4', '/video/1080p/init.mp4', true],
    ['/video/*', '/video/', true],
    ['**/seg-0000?.m4s', '/video/720p/seg-00007.m4s', true],
    ['**/seg-0000?.m4s', '/audio/seg-00012.m4s', false],
    ['/seg-?.m4s', '/seg-/.m4s', false],
    ['**.mpd', '/a/b/manifest.mpd', true],
    ['**', '/anything/at/all', true],
    ['*', '/a', false],
    ['/*', '/a', true],
    ['/a***b', '/a/x/b', true],
  ])('%s on %s is %s', (glob, path, expected) => {
    expect(matches(glob, path)).toBe(expected);
  });

  it('takes a star as a literal run only where the glob has one', () => {
    expect(matches('/a?c', '/abc')).toBe(true);
    expect(matches('/a?c', '/ac')).toBe(false);
  });

  it('matches a 10,000-character adversarial path in well under 50 ms', () => {
    // The patterns that make a backtracking regex explode: nested or repeated stars that can each
    // take any share of a long run of the same character, with a tail that never matches.
    const path = `/${'a'.repeat(10_000)}`;
    const globs = [
      '/**a**a**a**a**a**a**a**a**a**a**b',
      `/${'*a'.repeat(40)}b`,
      `/${'a*'.repeat(60)}?b`,
      `**${'a**'.repeat(80)}b`,
    ].map(compileGlob);
    for (const glob of globs) matchesGlob(glob, path); // warm up the JIT
    for (const glob of globs) {
      const startMs = performance.now();
      const result = matchesGlob(glob, path);
      const elapsedMs = performance.now() - startMs;
      expect(result, glob.source).toBe(false);
      expect(elapsedMs, glob.source).toBeLessThan(50);
    }
  });

  it('matches a 10,000-character path that does match, in linear time', () => {
    const path = `/${'ab/'.repeat(3_333)}x.m4s`;
    const startMs = performance.now();
    expect(matches('/**a**b**/*.m4s', path)).toBe(true);
    expect(performance.now() - startMs).toBeLessThan(50);
  });
});

describe('readGlob', () => {
  const codeOf = (value: unknown): string | null => {
    try {
      readGlob(value, 'match.pathGlob');
      return null;
    } catch (error) {
      return error instanceof FaultError ? error.code : 'OTHER';
    }
  };

  it('takes globs that start with / or *', () => {
    expect(readGlob('/video/720p/**', 'f')).toBe('/video/720p/**');
    expect(readGlob('**/init.mp4', 'f')).toBe('**/init.mp4');
  });

  it.each([
    [''],
    ['x'.repeat(MAX_GLOB_LENGTH + 1)],
    ['video/720p/**'],
    ['/a\u0000b'],
    ['^/video/'],
    ['/video/(720p|1080p)/'],
    ['/seg-[0-9].m4s'],
    ['/a\\d+'],
    [42],
  ])('refuses %j with BAD_GLOB', (value) => {
    expect(codeOf(value)).toBe('BAD_GLOB');
  });

  it('says a regex-looking glob is a glob, with an example', () => {
    expect(() => readGlob('^/video/720p/', 'path')).toThrow(/looks like a regular expression.*\/video\/720p\/\*\*/);
  });
});
