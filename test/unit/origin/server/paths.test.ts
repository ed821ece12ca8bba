import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUrlPath, isInside, resolveSafePath, splitTarget } from '../../../../origin/server/paths.js';
import { makeFakeLadder, type FakeLadder } from './helpers.js';
import { traversalPayloads } from './traversal-payloads.js';

describe('splitTarget', () => {
  it('splits path and query', () => {
    expect(splitTarget('/a/b.m3u8?x=1&y')).toEqual({ rawPath: '/a/b.m3u8', query: 'x=1&y' });
    expect(splitTarget('/a')).toEqual({ rawPath: '/a', query: '' });
  });

  it('drops a fragment', () => {
    expect(splitTarget('/a#frag?no')).toEqual({ rawPath: '/a', query: '' });
  });

  it('refuses targets that are not origin-form', () => {
    expect(splitTarget('*')).toBeNull();
    expect(splitTarget('http://evil.example/master.m3u8')).toBeNull();
    expect(splitTarget('')).toBeNull();
  });
});

describe('decodeUrlPath', () => {
  it('decodes a path once', () => {
    expect(decodeUrlPath('/video/720p/seg-00001.m4s')).toBe('/video/720p/seg-00001.m4s');
    expect(decodeUrlPath('/master%2Em3u8')).toBe('/master.m3u8');
    expect(decodeUrlPath('/caf%C3%A9.vtt')).toBe('/café.vtt');
  });

  it.each(['/%zz', '/%E0%A4%A', '/%', '/%2f', '/a%5Cb', '/a%00', '/a\u0001', '/a\\b', '/%252e', 'relative', ''])(
    'refuses %j',
    (raw) => {
      expect(decodeUrlPath(raw)).toBeNull();
    },
  );
});

describe('isInside', () => {
  it('tells a child from a sibling with a common prefix', () => {
    expect(isInside('/srv/ladder', '/srv/ladder/a')).toBe(true);
    expect(isInside('/srv/ladder', '/srv/ladder')).toBe(true);
    expect(isInside('/srv/ladder', '/srv/ladder-2/a')).toBe(false);
    expect(isInside('/srv/ladder', '/srv')).toBe(false);
    expect(isInside('/srv/ladder', '/srv/ladder/..foo')).toBe(true);
  });
});

describe('resolveSafePath', () => {
  let ladder: FakeLadder;
  let realRoot: string;
  beforeAll(async () => {
    ladder = await makeFakeLadder();
    realRoot = await realpath(ladder.root);
  });
  afterAll(() => ladder.cleanup());

  it('resolves ladder files to their real path inside the root', () => {
    expect(resolveSafePath(ladder.root, '/master.m3u8')).toBe(join(realRoot, 'master.m3u8'));
    expect(resolveSafePath(ladder.root, '/video/720p/seg-00001.m4s')).toBe(join(realRoot, 'video/720p/seg-00001.m4s'));
    expect(resolveSafePath(ladder.root, '/video/720p/seg%2D00001.m4s')).toBe(join(realRoot, 'video/720p/seg-00001.m4s'));
  });

  it('follows a symlink that stays inside the root', () => {
    expect(resolveSafePath(ladder.root, '/alias.m3u8')).toBe(join(realRoot, 'master.m3u8'));
  });

  it('refuses directories, so nothing is ever listed', () => {
    for (const path of ['/', '/video', '/video/', '/video/720p', '/audio/', '//']) {
      expect(resolveSafePath(ladder.root, path), path).toBeNull();
    }
  });

  it('refuses missing files and dot segments', () => {
    expect(resolveSafePath(ladder.root, '/nope.m3u8')).toBeNull();
    expect(resolveSafePath(ladder.root, '/./master.m3u8')).toBeNull();
    expect(resolveSafePath(ladder.root, '/video/./720p/init.mp4')).toBeNull();
  });

  it('refuses a root that does not exist', () => {
    expect(resolveSafePath(join(ladder.tmp, 'missing'), '/master.m3u8')).toBeNull();
  });

  it('refuses every traversal payload', () => {
    const leaks = traversalPayloads(ladder.tmp).filter((payload) => resolveSafePath(ladder.root, payload) !== null);
    expect(leaks).toEqual([]);
  });

  it('refuses a symlink whose target is outside the root, file or folder', () => {
    expect(resolveSafePath(ladder.root, '/escape.txt')).toBeNull();
    expect(resolveSafePath(ladder.root, '/escape-dir/secret.txt')).toBeNull();
  });
});
