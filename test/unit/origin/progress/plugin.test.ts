import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFaultRuleCli } from '../../../../origin/faults/parse.js';
import { createProgressPlugin } from '../../../../origin/progress/plugin.js';
import { startTestOrigin, type TestOrigin } from '../control/origin-fixture.js';

const NOW = 1_700_000_000_000;
let test: TestOrigin;
let base: string;
let serverNowMs = NOW;

beforeAll(async () => {
  test = await startTestOrigin({ progress: { epochMs: () => serverNowMs } });
  base = test.origin.url;
});
afterAll(async () => {
  await test.close();
});

const position = (positionSec: number, updatedAt: number) => ({ positionSec, durationSec: 120, completed: false, updatedAt });

function put(path: string, token: string | null, body: unknown): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
function get(path: string, token: string | null): Promise<Response> {
  return fetch(`${base}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
}

describe('resume API: /progress/<mediaId>', () => {
  it('stores a position per viewer and gives it back with the server clock', async () => {
    const saved = await put('/progress/movie-1', 'viewer-a', position(42, NOW - 1_000));
    expect(saved.status).toBe(200);
    const read = await get('/progress/movie-1', 'viewer-a');
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ mediaId: 'movie-1', ...position(42, NOW - 1_000), serverTimeMs: NOW });
  });

  it('never shows a viewer another viewer\'s position, nor lets them overwrite it', async () => {
    await put('/progress/shared-film', 'viewer-a', position(40, NOW - 1_000));
    const asB = await get('/progress/shared-film', 'viewer-b');
    expect(asB.status).toBe(404);
    const body = (await asB.json()) as Record<string, unknown>;
    expect(JSON.stringify(body)).not.toContain('40');

    expect((await put('/progress/shared-film', 'viewer-b', position(5, NOW))).status).toBe(200);
    const asA = (await (await get('/progress/shared-film', 'viewer-a')).json()) as { positionSec: number };
    expect(asA.positionSec).toBe(40);
    expect(((await (await get('/progress/shared-film', 'viewer-b')).json()) as { positionSec: number }).positionSec).toBe(5);
  });

  it('answers 401 with WWW-Authenticate without a bearer token', async () => {
    const response = await get('/progress/movie-1', null);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await put('/progress/movie-1', null, position(1, NOW))).status).toBe(401);
    const basic = await fetch(`${base}/progress/movie-1`, { headers: { Authorization: 'Basic dXNlcjpwdw==' } });
    expect(basic.status).toBe(401);
  });

  it('keeps the newer position: an older write gets 409 with the current one', async () => {
    await put('/progress/lww', 'viewer-a', position(60, NOW - 1_000));
    const stale = await put('/progress/lww', 'viewer-a', position(20, NOW - 5_000));
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: { code: 'STALE_WRITE' }, current: position(60, NOW - 1_000) });
    expect((await put('/progress/lww', 'viewer-a', position(70, NOW - 1_000))).status).toBe(200); // same time: replaced
  });

  it('clamps a timestamp from the future to the server clock', async () => {
    const response = await put('/progress/future', 'viewer-a', position(30, NOW + 3_600_000));
    expect(((await response.json()) as { updatedAt: number }).updatedAt).toBe(NOW);
  });

  it.each([
    ['not an object', [1, 2]],
    ['a missing field', { positionSec: 1, durationSec: 120, completed: false }],
    ['an unknown field', { ...position(1, NOW), viewer: 'someone-else' }],
    ['a negative position', position(-1, NOW)],
    ['a position past the duration', { ...position(121, NOW) }],
    ['a duration of a month', { ...position(1, NOW), durationSec: 31 * 24 * 3600 }],
    ['a non-boolean completed', { ...position(1, NOW), completed: 'yes' }],
    ['a fractional timestamp', position(1, NOW + 0.5)],
  ])('refuses a body with %s (400 INVALID_PROGRESS)', async (_label, body) => {
    const response = await put('/progress/bad', 'viewer-a', body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'INVALID_PROGRESS' } });
  });

  it('refuses bad JSON (400) and bodies over 1 kB (413)', async () => {
    expect((await put('/progress/bad', 'viewer-a', '{nope')).status).toBe(400);
    const big = await put('/progress/bad', 'viewer-a', JSON.stringify({ ...position(1, NOW), pad: 'x'.repeat(2_000) }));
    expect(big.status).toBe(413);
  });

  it('refuses media ids that are not 1 to 128 safe characters', async () => {
    expect((await get(`/progress/${'a'.repeat(129)}`, 'viewer-a')).status).toBe(400);
    expect((await get('/progress/a%20b', 'viewer-a')).status).toBe(400);
    expect((await get('/progress/', 'viewer-a')).status).toBe(400);
  });

  it('deletes only the asking viewer\'s position', async () => {
    await put('/progress/del', 'viewer-a', position(30, NOW));
    await put('/progress/del', 'viewer-b', position(50, NOW));
    const deleted = await fetch(`${base}/progress/del`, { method: 'DELETE', headers: { Authorization: 'Bearer viewer-a' } });
    expect(await deleted.json()).toMatchObject({ deleted: true });
    expect((await get('/progress/del', 'viewer-a')).status).toBe(404);
    expect((await get('/progress/del', 'viewer-b')).status).toBe(200);
  });

  it('answers 405 to other methods', async () => {
    const response = await fetch(`${base}/progress/m`, {
      method: 'POST',
      headers: { Authorization: 'Bearer viewer-a', 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toContain('PUT');
  });

  it('works under a session prefix, sharing the viewer\'s rows', async () => {
    await put('/s/test-session/progress/in-session', 'viewer-a', position(25, NOW));
    expect((await get('/progress/in-session', 'viewer-a')).status).toBe(200);
  });

  it('lets a page on another origin PUT with an Authorization header (CORS preflight)', async () => {
    const preflight = await fetch(`${base}/progress/m`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:9999', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:9999');
  });

  it('keeps positions in a database file across origins', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'progress-db-'));
    const database = join(dir, 'origin.sqlite');
    try {
      const first = await startTestOrigin({ progress: { database } });
      await fetch(`${first.origin.url}/progress/kept`, {
        method: 'PUT',
        headers: { Authorization: 'Bearer viewer-a', 'Content-Type': 'application/json' },
        body: JSON.stringify(position(77, Date.now() - 1_000)),
      });
      await first.close();
      const second = await startTestOrigin({ progress: { database } });
      const read = await fetch(`${second.origin.url}/progress/kept`, { headers: { Authorization: 'Bearer viewer-a' } });
      expect(((await read.json()) as { positionSec: number }).positionSec).toBe(77);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('resume API: fault injection', () => {
  let faulty: TestOrigin;
  let faultyBase: string;

  beforeAll(async () => {
    // The progress plugin given the origin's own faults plugin (what createOrigin should pass it).
    faulty = await startTestOrigin({ progress: false });
    faulty.origin.addPlugin(createProgressPlugin({ faults: faulty.origin.faults }));
    faultyBase = faulty.origin.url;
  });
  afterAll(async () => {
    await faulty.close();
  });

  const putTo = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${faultyBase}${path}`, {
      method: 'PUT',
      headers: { Authorization: 'Bearer viewer-f', 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('answers a matching rule\'s 503 with Retry-After a page on another origin can read, then serves the write', async () => {
    const session = 'progress-faults';
    faulty.origin.faults.setRules(session, [parseFaultRuleCli('503:path=/progress/flaky,count=2,retryAfter=3')]);
    const path = `/s/${session}/progress/flaky`;
    const origin = { Origin: 'http://127.0.0.1:9999' };
    const first = await putTo(path, position(30, NOW), origin);
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('3');
    expect(first.headers.get('access-control-expose-headers')).toMatch(/(^|,\s*)Retry-After(,|$)/);
    expect((await putTo(path, position(30, NOW), origin)).status).toBe(503);
    const third = await putTo(path, position(30, NOW), origin);
    expect(third.status).toBe(200);
    const log = faulty.origin.log.entries({ session }).filter((entry) => entry.method === 'PUT');
    expect(log.map((entry) => [entry.status, entry.fault !== null])).toEqual([
      [503, true],
      [503, true],
      [200, false],
    ]);
    const stored = await fetch(`${faultyBase}${path}`, { headers: { Authorization: 'Bearer viewer-f' } });
    expect(((await stored.json()) as { positionSec: number }).positionSec).toBe(30);
  });

  it('leaves other paths and sessions alone', async () => {
    faulty.origin.faults.setRules('other-session', [parseFaultRuleCli('500:path=/progress/only-this')]);
    expect((await putTo('/s/other-session/progress/not-this', position(5, NOW))).status).toBe(200);
    expect((await putTo('/s/no-rules/progress/only-this', position(5, NOW))).status).toBe(200);
    expect((await putTo('/s/other-session/progress/only-this', position(5, NOW))).status).toBe(500);
  });
});
