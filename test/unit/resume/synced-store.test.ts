import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLocalStore } from '../../../src/resume/local-store.js';
import { createRemoteStore } from '../../../src/resume/remote-store.js';
import {
  createSyncedStore,
  type LockManagerLike,
  type SyncedResumeStore,
  type SyncedStoreEvent,
  type SyncedStoreEventType,
} from '../../../src/resume/synced-store.js';
import type { ResumeReading, ResumeRecord } from '../../../src/resume/types.js';
import { FakeBrowserStorage, FakeScheduler, FakeStorage, settle } from './fakes.js';

const API = 'https://api.example.test/progress';
const NOW = 1_700_000_000_000;
const rec = (positionSec: number, updatedAt: number): ResumeRecord => ({ positionSec, durationSec: 120, completed: false, updatedAt });

/** A scripted answer to the next PUT instead of the API's own. */
interface Failure {
  status: number;
  retryAfter?: string;
}

/**
 * An in-memory resume API behind msw, that can go offline, answer the next PUTs with `failures`
 * (one each), and records every PUT's Authorization header.
 */
function fakeApi() {
  const rows = new Map<string, ResumeRecord>();
  const api = { rows, online: true, puts: 0, failures: [] as Failure[], auths: [] as Array<string | null>, statuses: [] as number[] };
  server.use(
    http.get(`${API}/:id`, ({ params }) => {
      if (!api.online) return HttpResponse.error();
      const row = rows.get(String(params.id));
      return row ? HttpResponse.json(row) : HttpResponse.json({ error: { code: 'not-found' } }, { status: 404 });
    }),
    http.put(`${API}/:id`, async ({ params, request }) => {
      if (!api.online) return HttpResponse.error();
      api.puts += 1;
      api.auths.push(request.headers.get('authorization'));
      const failure = api.failures.shift();
      if (failure) {
        api.statuses.push(failure.status);
        const headers: Record<string, string> = failure.retryAfter === undefined ? {} : { 'Retry-After': failure.retryAfter };
        return HttpResponse.json({ error: { code: 'FAULT', message: `injected ${failure.status}` } }, { status: failure.status, headers });
      }
      const incoming = (await request.json()) as ResumeRecord;
      const current = rows.get(String(params.id));
      if (current && current.updatedAt > incoming.updatedAt) {
        api.statuses.push(409);
        return HttpResponse.json({ current }, { status: 409 });
      }
      api.statuses.push(200);
      rows.set(String(params.id), incoming);
      return HttpResponse.json(incoming);
    }),
  );
  return api;
}

function makeStore(storage: FakeStorage = new FakeStorage(), scheduler = new FakeScheduler(NOW)) {
  let goOnline: () => void = () => undefined;
  const local = createLocalStore({ storage });
  const store = createSyncedStore({
    local,
    remote: createRemoteStore({ url: API }),
    queueStorage: storage,
    scheduler,
    random: () => 0.5, // no jitter: delays are exactly 1 s, 2 s, 4 s, …
    locks: null,
    onOnline: (listener) => {
      goOnline = listener;
      return () => undefined;
    },
  });
  return { store, local, storage, scheduler, backOnline: () => goOnline() };
}

/** The store's events of `type`, as they come. */
function recordEvents<T extends SyncedStoreEventType>(store: SyncedResumeStore, type: T): Array<Extract<SyncedStoreEvent, { type: T }>> {
  const seen: Array<Extract<SyncedStoreEvent, { type: T }>> = [];
  store.on(type, (event) => seen.push(event));
  return seen;
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

  it('rejects a write the server refuses for good (a 4xx such as 400) and does not retry it', async () => {
    let puts = 0;
    server.use(
      http.put(`${API}/:id`, () => {
        puts += 1;
        return HttpResponse.json({ error: { code: 'INVALID_PROGRESS' } }, { status: 400 });
      }),
    );
    const { store, local, scheduler } = makeStore();
    const dropped = recordEvents(store, 'dropped');
    await expect(store.set('m', rec(10, NOW))).rejects.toMatchObject({ code: 'HTTP', httpStatus: 400 });
    expect(store.pendingCount).toBe(0);
    expect((await local.get('m'))?.positionSec).toBe(10); // the local copy stays
    expect(dropped).toMatchObject([{ type: 'dropped', mediaId: 'm', record: rec(10, NOW), error: { httpStatus: 400 } }]);
    scheduler.advance(600_000);
    await settle();
    expect(puts).toBe(1);
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

describe('createSyncedStore: retries while online', () => {
  it('retries a 5xx with exponential backoff until the server takes the write', async () => {
    const api = fakeApi();
    api.failures.push({ status: 500 }, { status: 502 }, { status: 503 });
    const { store, scheduler } = makeStore();
    const retries = recordEvents(store, 'retry');
    const sent = recordEvents(store, 'sent');

    await store.set('m', rec(30, NOW)); // a 5xx is not the caller's failure: the write stays queued
    expect(api.puts).toBe(1);
    expect(store.pendingCount).toBe(1);
    expect(retries.map((event) => event.delayMs)).toEqual([1_000]);

    scheduler.advance(999);
    await settle();
    expect(api.puts).toBe(1); // not before its time
    scheduler.advance(1);
    await expect.poll(() => api.puts).toBe(2);
    await expect.poll(() => retries.length).toBe(2);
    scheduler.advance(2_000);
    await expect.poll(() => retries.length).toBe(3);
    scheduler.advance(4_000);
    await expect.poll(() => store.pendingCount).toBe(0);

    expect(retries.map((event) => [event.attempt, event.delayMs, event.error.httpStatus])).toEqual([
      [1, 1_000, 500],
      [2, 2_000, 502],
      [3, 4_000, 503],
    ]);
    expect(api.statuses).toEqual([500, 502, 503, 200]);
    expect(api.rows.get('m')).toEqual(rec(30, NOW));
    expect(sent).toMatchObject([{ type: 'sent', mediaId: 'm', record: rec(30, NOW) }]);
  });

  it('honours Retry-After on a 503 and a 429 (seconds and HTTP-date)', async () => {
    const api = fakeApi();
    const scheduler = new FakeScheduler(NOW);
    api.failures.push({ status: 503, retryAfter: '7' }, { status: 429, retryAfter: new Date(Date.now() + 20_000).toUTCString() });
    const { store } = makeStore(new FakeStorage(), scheduler);
    const retries = recordEvents(store, 'retry');
    await store.set('m', rec(30, NOW));
    expect(retries[0]).toMatchObject({ attempt: 1, delayMs: 7_250, error: { httpStatus: 503, retryAfterMs: 7_000 } });

    scheduler.advance(7_000);
    await settle();
    expect(api.puts).toBe(1); // the backoff alone would have retried after 1 s
    scheduler.advance(250);
    await expect.poll(() => retries.length).toBe(2);
    expect(retries[1]?.error.httpStatus).toBe(429);
    expect(retries[1]?.delayMs).toBeGreaterThanOrEqual(19_000); // the date is read against the real clock, to the second
    expect(retries[1]?.delayMs).toBeLessThanOrEqual(20_250);

    scheduler.advance(retries[1]!.delayMs! - 1);
    await settle();
    expect(api.puts).toBe(2);
    scheduler.advance(1);
    await expect.poll(() => store.pendingCount).toBe(0);
    expect(api.rows.get('m')?.positionSec).toBe(30);
  });

  it('retries a request that timed out', async () => {
    let puts = 0;
    server.use(
      http.put(`${API}/:id`, async () => {
        puts += 1;
        if (puts === 1) return new Promise<Response>(() => undefined); // never answers
        return HttpResponse.json({});
      }),
    );
    const scheduler = new FakeScheduler(NOW);
    const storage = new FakeStorage();
    const store = createSyncedStore({
      local: createLocalStore({ storage }),
      remote: createRemoteStore({ url: API, timeoutMs: 50 }),
      queueStorage: storage,
      scheduler,
      random: () => 0.5,
      locks: null,
      onOnline: () => () => undefined,
    });
    const retries = recordEvents(store, 'retry');
    await store.set('m', rec(30, NOW));
    expect(retries).toMatchObject([{ attempt: 1, delayMs: 1_000, error: { code: 'NETWORK', timedOut: true } }]);
    scheduler.advance(1_000);
    await expect.poll(() => store.pendingCount).toBe(0);
    expect(puts).toBe(2);
  });

  it('only queues new writes while backing off; the retry sends the latest', async () => {
    const api = fakeApi();
    api.failures.push({ status: 503 });
    const { store, scheduler } = makeStore();
    await store.set('m', rec(30, NOW));
    await store.set('m', rec(34, NOW + 4_000));
    await store.set('m', rec(38, NOW + 8_000));
    expect(api.puts).toBe(1); // no request per save while the server is down
    scheduler.advance(1_000);
    await expect.poll(() => store.pendingCount).toBe(0);
    expect(api.puts).toBe(2);
    expect(api.rows.get('m')).toEqual(rec(38, NOW + 8_000));
  });

  it('keeps a write refused with 401 and sends it at once with a renewed token (flush)', async () => {
    const api = fakeApi();
    api.failures.push({ status: 401 });
    let token = 'expired';
    const storage = new FakeStorage();
    const scheduler = new FakeScheduler(NOW);
    const store = createSyncedStore({
      local: createLocalStore({ storage }),
      remote: createRemoteStore({ url: API, headers: () => ({ Authorization: `Bearer ${token}` }) }),
      queueStorage: storage,
      scheduler,
      random: () => 0.5,
      locks: null,
      onOnline: () => () => undefined,
    });
    const retries = recordEvents(store, 'retry');
    await store.set('m', rec(30, NOW));
    expect(store.pendingCount).toBe(1);
    expect(retries).toMatchObject([{ attempt: 1, delayMs: 1_000, error: { httpStatus: 401 } }]);

    token = 'renewed';
    await store.flush(); // what the player does when resume-token changes
    expect(store.pendingCount).toBe(0);
    expect(api.auths).toEqual(['Bearer expired', 'Bearer renewed']);
    scheduler.advance(60_000);
    await settle();
    expect(api.puts).toBe(2); // the backoff's retry was cancelled
  });

  it('keeps the write persisted through the retries, so a reload carries on', async () => {
    const api = fakeApi();
    api.failures.push({ status: 503 }, { status: 503 });
    const storage = new FakeStorage();
    const first = makeStore(storage);
    await first.store.set('m', rec(30, NOW));
    first.store.dispose(); // the page goes away during the backoff
    expect([...storage.items.keys()]).toContain('vod-resume:pending/m');

    const second = makeStore(storage); // the next page load tries at once
    await expect.poll(() => api.puts).toBe(2);
    await expect.poll(() => second.store.pendingCount === 1 && api.statuses.length === 2).toBe(true);
    second.scheduler.advance(1_000);
    await expect.poll(() => second.store.pendingCount).toBe(0);
    expect(api.rows.get('m')?.positionSec).toBe(30);
  });

  it("still sends the last save made as it is disposed (an element being removed), without retrying it", async () => {
    const api = fakeApi();
    const { store, scheduler } = makeStore();
    const saved = store.set('m', rec(30, NOW)); // the session's last save, then the controller disposes the store
    store.dispose();
    await saved;
    expect(api.rows.get('m')).toEqual(rec(30, NOW));

    api.failures.push({ status: 503 });
    await store.set('m', rec(34, NOW + 4_000));
    scheduler.advance(600_000);
    await settle();
    expect(api.puts).toBe(2); // no retry after dispose; the write waits in storage for the next page
    expect(store.pendingCount).toBe(1);
  });

  it('keeps its own timestamp when retried: a newer write from another device made meanwhile wins', async () => {
    const api = fakeApi();
    api.failures.push({ status: 503 });
    const { store, local, scheduler } = makeStore();
    const superseded = recordEvents(store, 'superseded');
    await store.set('m', rec(30, NOW));
    api.rows.set('m', rec(70, NOW + 500)); // another device, later
    scheduler.advance(1_000);
    await expect.poll(() => superseded.length).toBe(1);
    expect(api.rows.get('m')).toEqual(rec(70, NOW + 500));
    expect(superseded[0]).toMatchObject({ mediaId: 'm', record: rec(30, NOW), current: rec(70, NOW + 500) });
    expect((await local.get('m'))?.positionSec).toBe(70);
    expect(store.pendingCount).toBe(0);
  });

  it('sends nothing while the browser is offline, and everything when it is back', async () => {
    const api = fakeApi();
    const storage = new FakeStorage();
    const scheduler = new FakeScheduler(NOW);
    let online = false;
    let goOnline: () => void = () => undefined;
    const store = createSyncedStore({
      local: createLocalStore({ storage }),
      remote: createRemoteStore({ url: API }),
      queueStorage: storage,
      scheduler,
      locks: null,
      isOnline: () => online,
      onOnline: (listener) => {
        goOnline = listener;
        return () => undefined;
      },
    });
    await store.set('a', rec(10, NOW));
    await store.set('b', rec(20, NOW + 1_000));
    scheduler.advance(600_000);
    await settle();
    expect(api.puts).toBe(0);
    online = true;
    goOnline();
    await expect.poll(() => store.pendingCount).toBe(0);
    expect(api.puts).toBe(2);
  });
});

describe('createSyncedStore: tabs', () => {
  /** A store in one tab of `browser`, sharing its storage and (optionally) a lock manager. */
  function tabStore(browser: FakeBrowserStorage, locks: LockManagerLike | null = null, startOnline = true) {
    const storage = browser.tab();
    const scheduler = new FakeScheduler(NOW);
    let online = startOnline;
    let goOnline: () => void = () => undefined;
    const store = createSyncedStore({
      local: createLocalStore({ storage }),
      remote: createRemoteStore({ url: API }),
      queueStorage: storage,
      scheduler,
      random: () => 0.5,
      locks,
      isOnline: () => online,
      onStorageChange: storage.onStorageChange,
      onOnline: (listener) => {
        goOnline = listener;
        return () => undefined;
      },
    });
    return {
      store,
      storage,
      scheduler,
      backOnline: () => goOnline(),
      goOnline: () => {
        online = true;
        goOnline();
      },
    };
  }

  it("keeps both tabs' offline writes, even when the first tab is closed before the network is back", async () => {
    const api = fakeApi();
    api.online = false;
    const browser = new FakeBrowserStorage();
    const tabA = tabStore(browser);
    const tabB = tabStore(browser); // open before A wrote: its memory has nothing of A's
    await tabA.store.set('film-a', rec(42, NOW));
    await tabB.store.set('film-b', rec(17, NOW + 6_000));
    await tabB.store.set('film-b', rec(21, NOW + 10_000)); // B rewrites its entry: A's must survive
    tabA.store.dispose(); // tab A is closed

    api.online = true;
    tabB.backOnline();
    await expect.poll(() => tabB.store.pendingCount).toBe(0);
    expect(api.rows.get('film-a')).toEqual(rec(42, NOW));
    expect(api.rows.get('film-b')).toEqual(rec(21, NOW + 10_000));
  });

  it('keeps the later write of one video from two tabs, whichever tab wrote last', async () => {
    const api = fakeApi();
    api.online = false;
    const browser = new FakeBrowserStorage();
    const tabA = tabStore(browser);
    const tabB = tabStore(browser);
    await tabB.store.set('m', rec(20, NOW + 10_000)); // later, not as far
    await tabA.store.set('m', rec(60, NOW)); // earlier (a page-hide write arriving late)
    expect(tabA.store.pendingCount).toBe(1);

    api.online = true;
    tabA.backOnline();
    tabB.backOnline();
    await expect.poll(() => tabA.store.pendingCount + tabB.store.pendingCount).toBe(0);
    expect(api.rows.get('m')).toEqual(rec(20, NOW + 10_000));
  });

  it('writes its write back, and sends it, when another tab removed it unsent (a race between the tabs)', async () => {
    const api = fakeApi();
    const browser = new FakeBrowserStorage();
    const tabB = tabStore(browser, null, false); // offline: the write waits in the queue
    const stale = browser.tab(); // a tab whose copy of the storage still had an older write of the video
    await tabB.store.set('m', rec(50, NOW + 8_000));
    stale.removeItem('vod-resume:pending/m'); // its compare-and-delete matched its own older record
    expect(browser.items.has('vod-resume:pending/m')).toBe(false);
    await expect.poll(() => browser.items.get('vod-resume:pending/m')).toBe(JSON.stringify(rec(50, NOW + 8_000)));
    tabB.goOnline();
    await expect.poll(() => api.rows.get('m')?.positionSec).toBe(50);
    expect(tabB.store.pendingCount).toBe(0);
  });

  it('does not send one queue twice when the tabs share a Web Lock', async () => {
    const api = fakeApi();
    api.online = false;
    const browser = new FakeBrowserStorage();
    const locks = new FakeLocks();
    const tabA = tabStore(browser, locks);
    const tabB = tabStore(browser, locks);
    await tabA.store.set('a', rec(10, NOW));
    await tabB.store.set('b', rec(20, NOW + 1_000));
    api.online = true;
    tabA.backOnline();
    tabB.backOnline(); // both tabs hear `online` at once
    await expect.poll(() => tabA.store.pendingCount + tabB.store.pendingCount).toBe(0);
    await settle();
    expect(api.puts).toBe(2);
    expect(locks.maxHeld).toBe(1);
  });
});

/** `navigator.locks` for one name at a time, in request order. */
class FakeLocks implements LockManagerLike {
  maxHeld = 0;
  #held = 0;
  #tail: Promise<unknown> = Promise.resolve();

  request<T>(_name: string, callback: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(async () => {
      this.#held += 1;
      this.maxHeld = Math.max(this.maxHeld, this.#held);
      try {
        return await callback();
      } finally {
        this.#held -= 1;
      }
    });
    this.#tail = run.catch(() => undefined);
    return run;
  }
}
