import { writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOrigin, type OriginServer, type RequestLogEntry } from '../../../../origin/server/server.js';
import { fakeBytes, makeFakeLadder, request, waitForEntries, type FakeLadder } from './helpers.js';

const BIG_BYTES = 32 * 1024 * 1024;
const MEDIUM_BYTES = 1024 * 1024;

let ladder: FakeLadder;
let origin: OriginServer;

beforeAll(async () => {
  ladder = await makeFakeLadder();
  await writeFile(join(ladder.root, 'video/720p/seg-00099.m4s'), Buffer.alloc(BIG_BYTES, 7));
  await writeFile(join(ladder.root, 'video/720p/seg-00050.m4s'), fakeBytes(MEDIUM_BYTES));
  origin = await startOrigin({ dir: ladder.root });
});
afterAll(async () => {
  await origin.close();
  await ladder.cleanup();
});
beforeEach(() => {
  origin.log.clear();
});

async function getJson(path: string, method = 'GET'): Promise<{ status: number; json: unknown }> {
  const res = await request(origin.url, path, { method });
  return { status: res.status, json: JSON.parse(res.body.toString()) };
}

describe('sessions', () => {
  it('serves /s/<session>/ paths from the root and logs the session', async () => {
    const res = await request(origin.url, '/s/test-42/master.m3u8');
    expect(res.status).toBe(200);
    const [entry] = await waitForEntries(origin.log, { session: 'test-42' });
    expect(entry).toMatchObject({ session: 'test-42', path: '/master.m3u8', kind: 'manifest' });
  });

  it('keeps relative segment URLs inside the session', async () => {
    const master = new URL(`${origin.url}/s/test-42/master.m3u8`);
    const playlist = new URL('video/360p/playlist.m3u8', master);
    const segment = new URL('seg-00001.m4s', playlist);
    expect((await fetch(playlist)).status).toBe(200);
    const res = await fetch(segment);
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(40_000);
    const entries = await waitForEntries(origin.log, { session: 'test-42' }, 2);
    expect(entries.map((e) => [e.path, e.kind, e.rung, e.segment])).toEqual([
      ['/video/360p/playlist.m3u8', 'manifest', '360p', null],
      ['/video/360p/seg-00001.m4s', 'media', '360p', 1],
    ]);
  });

  it('takes the session from the x-vod-session header when the path has none', async () => {
    await request(origin.url, '/audio/seg-00001.m4s', { headers: { 'x-vod-session': 'from-header' } });
    const [entry] = await waitForEntries(origin.log, { session: 'from-header' });
    expect(entry).toMatchObject({ kind: 'audio', rung: 'audio', segment: 1 });
  });

  it('logs null when there is no session', async () => {
    await request(origin.url, '/master.m3u8', { headers: { 'x-vod-session': 'not valid!' } });
    const [entry] = await waitForEntries(origin.log, {});
    expect(entry?.session).toBeNull();
  });

  it('answers 404 to an invalid session prefix', async () => {
    expect((await request(origin.url, `/s/${'x'.repeat(65)}/master.m3u8`)).status).toBe(404);
  });
});

describe('request log', () => {
  it('records one complete entry per request', async () => {
    const before = Date.now();
    await request(origin.url, '/s/fields/video/720p/seg-00002.m4s?bitrate=1&x=y', { headers: { Range: 'bytes=0-99' } });
    const [entry] = await waitForEntries(origin.log, { session: 'fields' });
    expect(entry).toMatchObject({
      session: 'fields',
      method: 'GET',
      path: '/video/720p/seg-00002.m4s',
      query: 'bitrate=1&x=y',
      status: 206,
      bytes: 100,
      aborted: false,
      range: 'bytes=0-99',
      fault: null,
      kind: 'media',
      rung: '720p',
      segment: 2,
    });
    expect(entry?.id).toBeGreaterThan(0);
    expect(entry?.startMs).toBeGreaterThanOrEqual(before);
    expect(entry?.startMs).toBeLessThanOrEqual(Date.now());
    expect(entry?.transferMs).toBeGreaterThanOrEqual(0);
    expect(entry?.error).toBeUndefined();
  });

  it('counts every body byte of a full response and none of a HEAD', async () => {
    await request(origin.url, '/s/bytes/video/720p/seg-00050.m4s');
    await request(origin.url, '/s/bytes/video/720p/seg-00050.m4s', { method: 'HEAD' });
    const entries = await waitForEntries(origin.log, { session: 'bytes' }, 2);
    expect(entries.map((e) => [e.method, e.status, e.bytes])).toEqual([
      ['GET', 200, MEDIUM_BYTES],
      ['HEAD', 200, 0],
    ]);
  });

  it('logs errors and preflights with their status', async () => {
    await request(origin.url, '/s/errs/nope.m4s');
    await request(origin.url, '/s/errs/%zz');
    await request(origin.url, '/s/errs/master.m3u8', { method: 'OPTIONS' });
    const entries = await waitForEntries(origin.log, { session: 'errs' }, 3);
    expect(entries.map((e) => [e.method, e.status])).toEqual([
      ['GET', 404],
      ['GET', 400],
      ['OPTIONS', 204],
    ]);
  });

  it('marks a request the client abandons as aborted, with the bytes actually sent', async () => {
    const logged = new Promise<RequestLogEntry>((resolve) => {
      const off = origin.log.onEntry((entry) => {
        if (entry.session !== 'abort') return;
        off();
        resolve(entry);
      });
    });
    await new Promise<void>((resolve, reject) => {
      const req = get(`${origin.url}/s/abort/video/720p/seg-00099.m4s`, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
    });
    const entry = await logged;
    expect(entry.aborted).toBe(true);
    expect(entry.status).toBe(200);
    expect(entry.bytes).toBeGreaterThan(0);
    expect(entry.bytes).toBeLessThan(BIG_BYTES);
    expect((await request(origin.url, '/_origin/health')).status).toBe(200);
  });

  it('streams to many concurrent sessions', async () => {
    const sessions = Array.from({ length: 60 }, (_, i) => `load-${i}`);
    const sizes = await Promise.all(
      sessions.map(async (session) => {
        const res = await fetch(`${origin.url}/s/${session}/video/720p/seg-00050.m4s`);
        return (await res.arrayBuffer()).byteLength;
      }),
    );
    expect(sizes.every((size) => size === MEDIUM_BYTES)).toBe(true);
    const entries = await waitForEntries(origin.log, { kind: 'media' }, sessions.length);
    expect(new Set(entries.map((e) => e.session)).size).toBe(sessions.length);
    expect(entries.every((e) => e.bytes === MEDIUM_BYTES && !e.aborted)).toBe(true);
  });
});

describe('log over HTTP', () => {
  beforeEach(async () => {
    await request(origin.url, '/s/a/master.m3u8');
    await request(origin.url, '/s/a/video/720p/seg-00001.m4s');
    await request(origin.url, '/s/b/master.m3u8');
    await request(origin.url, '/ladder.json');
    await waitForEntries(origin.log, {}, 4);
  });

  it('answers health', async () => {
    expect(await getJson('/_origin/health')).toEqual({ status: 200, json: { ok: true } });
  });

  it('returns all entries, or one session, as JSON', async () => {
    const all = (await getJson('/_origin/log')).json as RequestLogEntry[];
    expect(all.map((e) => e.session)).toEqual(['a', 'a', 'b', null]);
    const a = (await getJson('/_origin/log?session=a')).json as RequestLogEntry[];
    expect(a.map((e) => e.path)).toEqual(['/master.m3u8', '/video/720p/seg-00001.m4s']);
    const none = (await getJson('/_origin/log?session=')).json as RequestLogEntry[];
    expect(none.map((e) => e.path)).toEqual(['/ladder.json']);
  });

  it('filters by the session prefix of the log request itself', async () => {
    const b = (await getJson('/s/b/_origin/log')).json as RequestLogEntry[];
    expect(b.map((e) => e.session)).toEqual(['b']);
  });

  it('returns only newer entries with since, and filters by kind', async () => {
    const all = (await getJson('/_origin/log')).json as RequestLogEntry[];
    const secondId = all[1]?.id ?? -1;
    const newer = (await getJson(`/_origin/log?since=${secondId}`)).json as RequestLogEntry[];
    expect(newer.map((e) => e.path)).toEqual(['/master.m3u8', '/ladder.json']);
    const media = (await getJson('/_origin/log?kind=media,audio')).json as RequestLogEntry[];
    expect(media.map((e) => e.path)).toEqual(['/video/720p/seg-00001.m4s']);
  });

  it('clears one session with DELETE', async () => {
    expect(await getJson('/_origin/log?session=a', 'DELETE')).toEqual({ status: 200, json: { cleared: 2 } });
    const all = (await getJson('/_origin/log')).json as RequestLogEntry[];
    expect(all.map((e) => e.session)).toEqual(['b', null]);
  });

  it('does not log its own control requests', async () => {
    await getJson('/_origin/health');
    await getJson('/_origin/log');
    expect(origin.log.entries().some((e) => e.path.startsWith('/_origin'))).toBe(false);
  });

  it('answers 400 to bad filters, 404 to unknown control routes and 405 to other methods', async () => {
    expect((await getJson('/_origin/log?since=abc')).status).toBe(400);
    expect((await getJson('/_origin/log?kind=video')).status).toBe(400);
    expect((await getJson('/_origin/log?session=../x')).status).toBe(400);
    expect((await getJson('/_origin/nope')).status).toBe(404);
    expect((await getJson('/_origin/log', 'POST')).status).toBe(405);
  });

  it('never serves a ladder file under the control prefix', async () => {
    expect((await request(origin.url, '/_origin/master.m3u8')).status).toBe(404);
  });
});
