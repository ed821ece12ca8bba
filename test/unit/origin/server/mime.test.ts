import { describe, expect, it } from 'vitest';
import { contentTypeFor, DEFAULT_CONTENT_TYPE } from '../../../../origin/server/mime.js';

describe('contentTypeFor', () => {
  it.each([
    ['/master.m3u8', 'application/vnd.apple.mpegurl'],
    ['/manifest.mpd', 'application/dash+xml'],
    ['/video/720p/seg-00001.m4s', 'video/iso.segment'],
    ['/audio/seg-00001.m4s', 'video/iso.segment'],
    ['/video/720p/init.mp4', 'video/mp4'],
    ['/audio/init.mp4', 'audio/mp4'],
    ['/text/en.vtt', 'text/vtt; charset=utf-8'],
    ['/ladder.json', 'application/json; charset=utf-8'],
    ['/thumbs/sprite-001.jpg', 'image/jpeg'],
    ['/index.html', 'text/html; charset=utf-8'],
    ['/app.js', 'text/javascript; charset=utf-8'],
    ['/style.css', 'text/css; charset=utf-8'],
    ['/SEG.M4S', 'video/iso.segment'],
    ['/README', DEFAULT_CONTENT_TYPE],
    ['/.m3u8', DEFAULT_CONTENT_TYPE],
  ])('types %s as %s', (path, type) => {
    expect(contentTypeFor(path)).toBe(type);
  });
});
