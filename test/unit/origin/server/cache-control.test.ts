import { describe, expect, it } from 'vitest';
import { cacheControlFor, IMMUTABLE_CACHE_CONTROL, REVALIDATE_CACHE_CONTROL } from '../../../../origin/server/cache-control.js';
import { classifyPath } from '../../../../origin/server/classify.js';

describe('cacheControlFor', () => {
  it.each([
    ['/master.m3u8', REVALIDATE_CACHE_CONTROL],
    ['/manifest.mpd', REVALIDATE_CACHE_CONTROL],
    ['/ladder.json', REVALIDATE_CACHE_CONTROL],
    ['/video/720p/playlist.m3u8', REVALIDATE_CACHE_CONTROL],
    ['/text/en.m3u8', REVALIDATE_CACHE_CONTROL],
    ['/text/en.vtt', REVALIDATE_CACHE_CONTROL],
    ['/thumbs/thumbs.vtt', REVALIDATE_CACHE_CONTROL],
    ['/index.html', REVALIDATE_CACHE_CONTROL],
    ['/video/720p/init.mp4', IMMUTABLE_CACHE_CONTROL],
    ['/video/720p/seg-00001.m4s', IMMUTABLE_CACHE_CONTROL],
    ['/audio/seg-00001.m4s', IMMUTABLE_CACHE_CONTROL],
    ['/thumbs/sprite-001.jpg', IMMUTABLE_CACHE_CONTROL],
  ])('caches %s with %s', (path, cacheControl) => {
    expect(cacheControlFor(path, classifyPath(path))).toBe(cacheControl);
  });
});
