import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { endpointOf } from '../../../telemetry/pipeline.js';
import type { TelemetryBeacon } from '../../../telemetry/types.js';
import { FakeCollector } from './fake-collector.js';
import { ENDPOINT, FakeLocks, Harness, MemoryStorage, settle, type HarnessOptions } from './harness.js';

const OLD_ENDPOINT = 'http://127.0.0.1:9/old-beacons';
const collector = new FakeCollector([ENDPOINT, OLD_ENDPOINT]);

beforeAll(() => collector.server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => collector.reset());
afterAll(() => collector.server.close());

/** Tabs of one browser: one storage, one lock manager, one clock for the fake collector (the first tab's). */
function tabs(locks: FakeLocks | null): { storage: MemoryStorage; open: (prefix: string, options?: Parameters<typeof tab>[1], startMs?: number) => Harness } {
  const storage = new MemoryStorage();
  return { storage, open: (prefix, options = {}, startMs = 0) => tab({ storage, locks, prefix, startMs }, options) };
}

function tab(more: HarnessOptions, options: ConstructorParameters<typeof Harness>[0] = {}): Harness {
  const h = new Harness({ endpoint: ENDPOINT, heartbeatIntervalSec: 5, batch: { maxCount: 20, maxDelayMs: 500 }, ...options }, more);
  collector.clock = () => h.monotonicMs;
  return h;
}

/** Advances tabs together, step by step. */
async function advance(harnesses: Harness[], ms: number, stepMs = 250): Promise<void> {
  for (let t = 0; t < ms; t += stepMs) for (const h of harnesses) await h.advance(stepMs, stepMs);
}

/** Queue keys in storage → the sessions of the beacons each holds. */
function queues(storage: MemoryStorage): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of storage.map) {
    if (!key.startsWith('vod-telemetry:v1:') || key.endsWith(':end')) continue;
    out.set(key, [...new Set((JSON.parse(value) as { beacons: TelemetryBeacon[] }).beacons.map((beacon) => beacon.sessionId))]);
  }
  return out;
}

const ids = (h: Harness): string[] => h.beacons.map((beacon) => beacon.eventId);

describe('persistence across tabs', () => {
  for (const withLocks of [true, false]) {
    it(`never takes or overwrites the queue of a tab that is open (${withLocks ? 'Web Locks' : 'lease'})`, async () => {
      collector.answer = () => 'network-error'; // both tabs offline
      const browser = tabs(withLocks ? new FakeLocks() : null);
      const a = browser.open('tab-a');
      const b = browser.open('tab-b');
      a.startSession('s-a');
      b.startSession('s-b');
      await advance([a, b], 150_000, 1_000); // long past the lease: both renew it
      const stored = queues(browser.storage);
      expect([...stored.values()].sort()).toEqual([['s-a'], ['s-b']]); // one key each, each with its own session only
      expect(a.pipeline.queue?.items.every((beacon) => beacon.sessionId === 's-a')).toBe(true);
      expect(b.pipeline.queue?.items.every((beacon) => beacon.sessionId === 's-b')).toBe(true);

      collector.answer = () => 200; // online
      a.page.online();
      b.page.online();
      await advance([a, b], 2_000);
      const made = [...ids(a), ...ids(b)];
      expect(new Set(collector.storedIds(ENDPOINT))).toEqual(new Set(made));
      // Each tab sent its own beacons only (no copy sent by the other tab).
      const bySender = collector.requests.filter((request) => request.answer === 200).flatMap((request) => request.batch.beacons.map((beacon) => beacon.eventId));
      expect(bySender).toHaveLength(made.length);
    });
  }

  it('takes over the queue of a tab that died, at the next scan, with Web Locks', async () => {
    collector.answer = () => 503;
    const browser = tabs(new FakeLocks());
    const a = browser.open('tab-a');
    const b = browser.open('tab-b');
    a.startSession('s-a');
    b.startSession('s-b');
    await advance([a, b], 3_000);
    a.die();
    collector.answer = () => 200;
    b.pipeline.deliverer?.retryNow();
    await advance([b], 16_000);
    expect(new Set(collector.storedIds(ENDPOINT))).toEqual(new Set([...ids(a), ...ids(b), 's-a/end/1']));
    const ends = collector.stored(ENDPOINT).filter((beacon) => beacon.type === 'session_end');
    expect(ends.map((beacon) => [beacon.sessionId, beacon.type === 'session_end' && beacon.data.reason])).toEqual([['s-a', 'abandoned']]);
    expect([...browser.storage.map.keys()].filter((key) => key.includes('tab-a-1'))).toEqual([]); // nothing of a's is left
  });

  it('takes over the queue of a tab that died only after 90 s without renewal, without Web Locks', async () => {
    collector.answer = () => 503;
    const browser = tabs(null);
    const a = browser.open('tab-a');
    const b = browser.open('tab-b');
    a.startSession('s-a');
    await advance([a, b], 3_000);
    a.die();
    collector.answer = () => 200;
    await advance([b], 75_000, 1_000);
    expect(collector.storedIds(ENDPOINT)).toEqual([]);
    await advance([b], 30_000, 1_000);
    expect(new Set(collector.storedIds(ENDPOINT))).toEqual(new Set([...ids(a), 's-a/end/1']));
  });

  it('takes over at once what a page left on pagehide, even without Web Locks; a page back from the cache keeps its own', async () => {
    collector.answer = () => 503;
    const browser = tabs(null);
    const a = browser.open('tab-a');
    a.startSession('s-a');
    await a.advance(1_000);
    a.page.leave(); // sendBeacon: lost, the collector being down
    await settle();
    collector.answer = () => 200;
    const b = browser.open('tab-b', {}, 2_000);
    await advance([b], 1_000);
    expect(new Set(collector.storedIds(ENDPOINT))).toEqual(new Set(ids(a)));

    const c = browser.open('tab-c', {}, 3_000);
    c.page.leave();
    c.page.show(true); // back from the back/forward cache: alive again
    const d = browser.open('tab-d', {}, 4_000);
    await advance([c, d], 20_000, 1_000);
    expect(JSON.parse(browser.storage.getItem('vod-telemetry:v1-owner:tab-c-1') ?? 'null')).toMatchObject({ locked: false });
    expect(JSON.parse(browser.storage.getItem('vod-telemetry:v1-owner:tab-c-1') ?? 'null')?.leftAtMs).toBeUndefined();
  });

  it('lets only one of two pages take over a dead tab (inside its lock)', async () => {
    collector.answer = () => 503;
    const locks = new FakeLocks();
    const browser = tabs(locks);
    const dead = browser.open('dead');
    dead.startSession('s-dead');
    await dead.advance(1_000);
    dead.die();
    collector.answer = () => 200;
    const b = browser.open('tab-b', {}, 2_000);
    const c = browser.open('tab-c', {}, 2_000);
    await advance([b, c], 1_000);
    const senders = collector.requests.filter((request) => request.atMs >= 2_000 && request.batch.beacons.some((beacon) => beacon.sessionId === 's-dead'));
    expect(senders).toHaveLength(1);
  });
});

describe('queues of another destination', () => {
  it('sends a queue left for an older endpoint to that endpoint, without this config’s headers', async () => {
    collector.answer = (request) => (request.endpoint === OLD_ENDPOINT && collector.clock() < 5_000 ? 503 : 200);
    const browser = tabs(new FakeLocks());
    const old = browser.open('old', { endpoint: OLD_ENDPOINT });
    old.startSession('s-old');
    old.errors(2);
    await old.advance(2_000);
    old.page.leave();
    await settle();
    old.die();

    const now = browser.open('now', { endpoint: ENDPOINT, headers: { 'x-api-key': 'secret' } }, 6_000);
    now.startSession('s-now');
    await now.advance(2_000);
    expect(new Set(collector.storedIds(OLD_ENDPOINT))).toEqual(new Set(ids(old)));
    expect(collector.stored(ENDPOINT).every((beacon) => beacon.sessionId === 's-now')).toBe(true);
    const toOld = collector.requests.filter((request) => request.endpoint === OLD_ENDPOINT && request.atMs >= 6_000);
    expect(toOld.length).toBeGreaterThan(0);
    expect(toOld.every((request) => request.headers['x-api-key'] === undefined)).toBe(true);
    expect(collector.requests.filter((request) => request.endpoint === ENDPOINT).every((request) => request.headers['x-api-key'] === 'secret')).toBe(true);
    expect([...now.pipeline.lanes.values()].map((lane) => lane.destination)).toEqual([ENDPOINT, OLD_ENDPOINT]);
    expect(queues(browser.storage).size).toBe(0);
  });

  it("leaves a custom transport's queue for a page that has one", async () => {
    const browser = tabs(new FakeLocks());
    const custom = browser.open('custom', { endpoint: undefined, transport: () => Promise.reject(new Error('down')) });
    custom.startSession('s-custom');
    await custom.advance(1_000);
    custom.die();
    const now = browser.open('now', {}, 2_000);
    await now.advance(20_000, 1_000);
    expect(collector.requests).toEqual([]);
    expect([...queues(browser.storage).keys()].some((key) => key.startsWith('vod-telemetry:v1:custom:custom-1'))).toBe(true);

    const sent: string[] = [];
    const later = browser.open('later', { endpoint: undefined, transport: (batch) => void sent.push(...batch.beacons.map((beacon) => beacon.eventId)) }, 30_000);
    await later.advance(1_000);
    expect(new Set(sent)).toEqual(new Set([...ids(custom), 's-custom/end/1']));
  });

  it('names a destination for a channel only when it is an http(s) URL', () => {
    expect(endpointOf(encodeURIComponent(ENDPOINT))).toBe(ENDPOINT);
    expect(endpointOf('custom')).toBeNull();
    expect(endpointOf(encodeURIComponent('javascript:alert(1)'))).toBeNull();
    expect(endpointOf('%E0%A4%A')).toBeNull();
  });
});

describe('stop', () => {
  it('keeps sending after stop() until the queue is empty, then retires: its keys and its lock go', async () => {
    collector.answer = () => (collector.clock() < 5_000 ? 503 : 200);
    const locks = new FakeLocks();
    const h = new Harness({ endpoint: ENDPOINT, batch: { maxCount: 5, maxDelayMs: 0 }, heartbeatIntervalSec: 600 }, { locks, prefix: 'p' });
    collector.clock = () => h.monotonicMs;
    h.startSession();
    await h.advance(500);
    h.pipeline.stop();
    await h.advance(500);
    expect(locks.held.size).toBe(1);
    expect(h.storage.length).toBeGreaterThan(0);
    await h.advance(10_000);
    expect(new Set(collector.storedIds(ENDPOINT))).toEqual(new Set(ids(h)));
    expect(locks.held.size).toBe(0);
    expect(h.storage.length).toBe(0);
  });
});
