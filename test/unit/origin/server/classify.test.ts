import { describe, expect, it } from 'vitest';
import { classifyPath, segmentNumber } from '../../../../origin/server/classify.js';

describe('classifyPath', () => {
  it.each([
    ['/master.m3u8', { kind: 'manifest', rung: null, segment: null }],
    ['/manifest.mpd', { kind: 'manifest', rung: null, segment: null }],
    ['/ladder.json', { kind: 'manifest', rung: null, segment: null }],
    ['/video/720p/playlist.m3u8', { kind: 'manifest', rung: '720p', segment: null }],
    ['/audio/playlist.m3u8', { kind: 'manifest', rung: 'audio', segment: null }],
    ['/text/en.m3u8', { kind: 'manifest', rung: null, segment: null }],
    ['/video/720p/init.mp4', { kind: 'init', rung: '720p', segment: null }],
    ['/video/720p/seg-00007.m4s', { kind: 'media', rung: '720p', segment: 7 }],
    ['/video/1080p60/seg-12345.m4s', { kind: 'media', rung: '1080p60', segment: 12345 }],
    ['/audio/init.mp4', { kind: 'init', rung: 'audio', segment: null }],
    ['/audio/seg-00003.m4s', { kind: 'audio', rung: 'audio', segment: 3 }],
    ['/text/en.vtt', { kind: 'text', rung: null, segment: null }],
    ['/thumbs/thumbs.vtt', { kind: 'thumbnail', rung: null, segment: null }],
    ['/thumbs/sprite-001.jpg', { kind: 'thumbnail', rung: null, segment: null }],
    ['/index.html', { kind: 'other', rung: null, segment: null }],
    ['/video/720p/notes.txt', { kind: 'other', rung: null, segment: null }],
    ['/seg-00001.m4s', { kind: 'other', rung: null, segment: null }],
    ['/', { kind: 'other', rung: null, segment: null }],
    ['', { kind: 'other', rung: null, segment: null }],
  ])('classifies %s', (path, expected) => {
    expect(classifyPath(path)).toEqual(expected);
  });

  it('classifies paths without a leading slash the same way', () => {
    expect(classifyPath('video/480p/seg-00002.m4s')).toEqual({ kind: 'media', rung: '480p', segment: 2 });
  });

  it('classifies a ladder nested under a folder by its last path segments', () => {
    expect(classifyPath('/big-buck/video/720p/seg-00009.m4s')).toEqual({ kind: 'media', rung: '720p', segment: 9 });
    expect(classifyPath('/big-buck/master.m3u8')).toEqual({ kind: 'manifest', rung: null, segment: null });
  });

  it('recognises manifests whatever the case of the extension', () => {
    expect(classifyPath('/MASTER.M3U8').kind).toBe('manifest');
  });
});

describe('segmentNumber', () => {
  it('reads the number of a zero-padded segment name', () => {
    expect(segmentNumber('seg-00007.m4s')).toBe(7);
    expect(segmentNumber('seg-0.m4s')).toBe(0);
  });

  it('returns null for names that are not numbered segments', () => {
    expect(segmentNumber('init.mp4')).toBeNull();
    expect(segmentNumber('seg-.m4s')).toBeNull();
    expect(segmentNumber('seg-12a.m4s')).toBeNull();
    expect(segmentNumber('seg-99999999999999999999.m4s')).toBeNull();
  });
});
