import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrace } from '../../../../origin/throttle/trace.js';
import { TraceError } from '../../../../origin/throttle/errors.js';
import { waitForEntries } from '../server/helpers.js';
import { addFile, controlCall, startTestOrigin, timedRequest, type TestOrigin } from './origin-fixture.js';

let test: TestOrigin;
let base: string;
beforeAll(async () => {
  test = await startTestOrigin({
    throttle: {
      loadTrace: (name) => {
        if (name === 'steady') return createTrace(name, [[2, 4000]]);
        throw new TraceError('NOT_FOUND', `no trace named "${name}"`);
      },
    },
    control: { listTraces: async () => ['steady'] },
  });
  base = test.origin.url;
});
afterAll(async () => {
  await test.close();
});

const call = (method: string, path: string, body?: unknown) => controlCall(base, method, path, body);

describe('control API: profiles', () => {
  it('sets, reads back and resets a session profile', async () => {
    const put = await call('PUT', '/_origin/sessions/p1/profile', { kbps: 800, rttMs: 40, jitterMs: 5 });
    const before = await call('GET', '/_origin/sessions/p1/profile');
    await timedRequest(`${base}/s/p1/master.m3u8`);
    const after = await call('GET', '/_origin/sessions/p1/profile');
    const reset = await call('DELETE', '/_origin/sessions/p1/profile');

    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ session: 'p1', source: 'control', profile: { rate: { kind: 'fixed', kbps: 800 }, rttMs: 40, jitterMs: 5 } });
    expect(before.json.clock).toBeNull();
    expect(after.json.clock).toMatchObject({ startMs: expect.any(Number), startEpochMs: expect.any(Number), elapsedSec: expect.any(Number) });
    expect(reset.json).toMatchObject({ source: 'default', profile: { rate: { kind: 'unlimited' } } });
  });

  it('takes a trace by name and an explicit unlimited profile', async () => {
    const trace = await call('PUT', '/_origin/sessions/p2/profile', { trace: 'steady', traceMode: 'hold' });
    const unlimited = await call('PUT', '/_origin/sessions/p3/profile', { unlimited: true, rttMs: 20 });

    expect(trace.json.profile).toMatchObject({ rate: { kind: 'trace', name: 'steady', mode: 'hold', meanKbps: 4000 } });
    expect(unlimited.json.profile).toEqual({ rate: { kind: 'unlimited' }, rttMs: 20, jitterMs: 0 });
  });

  it.each([
    ['malformed JSON', '{"kbps": ', 400, { code: 'BAD_JSON' }],
    ['an empty body', '', 400, { code: 'EMPTY_BODY' }],
    ['an array', [1, 2], 400, { code: 'INVALID_PROFILE', reason: 'NOT_AN_OBJECT' }],
    ['an unknown field', { kbs: 800 }, 400, { code: 'INVALID_PROFILE', reason: 'UNKNOWN_FIELD', field: 'kbs' }],
    ['a rate and a trace', { kbps: 800, trace: 'steady' }, 400, { code: 'INVALID_PROFILE', reason: 'CONFLICTING_RATE' }],
    ['a negative rate', { kbps: -1 }, 400, { code: 'INVALID_PROFILE', reason: 'OUT_OF_RANGE' }],
    ['unlimited: false', { unlimited: false }, 400, { code: 'INVALID_PROFILE', field: 'unlimited' }],
    ['unlimited with a rate', { unlimited: true, kbps: 800 }, 400, { code: 'INVALID_PROFILE', reason: 'CONFLICTING_RATE' }],
    ['a trace path', { trace: '/etc/passwd' }, 400, { code: 'INVALID_PROFILE', reason: 'BAD_TRACE_REF' }],
    ['an unknown trace', { trace: 'nope' }, 400, { code: 'INVALID_TRACE', reason: 'NOT_FOUND' }],
    ['a body over 64 kB', { kbps: 800, pad: 'x'.repeat(70_000) }, 413, { code: 'BODY_TOO_LARGE' }],
  ])('rejects %s with a JSON error', async (_name, body, status, error) => {
    const response = await call('PUT', '/_origin/sessions/bad/profile', body);

    expect(response.status).toBe(status);
    expect(response.json).toEqual({ error: expect.objectContaining({ ...error, message: expect.any(String) }) });
    expect(test.origin.throttle.describe('bad').source).toBe('default');
  });

  it('rejects a bad session id, an unknown route and a wrong method', async () => {
    const badId = await call('PUT', '/_origin/sessions/a.b/profile', { kbps: 1 });
    const unknown = await call('GET', '/_origin/sessions/p1/nothing');
    const tooDeep = await call('GET', '/_origin/sessions/p1/profile/extra');
    const wrongMethod = await call('POST', '/_origin/sessions/p1/profile', { kbps: 1 });

    expect(badId).toMatchObject({ status: 400, json: { error: { code: 'BAD_SESSION' } } });
    expect(unknown).toMatchObject({ status: 404, json: { error: { code: 'NOT_FOUND' } } });
    expect(tooDeep.status).toBe(404);
    expect(wrongMethod).toMatchObject({ status: 405, json: { error: { code: 'METHOD_NOT_ALLOWED' } } });
    expect(wrongMethod.headers.allow).toBe('GET, PUT, DELETE, HEAD, OPTIONS');
  });

  it('keeps the built-in routes and lists traces', async () => {
    expect((await call('GET', '/_origin/health')).json).toEqual({ ok: true });
    expect((await call('GET', '/_origin/log?session=nobody')).json).toEqual([]);
    expect((await call('GET', '/_origin/traces')).json).toEqual({ traces: ['steady'] });
  });
});

describe('control API: faults', () => {
  const rule503 = { id: 'bad-720p', fault: { type: 'status', status: 503, retryAfterSec: 1 }, match: { kind: 'media', rung: '720p' }, count: 1 };

  it('replaces, appends and clears a session’s rules', async () => {
    const put = await call('PUT', '/_origin/sessions/f1/faults', [rule503]);
    const wrapped = await call('PUT', '/_origin/sessions/f2/faults', { rules: [rule503] });
    const post = await call('POST', '/_origin/sessions/f1/faults', { fault: { type: 'slow-first-byte', delayMs: 10 }, match: { kind: 'manifest' } });
    const get = await call('GET', '/_origin/sessions/f1/faults');
    const cleared = await call('DELETE', '/_origin/sessions/f1/faults');

    expect(put).toMatchObject({ status: 200, json: { session: 'f1', source: 'control', rules: [{ id: 'bad-720p' }] } });
    expect(wrapped.json.rules).toHaveLength(1);
    expect(post.status).toBe(200);
    expect(get.json.rules.map((rule: { id: string }) => rule.id)).toEqual(['bad-720p', 'slow@manifest:ms=10']);
    expect(cleared.json).toMatchObject({ source: 'default', rules: [] });
  });

  it('shows what fired, and the faults take effect on the session’s requests', async () => {
    await call('PUT', '/_origin/sessions/f3/faults', [rule503]);

    const first = await timedRequest(`${base}/s/f3/video/720p/seg-00001.m4s`);
    const second = await timedRequest(`${base}/s/f3/video/720p/seg-00001.m4s`);
    const view = await call('GET', '/_origin/sessions/f3/faults');

    expect([first.status, second.status]).toEqual([503, 200]);
    expect(view.json.fired).toEqual({ 'bad-720p': 1 });
  });

  it.each([
    ['an unknown fault type', [{ fault: { type: 'explode' } }], { code: 'INVALID_FAULTS', reason: 'UNKNOWN_FAULT' }],
    ['a status out of range', [{ fault: { type: 'status', status: 200 } }], { code: 'INVALID_FAULTS', reason: 'OUT_OF_RANGE' }],
    ['duplicate ids', [rule503, rule503], { code: 'INVALID_FAULTS', reason: 'DUPLICATE_ID' }],
    ['an object without rules', { rule: rule503 }, { code: 'INVALID_FAULTS', reason: 'NOT_AN_OBJECT' }],
    ['a bad glob', [{ fault: { type: 'status', status: 500 }, match: { pathGlob: '(' } }], { code: 'INVALID_FAULTS', reason: 'BAD_GLOB' }],
    ['the 0.2 pathPattern', [{ fault: { type: 'status', status: 500 }, match: { pathPattern: '^/video/' } }], { code: 'INVALID_FAULTS', reason: 'RENAMED_FIELD', field: 'match.pathPattern' }],
  ])('rejects %s with 400 and keeps the old rules', async (_name, body, error) => {
    await call('PUT', '/_origin/sessions/f4/faults', [rule503]);

    const response = await call('PUT', '/_origin/sessions/f4/faults', body);

    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject(error);
    expect(test.origin.faults.rulesOf('f4').map((rule) => rule.id)).toEqual(['bad-720p']);
  });

  it('rejects appending a rule whose id is taken', async () => {
    await call('PUT', '/_origin/sessions/f5/faults', [rule503]);

    const response = await call('POST', '/_origin/sessions/f5/faults', rule503);

    expect(response).toMatchObject({ status: 400, json: { error: { code: 'INVALID_FAULTS', reason: 'DUPLICATE_ID' } } });
  });
});

describe('control API: sessions', () => {
  it('reports what a session requested, which faults hit it and what it played', async () => {
    await addFile(
      test.ladder,
      '/ladder.json',
      JSON.stringify({
        version: 1,
        segmentDurationSec: 4,
        rungs: [
          { id: '360p', videoAverageBitrateBps: 800_000 },
          { id: '720p', videoAverageBitrateBps: 2_400_000 },
        ],
      }),
    );
    await addFile(test.ladder, '/video/360p/seg-00002.m4s', Buffer.alloc(30_000, 1));
    await call('PUT', '/_origin/sessions/r1/faults', [{ id: 'cut', fault: { type: 'truncate', fraction: 0.5 }, match: { rung: '720p', segmentFrom: 2 } }]);
    for (const path of ['/master.m3u8', '/video/360p/seg-00001.m4s', '/video/720p/seg-00002.m4s', '/video/360p/seg-00002.m4s']) {
      await timedRequest(`${base}/s/r1${path}`);
    }
    await waitForEntries(test.origin.log, { session: 'r1' }, 4);

    const { status, json } = await call('GET', '/_origin/sessions/r1/report');

    expect(status).toBe(200);
    expect(json.requests).toMatchObject({ total: 4, byKind: { manifest: 1, media: 3 } });
    expect(json.faultsApplied).toEqual([expect.objectContaining({ path: '/video/720p/seg-00002.m4s', fault: 'cut: truncate:rung=720p,seg=2-,fraction=0.5' })]);
    expect(json.played).toEqual([
      expect.objectContaining({ segment: 1, rung: '360p', bytes: 40_000, startSec: 0 }),
      expect.objectContaining({ segment: 2, rung: '360p', bytes: 30_000, startSec: 4 }),
    ]);
    expect(json.summary).toMatchObject({ rungs: ['360p', '360p'], switchCount: 0, averageDeclaredBitrateBps: 800_000, wastedBytes: 60_000 });
    expect(json.profile.source).toBe('default');
    expect(json.faults.rules).toHaveLength(1);
  });

  it('lists sessions and forgets one entirely', async () => {
    await call('PUT', '/_origin/sessions/gone/profile', { kbps: 8000 });
    await timedRequest(`${base}/s/gone/master.m3u8`);
    await waitForEntries(test.origin.log, { session: 'gone' });

    const listed = await call('GET', '/_origin/sessions');
    const forgotten = await call('DELETE', '/_origin/sessions/gone');
    const after = await call('GET', '/_origin/sessions/gone');

    expect(listed.json.sessions).toContain('gone');
    expect(forgotten.json).toEqual({ session: 'gone', forgotten: { logEntries: 1 } });
    expect(after.json.profile.source).toBe('default');
    expect(test.origin.log.entries({ session: 'gone' })).toEqual([]);
    expect((await call('GET', '/_origin/sessions')).json.sessions).not.toContain('gone');
  });

  it('serves a session’s log with a since filter', async () => {
    await timedRequest(`${base}/s/l1/master.m3u8`);
    const [first] = await waitForEntries(test.origin.log, { session: 'l1' });
    await timedRequest(`${base}/s/l1/video/360p/seg-00001.m4s`);
    await waitForEntries(test.origin.log, { session: 'l1' }, 2);

    const all = await call('GET', '/_origin/sessions/l1/log');
    const since = await call('GET', `/_origin/sessions/l1/log?since=${first?.id}`);
    const bad = await call('GET', '/_origin/sessions/l1/log?since=x');

    expect(all.json).toHaveLength(2);
    expect(since.json.map((entry: { path: string }) => entry.path)).toEqual(['/video/360p/seg-00001.m4s']);
    expect(bad).toMatchObject({ status: 400, json: { error: { code: 'BAD_QUERY' } } });
  });
});

describe('control API: network profiles on an origin with its default trace loader', () => {
  let plain: TestOrigin;
  beforeAll(async () => {
    plain = await startTestOrigin();
  });
  afterAll(async () => {
    await plain.close();
  });
  const plainCall = (method: string, path: string, body?: unknown) => controlCall(plain.origin.url, method, path, body);

  it('sets a profile by name with its own RTT and mode, unless the body gives them', async () => {
    const named = await plainCall('PUT', '/_origin/sessions/n1/profile', { trace: 'cliff' });
    const overridden = await plainCall('PUT', '/_origin/sessions/n2/profile', { trace: 'slow-4g', rttMs: 10, traceMode: 'hold' });

    expect(named.status).toBe(200);
    expect(named.json.profile).toMatchObject({ rate: { kind: 'trace', name: 'cliff', mode: 'hold', durationSec: 60 }, rttMs: 40 });
    expect(overridden.json.profile).toMatchObject({ rate: { kind: 'trace', name: 'slow-4g', mode: 'hold' }, rttMs: 10 });
  });

  it('takes an inline trace (what the QA kit sends for a file)', async () => {
    const inline = await plainCall('PUT', '/_origin/sessions/n3/profile', { trace: { name: 'from-a-file', steps: [[2, 1000], [2, 3000]] }, rttMs: 25 });

    expect(inline.json.profile).toMatchObject({ rate: { kind: 'trace', name: 'from-a-file', mode: 'loop', meanKbps: 2000 }, rttMs: 25 });
  });

  it('answers a name that is no profile, with no traces folder, with a typed 400 listing the profiles', async () => {
    const unknown = await plainCall('PUT', '/_origin/sessions/n4/profile', { trace: 'hsdpa_norway_tram' });

    expect(unknown).toMatchObject({ status: 400, json: { error: { code: 'INVALID_PROFILE', reason: 'UNKNOWN_PROFILE' } } });
    expect(unknown.json.error.message).toContain('outage-10s');
  });

  it('lists the network profiles as traces', async () => {
    expect((await plainCall('GET', '/_origin/traces')).json).toEqual({
      traces: ['slow-3g', 'fast-3g', 'slow-4g', 'fast-4g', 'cable', 'commute', 'cliff', 'oscillating', 'outage-10s'],
    });
  });
});
