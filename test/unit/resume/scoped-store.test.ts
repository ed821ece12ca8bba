import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createScopedStore, resumeScope } from '../../../src/resume/scoped-store.js';
import type { ResumeRecord } from '../../../src/resume/types.js';
import { FakeScheduler, FakeStorage, settle } from './fakes.js';

const API = 'https://api.example.test/progress';
const OTHER_API = 'https://other.example.test/progress';
const NOW = 1_700_000_000_000;
const rec = (positionSec: number, updatedAt: number): ResumeRecord => ({ positionSec, durationSec: 120, completed: false, updatedAt });

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A resume API that can be offline, keeping rows per token (each token a viewer, as the mock origin does). */
function fakeApi(base = API) {
  const api = { online: true, rows: new Map<string, ResumeRecord>(), puts: [] as Array<{ mediaId: string; auth: string | null }> };
  server.use(
    http.get(`${base}/:id`, () => (api.online ? HttpResponse.json({ error: { code: 'NOT_FOUND' } }, { status: 404 }) : HttpResponse.error())),
    http.put(`${base}/:id`, async ({ params, request }) => {
      if (!api.online) return HttpResponse.error();
      const auth = request.headers.get('authorization');
      api.puts.push({ mediaId: String(params.id), auth });
      api.rows.set(`${auth} ${String(params.id)}`, (await request.json()) as ResumeRecord);
      return HttpResponse.json({});
    }),
  );
  return api;
}

function makeScoped(storage = new FakeStorage()) {
  let online = false;
  const listeners = new Set<() => void>();
  const store = createScopedStore({
    storage,
    scheduler: new FakeScheduler(NOW),
    synced: {
      locks: null,
      random: () => 0.5,
      isOnline: () => online,
      onOnline: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      onStorageChange: () => () => undefined,
    },
  });
  const goOnline = (): void => {
    online = true;
    for (const listener of [...listeners]) listener();
  };
  return { store, storage, goOnline };
}

const keysUnder = (storage: FakeStorage, prefix: string): string[] => [...storage.items.keys()].filter((key) => key.startsWith(prefix));

describe('createScopedStore', () => {
  it('keeps local records and the queue under a scope per URL and token', async () => {
    const { store, storage } = makeScoped();
    expect(store.use(API, 'token-1')).toBe('created');
    await store.set('m', rec(30, NOW)); // offline: queued
    const { localPrefix, queueKey } = resumeScope(API, 'token-1');
    expect(storage.items.get(`${localPrefix}m`)).toBe(JSON.stringify(rec(30, NOW)));
    expect(storage.items.get(`${queueKey}/m`)).toBe(JSON.stringify(rec(30, NOW)));
    expect(store.use(API, 'token-1')).toBe('same');
  });

  it('moves queued writes to a rotated token, and sends them with it', async () => {
    const api = fakeApi();
    api.online = false;
    const { store, storage, goOnline } = makeScoped();
    store.use(API, 'token-1');
    await store.set('a', rec(30, NOW));
    await store.set('b', rec(50, NOW + 1_000));
    expect(store.pendingCount).toBe(2);

    expect(store.use(API, 'token-2')).toBe('rotated');
    expect(keysUnder(storage, `${resumeScope(API, 'token-1').queueKey}/`)).toEqual([]);
    expect(keysUnder(storage, `${resumeScope(API, 'token-2').queueKey}/`).sort()).toEqual([
      `${resumeScope(API, 'token-2').queueKey}/a`,
      `${resumeScope(API, 'token-2').queueKey}/b`,
    ]);
    expect(store.pendingCount).toBe(2);

    api.online = true;
    goOnline();
    await expect.poll(() => store.pendingCount).toBe(0);
    expect(api.puts.map((put) => put.auth)).toEqual(['Bearer token-2', 'Bearer token-2']);
    expect(api.rows.get('Bearer token-2 a')).toEqual(rec(30, NOW));
  });

  it('sends a rotated queue at once when the network is up', async () => {
    const api = fakeApi();
    api.online = false;
    const { store, goOnline } = makeScoped();
    store.use(API, 'token-1');
    goOnline(); // the browser is online, the server was not reachable
    await store.set('a', rec(30, NOW));
    expect(store.pendingCount).toBe(1);
    api.online = true;
    store.use(API, 'token-2');
    await expect.poll(() => store.pendingCount).toBe(0);
    expect(api.puts).toEqual([{ mediaId: 'a', auth: 'Bearer token-2' }]);
  });

  it('saves of a session that began before the rotation go with the new token', async () => {
    const api = fakeApi();
    const { store, goOnline } = makeScoped();
    goOnline();
    store.use(API, 'token-1');
    const sessionStore = store; // what a ResumeSession holds for its whole life
    await sessionStore.set('m', rec(10, NOW));
    store.use(API, 'token-2');
    await sessionStore.set('m', rec(14, NOW + 4_000));
    expect(api.puts.map((put) => put.auth)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('moves nothing when the token follows release() (a viewer signing out, another signing in)', async () => {
    const api = fakeApi();
    api.online = false;
    const { store, storage, goOnline } = makeScoped();
    store.use(API, 'viewer-a');
    await store.set('m', rec(30, NOW));
    store.release();
    expect(store.use(API, 'viewer-b')).toBe('switched');
    api.online = true;
    goOnline();
    await settle();
    expect(api.puts).toEqual([]);
    expect(keysUnder(storage, `${resumeScope(API, 'viewer-a').queueKey}/`)).toHaveLength(1); // sent when viewer-a is back
  });

  it('moves nothing to another URL, nor from or to an empty token', async () => {
    fakeApi();
    fakeApi(OTHER_API);
    const { store, storage } = makeScoped();
    store.use(API, 'token-1');
    await store.set('m', rec(30, NOW));
    expect(store.use(OTHER_API, 'token-1')).toBe('switched');
    expect(store.use(API, '')).toBe('switched');
    expect(store.use(API, 'token-2')).toBe('switched');
    expect(keysUnder(storage, `${resumeScope(API, 'token-1').queueKey}/`)).toHaveLength(1);
  });

  it('forwards the current scope store\'s events across rotations', async () => {
    const api = fakeApi();
    const { store, goOnline } = makeScoped();
    goOnline();
    const sent: string[] = [];
    store.on('sent', (event) => sent.push(event.mediaId));
    store.use(API, 'token-1');
    await store.set('a', rec(1, NOW));
    store.use(API, 'token-2');
    await store.set('b', rec(2, NOW + 1));
    expect(sent).toEqual(['a', 'b']);
    expect(api.puts).toHaveLength(2);
  });
});
