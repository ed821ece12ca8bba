import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrigin, type OriginServer } from '../../../../origin/server/server.js';
import { makeFakeLadder, rawExchange, request, SECRET_MARKER, type FakeLadder } from './helpers.js';
import { traversalPayloads } from './traversal-payloads.js';

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

async function expectAlive(): Promise<void> {
  const res = await request(origin.url, '/_origin/health');
  expect(res.status).toBe(200);
}

describe('path traversal over HTTP', () => {
  it('never serves a file outside the root, whatever the raw path', async () => {
    const payloads = traversalPayloads(ladder.tmp);
    for (const payload of payloads) {
      // Raw NULs and absolute-form targets cannot go through http.request; send those on a socket.
      const text = /[\u0000]/.test(payload)
        ? await rawExchange(origin.url, `GET ${payload} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)
        : await request(origin.url, payload).then((res) => `${res.status}\n${res.body.toString('latin1')}`);
      expect(text, payload).not.toContain(SECRET_MARKER);
      expect(text.startsWith('200') || text.startsWith('HTTP/1.1 200'), payload).toBe(false);
    }
    await expectAlive();
  });

  it('sends the same payloads on a raw socket without leaking', async () => {
    for (const payload of traversalPayloads(ladder.tmp)) {
      const text = await rawExchange(origin.url, `GET ${payload} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(text, payload).not.toContain(SECRET_MARKER);
      expect(text.startsWith('HTTP/1.1 200'), payload).toBe(false);
    }
  });

  it('answers 404 to a symlink escaping the root', async () => {
    expect((await request(origin.url, '/escape.txt')).status).toBe(404);
    expect((await request(origin.url, '/escape-dir/secret.txt')).status).toBe(404);
  });

  it('serves a symlink that stays inside the root', async () => {
    const res = await request(origin.url, '/alias.m3u8');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toContain('#EXTM3U');
  });

  it('answers 404 to a dot file', async () => {
    expect((await request(origin.url, '/.hidden')).status).toBe(404);
  });

  it('answers 400 to dotted, double-encoded and encoded-slash paths it cannot decode safely', async () => {
    for (const path of ['/%2e%2e%2fsecret.txt', '/%252e%252e/secret.txt', '/..%5csecret.txt', '/a\\b', '/master.m3u8%00']) {
      expect((await request(origin.url, path)).status, path).toBe(400);
    }
  });

  it('answers an absolute-form target with 400', async () => {
    const text = await rawExchange(origin.url, 'GET http://evil.example/etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(text.startsWith('HTTP/1.1 400')).toBe(true);
  });
});

describe('bad input', () => {
  it.each(['/%zz', '/%E0%A4%A', '/video/%', '/%C0%AE'])('answers 400 to the malformed path %s', async (path) => {
    const res = await request(origin.url, path);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString())).toMatchObject({ error: 'BAD_REQUEST' });
  });

  it('answers 405 to methods other than GET and HEAD on ladder files', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'PROPFIND']) {
      const res = await request(origin.url, '/master.m3u8', { method, body: method === 'GET' ? undefined : 'x' });
      expect(res.status, method).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
    }
  });

  it('keeps running after a method the HTTP parser does not know', async () => {
    const text = await rawExchange(origin.url, 'BREW /master.m3u8 HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 4\d\d/);
    await expectAlive();
  });

  it('answers 431 to huge headers and keeps running', async () => {
    const res = await request(origin.url, '/master.m3u8', { headers: { 'x-huge': 'a'.repeat(64 * 1024) } }).catch((error: Error) => error);
    if (res instanceof Error) expect(res.message).toMatch(/socket hang up|ECONNRESET|EPIPE/);
    else expect(res.status).toBe(431);
    await expectAlive();
  });

  it('keeps running after garbage on the socket', async () => {
    const text = await rawExchange(origin.url, Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]));
    expect(text).toMatch(/^HTTP\/1\.1 400|^$/);
    await expectAlive();
  });

  it('keeps running after a request line with a raw NUL', async () => {
    const text = await rawExchange(origin.url, 'GET /master.m3u8\u0000 HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(text.startsWith('HTTP/1.1 200')).toBe(false);
    await expectAlive();
  });
});
