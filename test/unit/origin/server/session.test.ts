import { describe, expect, it } from 'vitest';
import { isSessionId, splitSession, withSession } from '../../../../origin/server/session.js';

describe('splitSession', () => {
  it('strips the /s/<session>/ prefix and returns the session', () => {
    expect(splitSession('/s/test-42/master.m3u8', {})).toEqual({ session: 'test-42', rawPath: '/master.m3u8' });
    expect(splitSession('/s/a_B-9/video/720p/seg-00001.m4s', {})).toEqual({ session: 'a_B-9', rawPath: '/video/720p/seg-00001.m4s' });
  });

  it('prefers the prefix over the x-vod-session header', () => {
    expect(splitSession('/s/from-path/master.m3u8', { 'x-vod-session': 'from-header' }).session).toBe('from-path');
  });

  it('falls back to the x-vod-session header', () => {
    expect(splitSession('/master.m3u8', { 'x-vod-session': 'from-header' })).toEqual({ session: 'from-header', rawPath: '/master.m3u8' });
  });

  it('ignores a header that is not a valid session id', () => {
    expect(splitSession('/master.m3u8', { 'x-vod-session': 'bad session!' }).session).toBeNull();
  });

  it('leaves paths with an invalid prefix alone', () => {
    const long = 'x'.repeat(65);
    expect(splitSession(`/s/${long}/master.m3u8`, {})).toEqual({ session: null, rawPath: `/s/${long}/master.m3u8` });
    expect(splitSession('/s/bad%20id/master.m3u8', {}).session).toBeNull();
    expect(splitSession('/s/only-a-session', {}).session).toBeNull();
  });

  it('strips the prefix only once', () => {
    expect(splitSession('/s/a/s/b/x', {})).toEqual({ session: 'a', rawPath: '/s/b/x' });
  });
});

describe('isSessionId / withSession', () => {
  it('accepts 1 to 64 of [A-Za-z0-9_-]', () => {
    expect(isSessionId('a')).toBe(true);
    expect(isSessionId('x'.repeat(64))).toBe(true);
    expect(isSessionId('')).toBe(false);
    expect(isSessionId('x'.repeat(65))).toBe(false);
    expect(isSessionId('a/b')).toBe(false);
  });

  it('builds a session path and refuses invalid ids', () => {
    expect(withSession('/master.m3u8', 'run-1')).toBe('/s/run-1/master.m3u8');
    expect(withSession('master.m3u8', 'run-1')).toBe('/s/run-1/master.m3u8');
    expect(() => withSession('/x', '../etc')).toThrow(RangeError);
  });
});
