import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ResumeStoreError } from '../../../src/resume/errors.js';
import { createRemoteStore } from '../../../src/resume/remote-store.js';
import { FakeScheduler } from './fakes.js';

const API = 'https://api.example.test/progress';
const NOW = 1_700_000_000_000;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('createRemoteStore', () => {
  it('GETs <url>/<mediaId> with the auth header and reads the record', async () => {
    let auth: string | null = null;
    server.use(
      http.get(`${API}/:id`, ({ request, params }) => {
        auth = request.headers.get('authorization');
        expect(params.id).toBe('movie:1');
        return HttpResponse.json({ positionSec: 42, durationSec: 120, completed: false, updatedAt: NOW - 5_000 });
      }),
    );
    const store = createRemoteStore({ url: `${API}/`, headers: { Authorization: 'Bearer viewer-a' } });
    await expect(store.get('movie:1')).resolves.toEqual({ positionSec: 42, durationSec: 120, completed: false, updatedAt: NOW - 5_000 });
    expect(auth).toBe('Bearer viewer-a');
  });

  it('reads 404 as "no saved position"', async () => {
    server.use(http.get(`${API}/:id`, () => HttpResponse.json({ error: { code: 'not-found' } }, { status: 404 })));
    await expect(createRemoteStore({ url: API }).get('x')).resolves.toBeNull();
  });

  it('PUTs the record as JSON, with headers read on every request', async () => {
    const bodies: unknown[] = [];
    const auths: Array<string | null> = [];
    server.use(
      http.put(`${API}/:id`, async ({ request }) => {
        bodies.push(await request.json());
        auths.push(request.headers.get('authorization'));
        return HttpResponse.json({});
      }),
    );
    let token = 't1';
    const store = createRemoteStore({ url: API, headers: () => ({ Authorization: `Bearer ${token}` }) });
    await store.set('m', { positionSec: 10, durationSec: 120, completed: false, updatedAt: NOW });
    token = 't2';
    await store.set('m', { positionSec: 14, durationSec: 120, completed: false, updatedAt: NOW + 4_000 });
    expect(bodies).toEqual([
      { positionSec: 10, durationSec: 120, completed: false, updatedAt: NOW },
      { positionSec: 14, durationSec: 120, completed: false, updatedAt: NOW + 4_000 },
    ]);
    expect(auths).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('converts timestamps between a skewed server clock and the device clock', async () => {
    const scheduler = new FakeScheduler(NOW);
    const serverAheadMs = 3_600_000; // the server's clock is an hour ahead of this device
    let stored: { updatedAt: number } | null = null;
    server.use(
      http.get(`${API}/:id`, () =>
        HttpResponse.json({ positionSec: 42, durationSec: 120, completed: false, updatedAt: NOW + serverAheadMs - 10_000, serverTimeMs: NOW + serverAheadMs }),
      ),
      http.put(`${API}/:id`, async ({ request }) => {
        stored = (await request.json()) as { updatedAt: number };
        return HttpResponse.json({ serverTimeMs: NOW + serverAheadMs });
      }),
    );
    const store = createRemoteStore({ url: API, scheduler });
    // Saved 10 s ago on the server's clock = 10 s ago on ours.
    expect((await store.get('m'))?.updatedAt).toBe(NOW - 10_000);
    expect(store.clockOffsetMs).toBe(serverAheadMs);
    await store.set('m', { positionSec: 50, durationSec: 120, completed: false, updatedAt: NOW });
    expect(stored!.updatedAt).toBe(NOW + serverAheadMs);
  });

  it('rejects with a retryable network error when offline', async () => {
    server.use(http.get(`${API}/:id`, () => HttpResponse.error()));
    const error = await createRemoteStore({ url: API }).get('m').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResumeStoreError);
    expect(error).toMatchObject({ code: 'NETWORK', store: 'remote', retryable: true, timedOut: false });
  });

  it('rejects with the HTTP status, retryable for 5xx, 401, 403, 408 and 429, not for other 4xx', async () => {
    server.use(
      http.get(`${API}/denied`, () => HttpResponse.json({ error: { code: 'unauthorized', message: 'no token' } }, { status: 401 })),
      http.get(`${API}/down`, () => new HttpResponse(null, { status: 503 })),
      http.get(`${API}/bad`, () => HttpResponse.json({ error: { code: 'BAD_MEDIA_ID' } }, { status: 400 })),
    );
    const store = createRemoteStore({ url: API });
    await expect(store.get('denied')).rejects.toMatchObject({ code: 'HTTP', httpStatus: 401, retryable: true, message: expect.stringContaining('no token') });
    await expect(store.get('down')).rejects.toMatchObject({ code: 'HTTP', httpStatus: 503, retryable: true, retryAfterMs: null });
    await expect(store.get('bad')).rejects.toMatchObject({ code: 'HTTP', httpStatus: 400, retryable: false });
  });

  it("reads an error answer's Retry-After, in seconds or as a date", async () => {
    const scheduler = new FakeScheduler(NOW);
    server.use(
      http.put(`${API}/busy`, () => new HttpResponse(null, { status: 503, headers: { 'Retry-After': '12' } })),
      http.put(`${API}/slow-down`, () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': new Date(NOW + 90_000).toUTCString() } })),
    );
    const store = createRemoteStore({ url: API, scheduler });
    const record = { positionSec: 10, durationSec: 120, completed: false, updatedAt: NOW };
    await expect(store.set('busy', record)).rejects.toMatchObject({ httpStatus: 503, retryAfterMs: 12_000 });
    await expect(store.set('slow-down', record)).rejects.toMatchObject({ httpStatus: 429, retryAfterMs: 90_000 });
  });

  it('rejects an answer that is not a saved position', async () => {
    server.use(http.get(`${API}/:id`, () => HttpResponse.json({ position: 'soon' })));
    await expect(createRemoteStore({ url: API }).get('m')).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('reports a 409 as a stale write carrying the newer position', async () => {
    server.use(
      http.put(`${API}/:id`, () =>
        HttpResponse.json({ error: { code: 'STALE_WRITE' }, current: { positionSec: 80, durationSec: 120, completed: false, updatedAt: NOW } }, { status: 409 }),
      ),
    );
    const error = await createRemoteStore({ url: API })
      .set('m', { positionSec: 10, durationSec: 120, completed: false, updatedAt: NOW - 1 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STALE_WRITE', current: { positionSec: 80 } });
  });

  it('gives up after timeoutMs', async () => {
    server.use(http.get(`${API}/:id`, () => new Promise<Response>(() => undefined)));
    const store = createRemoteStore({ url: API, timeoutMs: 50 });
    await expect(store.get('m')).rejects.toMatchObject({ code: 'NETWORK', timedOut: true, retryable: true, message: expect.stringContaining('timed out') });
  });

  it('sends the unload write as a keepalive PUT', async () => {
    const seen: Array<{ keepalive: boolean; body: unknown }> = [];
    server.use(
      http.put(`${API}/:id`, async ({ request }) => {
        seen.push({ keepalive: request.keepalive, body: await request.json() });
        return HttpResponse.json({});
      }),
    );
    createRemoteStore({ url: API }).setBeforeUnload('m', { positionSec: 33, durationSec: 120, completed: false, updatedAt: NOW });
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]?.body).toMatchObject({ positionSec: 33 });
  });
});
