import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMMUTABLE_CACHE_CONTROL } from '../../../../origin/server/cache-control.js';
import { OriginError, startOrigin, type OriginServer } from '../../../../origin/server/server.js';
import { makeFakeLadder, request, type FakeLadder } from './helpers.js';

let ladder: FakeLadder;
let origin: OriginServer;

beforeAll(async () => {
  ladder = await makeFakeLadder();
  origin = await startOrigin({ dir: ladder.root });
});
afterAll(async () => {
  await origin.close();
  await ladder.cleanup();
});

function fileBytes(path: string): Buffer {
  const bytes = ladder.files.get(path);
  if (bytes === undefined) throw new Error(`no fixture ${path}`);
  return bytes;
}

describe('startOrigin', () => {
  it('listens on a free loopback port and reports its url', () => {
    expect(origin.port).toBeGreaterThan(0);
    expect(origin.url).toBe(`http://127.0.0.1:${origin.port}`);
  });

  it('rejects a directory that does not exist', async () => {
    await expect(startOrigin({ dir: `${ladder.tmp}/missing` })).rejects.toMatchObject({ code: 'ROOT_NOT_FOUND' });
    await expect(startOrigin({ dir: `${ladder.root}/master.m3u8` })).rejects.toBeInstanceOf(OriginError);
  });

  it('rejects a port that is taken', async () => {
    await expect(startOrigin({ dir: ladder.root, port: origin.port })).rejects.toMatchObject({ code: 'LISTEN_FAILED' });
  });

  it('closes twice without failing', async () => {
    const other = await startOrigin({ dir: ladder.root });
    await other.close();
    await expect(other.close()).resolves.toBeUndefined();
  });
});

describe('static files', () => {
  it.each([
    ['/master.m3u8', 'application/vnd.apple.mpegurl'],
    ['/manifest.mpd', 'application/dash+xml'],
    ['/ladder.json', 'application/json; charset=utf-8'],
    ['/video/720p/init.mp4', 'video/mp4'],
    ['/video/720p/seg-00001.m4s', 'video/iso.segment'],
    ['/audio/init.mp4', 'audio/mp4'],
    ['/audio/seg-00001.m4s', 'video/iso.segment'],
    ['/text/en.vtt', 'text/vtt; charset=utf-8'],
    ['/thumbs/sprite-001.jpg', 'image/jpeg'],
    ['/index.html', 'text/html; charset=utf-8'],
    ['/app.js', 'text/javascript; charset=utf-8'],
    ['/style.css', 'text/css; charset=utf-8'],
  ])('serves %s as %s with its exact bytes', async (path, type) => {
    const res = await request(origin.url, path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(Number(res.headers['content-length'])).toBe(fileBytes(path).length);
    expect(res.body.equals(fileBytes(path))).toBe(true);
  });

  it.each([
    ['/master.m3u8', 'no-cache'],
    ['/manifest.mpd', 'no-cache'],
    ['/ladder.json', 'no-cache'],
    ['/video/720p/playlist.m3u8', 'no-cache'],
    ['/text/en.m3u8', 'no-cache'],
    ['/text/en.vtt', 'no-cache'],
    ['/video/720p/init.mp4', IMMUTABLE_CACHE_CONTROL],
    ['/video/720p/seg-00002.m4s', IMMUTABLE_CACHE_CONTROL],
    ['/audio/seg-00001.m4s', IMMUTABLE_CACHE_CONTROL],
    ['/thumbs/sprite-001.jpg', IMMUTABLE_CACHE_CONTROL],
  ])('sends %s with Cache-Control %s', async (path, cacheControl) => {
    const res = await request(origin.url, path, { method: 'HEAD' });
    expect(res.headers['cache-control']).toBe(cacheControl);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const res = await request(origin.url, '/video/720p/seg-00001.m4s', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('100000');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['etag']).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(res.headers['last-modified']).toBeDefined();
    expect(res.body.length).toBe(0);
  });

  it('serves an empty file', async () => {
    const res = await request(origin.url, '/empty.m4s');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('0');
    expect(res.body.length).toBe(0);
  });

  it('answers 304 to a matching If-None-Match and 200 to a stale one', async () => {
    const first = await request(origin.url, '/master.m3u8');
    const etag = String(first.headers.etag);
    const again = await request(origin.url, '/master.m3u8', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    const stale = await request(origin.url, '/master.m3u8', { headers: { 'If-None-Match': '"stale"' } });
    expect(stale.status).toBe(200);
  });

  it('answers 304 to If-Modified-Since at or after the modification time', async () => {
    const first = await request(origin.url, '/master.m3u8');
    const res = await request(origin.url, '/master.m3u8', { headers: { 'If-Modified-Since': String(first.headers['last-modified']) } });
    expect(res.status).toBe(304);
  });

  it('answers 404 to a missing file', async () => {
    const res = await request(origin.url, '/video/720p/seg-99999.m4s');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/json');
  });

  it.each(['/', '/video', '/video/', '/video/720p/', '/audio'])('never lists the directory %s', async (path) => {
    const res = await request(origin.url, path);
    expect(res.status).toBe(404);
    expect(res.body.toString()).not.toContain('seg-00001');
  });

  it('ignores the query string when finding the file', async () => {
    const res = await request(origin.url, '/master.m3u8?CMCD=sid%3D%22x%22&v=1');
    expect(res.status).toBe(200);
  });
});

describe('ranges', () => {
  const path = '/video/720p/seg-00001.m4s';
  const size = 100_000;

  it('answers a closed range with 206 and Content-Range', async () => {
    const res = await request(origin.url, path, { headers: { Range: 'bytes=100-199' } });
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 100-199/${size}`);
    expect(res.headers['content-length']).toBe('100');
    expect(res.body.equals(fileBytes(path).subarray(100, 200))).toBe(true);
  });

  it('answers an open-ended range to the end of the file', async () => {
    const res = await request(origin.url, path, { headers: { Range: 'bytes=99000-' } });
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 99000-99999/${size}`);
    expect(res.body.equals(fileBytes(path).subarray(99_000))).toBe(true);
  });

  it('answers a suffix range with the last bytes', async () => {
    const res = await request(origin.url, path, { headers: { Range: 'bytes=-500' } });
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 99500-99999/${size}`);
    expect(res.body.equals(fileBytes(path).subarray(-500))).toBe(true);
  });

  it('answers 416 with the size when the range starts past the end', async () => {
    const res = await request(origin.url, path, { headers: { Range: `bytes=${size}-` } });
    expect(res.status).toBe(416);
    expect(res.headers['content-range']).toBe(`bytes */${size}`);
    expect(res.body.length).toBe(0);
  });

  it('answers a multi-range request with the whole file', async () => {
    const res = await request(origin.url, path, { headers: { Range: 'bytes=0-1,10-11' } });
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(size);
  });

  it('answers HEAD with a range as 206 without a body', async () => {
    const res = await request(origin.url, path, { method: 'HEAD', headers: { Range: 'bytes=0-9' } });
    expect(res.status).toBe(206);
    expect(res.headers['content-length']).toBe('10');
    expect(res.body.length).toBe(0);
  });

  it('honours If-Range only when it names the current version', async () => {
    const { headers } = await request(origin.url, path, { method: 'HEAD' });
    const fresh = await request(origin.url, path, { headers: { Range: 'bytes=0-9', 'If-Range': String(headers.etag) } });
    expect(fresh.status).toBe(206);
    const stale = await request(origin.url, path, { headers: { Range: 'bytes=0-9', 'If-Range': '"old"' } });
    expect(stale.status).toBe(200);
    expect(stale.body.length).toBe(size);
  });
});

describe('CORS', () => {
  it('allows any origin on a plain request and exposes the range headers', async () => {
    const res = await request(origin.url, '/master.m3u8');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-expose-headers']).toContain('Content-Range');
    expect(res.headers['access-control-expose-headers']).toContain('Content-Length');
    expect(res.headers['access-control-expose-headers']).toContain('Accept-Ranges');
  });

  it('echoes the Origin with credentials allowed', async () => {
    const res = await request(origin.url, '/master.m3u8', { headers: { Origin: 'http://localhost:5173' } });
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers.vary).toContain('Origin');
  });

  it('sends CORS headers on errors too', async () => {
    const res = await request(origin.url, '/missing.m4s', { headers: { Origin: 'http://localhost:5173' } });
    expect(res.status).toBe(404);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
  });

  it('answers a preflight with the methods and the requested Range, x- and CMCD headers', async () => {
    const res = await request(origin.url, '/s/p1/video/720p/seg-00001.m4s', {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'range,x-vod-session,cmcd-request,cmcd-object,x-anything',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(res.headers['access-control-allow-methods']).toBe('GET, HEAD, POST, PUT, DELETE, OPTIONS');
    expect(res.headers['access-control-allow-headers']).toBe('range,x-vod-session,cmcd-request,cmcd-object,x-anything');
    expect(Number(res.headers['access-control-max-age'])).toBeGreaterThan(0);
  });

  it('answers a preflight that names no headers with a default list including Range', async () => {
    const res = await request(origin.url, '/master.m3u8', { method: 'OPTIONS', headers: { 'Access-Control-Request-Method': 'GET' } });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-headers']).toContain('Range');
  });
});
