import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLocalStore } from '../../../src/resume/local-store.js';
import { createRemoteStore } from '../../../src/resume/remote-store.js';
import { createSyncedStore } from '../../../src/resume/synced-store.js';
import type { ResumeReading, ResumeRecord } from '../../../src/resume/types.js';
import { FakeScheduler, FakeStorage } from './fakes.js';

const API = 'https://api.example.test/progress';
const NOW = 1_700_000_000_000;
const rec = (positionSec: number, updatedAt: number): ResumeRecord => ({ positionSec, durationSec: 120, completed: false, updatedAt });

/** An in-memory resume API behind msw, that can go offline. */
function fakeApi() {
  const rows = new Map<string, ResumeRecord>();
  const api = { rows, online: true, puts: 0 };
  server.use(
    http.get(`${API}/:id`, ({ params }) => {
      if (!api.online) return HttpResponse.error();
      const row = rows.get(String(params.id));
      return row ? HttpResponse.json(row) : HttpResponse.json({ error: { code: 'not-found' } }, { status: 404 });
    }),
    http.put(`${API}/:id`, async ({ params, request }) => {
      if (!api.online) return HttpResponse.error();
      api.puts += 1;
      const incoming = (await request.json()) as ResumeRecord;
      const current = rows.get(String(params.id));
      if (current && current.updatedAt > incoming.updatedAt) return HttpResponse.json({ current }, { status: 409 });
      rows.set(String(params.id), incoming);
      return HttpResponse.json(incoming);
    }),
  );
  return api;
}

function makeStore(storage = new FakeStorage()) {
  const scheduler = new FakeScheduler(NOW);
  let goOnline: () => void = () => undefined;
  const local = createLocalStore({ storage });
  const store = createSyncedStore({
    local,
    remote: createRemoteStore({ url: API }),
    queueStorage: storage,
    scheduler,
    onOnline: (listener) => {
      goOnline = listener;
      return () => undefined;
    },
  });
  return { store, local, storage, scheduler, backOnline: () => goOnline() };
}

async function collect(readings: AsyncIterable<ResumeReading>): Promise<Array<[string, number]>> {
  const out: Array<[string, number]> = [];
  for await (const { source, record } of readings) out.push([source, record.positionSec]);
  return out;
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('createSyncedStore: reading', () => {
  it('yields the local position first, then a newer remote one, and copies it locally', async () => {
    const api = fakeApi();
    const { store, local } = makeStore();
    await local.set('m', rec(20, NOW - 600_000));
    api.rows.set('m', rec(40, NOW - 60_000)); // another device, later
    expect(await collect(store.read('m'))).toEqual([['local', 20], ['remote', 40]]);
    expect((await local.get('m'))?.positionSec).toBe(40);
  });

  it('keeps the local position when it is the newer one, and pushes it to the remote', async () => {
    const api = fakeApi();
    const { store, local } = makeStore();
    await local.set('m', rec(70, NOW - 30_000));
    api.rows.set('m', rec(40, NOW - 600_000));
    expect(await collect(store.read('m'))).toEqual([['local', 70]]);
    await expect.poll(() => api.rows.get('m')?.positionSec).toBe(70);
  });

  it('resolves concurrent writes (closer than the skew tolerance) to the further position', async () => {
    const api = fakeApi();
    const { store, local } = makeStore();
    await local.set('m', rec(30, NOW - 2_000));
    api.rows.set('m', rec(55, NOW - 4_000)); // earlier by the clocks, but within 5 s: concurrent
    expect(await store.get('m')).toEqual(rec(55, NOW - 4_000));
  });

  it('yields the local position, then throws the remote failure, when offline', async () => {
    const api = fakeApi();
    api.online = false;
    const { store, local } = makeStore();
    await local.set('m', rec(20, NOW));
    const seen: Array<[string, number]> = [];
    await expect(
      (async () => {
        for await (const { source, record } of store.read('m')) seen.push([source, record.positionSec]);
      })(),
    ).rejects.toMatchObject({ code: 'NETWORK' });
    expect(seen).toEqual([['local', 20]]);
  });
});

describe('createSyncedStore: the offline queue', () => {
  it('queues writes while offline and flushes the latest when back online', async () => {
    const api = fakeApi();
    api.online = false;
    const { store, local, backOnline } = makeStore();
    await store.set('m', rec(10, NOW));
    await store.set('m', rec(14, NOW + 4_000));
    await store.set('other', rec(50, NOW + 5_000));
    expect((await local.get('m'))?.positionSec).toBe(14); // instant resume still works offline
    expect(store.pendingCount).toBe(2);
    expect(api.rows.size).toBe(0);

    api.online = true;
    backOnline();
    await expect.poll(() => store.pendingCount).toBe(0);
    expect(api.rows.get('m')).toEqual(rec(14, NOW + 4_000));
    expect(api.rows.get('other')?.positionSec).toBe(50);
    expect(api.puts).toBe(2); // only the latest write per video is sent
  });

  it('keeps the queue in storage, so the next page load sends it', async () => {
    const api = fakeApi();
    api.online = false;
    const storage = new FakeStorage();
    const first = makeStore(storage);
    await first.store.set('m', rec(33, NOW));
    expect(first.store.pendingCount).toBe(1);

    api.online = true;
    const second = makeStore(storage); // a new page, same browser
    await expect.poll(() => second.store.pendingCount).toBe(0);
    expect(api.rows.get('m')?.positionSec).toBe(33);
  });

  it('drops a queued write the server finds stale, and adopts the newer position locally', async () => {
    const api = fakeApi();
    api.online = false;
    const { store, local, backOnline } = makeStore();
    await store.set('m', rec(10, NOW));
    api.rows.set('m', rec(90, NOW + 60_000)); // another device wrote later
    api.online = true;
    backOnline();
    await expect.poll(() => store.pendingCount).toBe(0);
    expect(api.rows.get('m')?.positionSec).toBe(90);
    expect((await local.get('m'))?.positionSec).toBe(90);
  });

  it('rejects a write the server refuses for good (4xx) and does not retry it', async () => {
    server.use(http.put(`${API}/:id`, () => HttpResponse.json({ error: { code: 'unauthorized' } }, { status: 401 })));
    const { store, local } = makeStore();
    await expect(store.set('m', rec(10, NOW))).rejects.toMatchObject({ code: 'HTTP', httpStatus: 401 });
    expect(store.pendingCount).toBe(0);
    expect((await local.get('m'))?.positionSec).toBe(10);
  });

  it('still writes to the remote when localStorage fails, and reports the local failure', async () => {
    const api = fakeApi();
    const storage = new FakeStorage();
    const { store } = makeStore(storage);
    storage.failWith = Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    await expect(store.set('m', rec(10, NOW))).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED', store: 'local' });
    expect(api.rows.get('m')?.positionSec).toBe(10);
  });
});

describe('createSyncedStore: in sync', () => {
  it('yields nothing more when the remote holds the same place (timestamps aside)', async () => {
    const api = fakeApi();
    const { store, local } = makeStore();
    await local.set('m', rec(40, NOW - 1_000));
    api.rows.set('m', rec(40.2, NOW - 999));
    expect(await collect(store.read('m'))).toEqual([['local', 40]]);
    expect(api.puts).toBe(0);
  });
});
