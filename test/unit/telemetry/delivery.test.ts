import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BeaconBatch, BeaconOf, TelemetryBeacon } from '../../../telemetry/types.js';
import { FakeCollector, idsOf } from './fake-collector.js';
import { ENDPOINT, FakeLocks, Harness, MemoryStorage, settle, type HarnessOptions } from './harness.js';

const collector = new FakeCollector([ENDPOINT]);

beforeAll(() => collector.server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => collector.reset());
afterAll(() => collector.server.close());

function harness(options: ConstructorParameters<typeof Harness>[0], more: HarnessOptions = {}): Harness {
  const h = new Harness(options, more);
  collector.clock = () => h.monotonicMs;
  return h;
}

const received = (): string[] => collector.storedIds(ENDPOINT);
const gaps = (times: number[]): number[] => times.slice(1).map((t, i) => t - (times[i] as number));
/** Request times match `expected` within one `advance` step (the fake collector reads the clock at the step's end). */
function expectTimes(actual: number[], expected: number[], stepMs: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((atMs, i) => expect(Math.abs(atMs - (expected[i] as number)), `request ${i} at ${atMs}, expected ~${expected[i]}`).toBeLessThanOrEqual(stepMs));
}
const queueKeys = (storage: MemoryStorage): string[] => [...storage.map.keys()].filter((key) => key.startsWith('vod-telemetry:v1:'));
const ends = (beacons: TelemetryBeacon[]): Array<BeaconOf<'session_end'>> => beacons.filter((b): b is BeaconOf<'session_end'> => b.type === 'session_end');

describe('delivery', () => {
  it('sends nothing, stores nothing and calls nothing without an endpoint or a transport', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const h = harness({ heartbeatIntervalSec: 1 });
    h.startSession();
    h.errors(30);
    await h.advance(5_000);
    h.page.leave();
    await settle();
    expect(h.beacons.length).toBeGreaterThan(30); // the stream still works
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(h.finalBatches).toEqual([]);
    expect(h.storage.length).toBe(0);
    expect(h.pipeline.queue).toBeNull();
    fetchSpy.mockRestore();
  });

  it('posts a batch as soon as maxCount beacons are queued, as text/plain JSON with an abort signal (not keepalive: Chromium does not cancel those)', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 5, maxDelayMs: 60_000 }, webVitals: false });
    h.startSession();
    h.errors(4);
    await h.advance(100);
    expect(collector.requests).toHaveLength(1);
    const [{ batch, headers }] = collector.requests as [(typeof collector.requests)[0]];
    expect(batch).toMatchObject({ schemaVersion: 1, final: false });
    expect(batch.beacons.map((beacon) => beacon.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(headers['content-type']).toMatch(/^text\/plain/);
    expect(fetchSpy.mock.calls[0]?.[1]).toMatchObject({ method: 'POST', keepalive: false, signal: expect.any(AbortSignal) });
    fetchSpy.mockRestore();
  });

  it('posts a batch that is not full once its first beacon has waited maxDelayMs', async () => {
    const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 50, maxDelayMs: 2_000 }, heartbeatIntervalSec: 600 });
    h.startSession();
    await h.advance(1_900);
    expect(collector.requests).toHaveLength(0);
    await h.advance(200);
    expect(collector.requests.map((request) => request.batch.beacons.length)).toEqual([1]);
  });

  it('splits requests by size: no request body is larger than maxBytes', async () => {
    const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 1000, maxBytes: 2_048, maxDelayMs: 1_000 } });
    h.startSession();
    h.errors(40);
    await h.advance(3_000);
    expect(received()).toHaveLength(41);
    for (const { batch } of collector.requests) expect(new TextEncoder().encode(JSON.stringify(batch.beacons)).byteLength).toBeLessThanOrEqual(2_048 + 100);
    expect(collector.requests.length).toBeGreaterThan(1);
  });

  it('backs off exponentially (1 s, 2 s, 4 s) while the collector answers 503 to everything, then delivers everything once, quarantining nothing', async () => {
    collector.answer = () => (collector.clock() < 7_000 ? 503 : 200);
    const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 5, maxDelayMs: 0 }, heartbeatIntervalSec: 600 });
    h.startSession();
    h.errors(2);
    await h.advance(8_000);
    // 3 beacons: halved after each 503 (3 → 2 → 1); alone, the next one is tried too: both fail, so it is an outage.
    expectTimes(collector.times(ENDPOINT), [0, 1_000, 3_000, 3_000, 7_000, 7_000], 100);
    expect(received().sort()).toEqual(['a-2', 'a-3', 'a-4']);
    expect(h.pipeline.deliverer?.stats).toMatchObject({ failures: 4, quarantined: 0 });
    expect(h.pipeline.queue?.size).toBe(0);
  });

  it('loses nothing in a long 5xx outage: no beacon is quarantined', async () => {
    collector.answer = () => (collector.clock() < 60_000 ? 503 : 200);
    const h = harness({ endpoint: ENDPOINT, heartbeatIntervalSec: 1, batch: { maxCount: 20, maxDelayMs: 500 } });
    h.startSession();
    h.errors(3);
    await h.advance(100_000, 250);
    h.pipeline.stop();
    await h.advance(1_000);
    const made = h.beacons.map((beacon) => beacon.eventId);
    expect(made.length).toBeGreaterThan(90);
    expect(new Set(received())).toEqual(new Set(made));
    expect(h.pipeline.queue?.quarantinedTotal).toBe(0);
    expect(h.pipeline.queue?.droppedTotal).toBe(0);
    expect(h.telemetryErrors).toEqual([]);
  });

  it('aborts a request not answered within requestTimeoutMs and retries it with backoff', async () => {
    collector.answer = () => (collector.clock() < 15_000 ? 'hang' : 200);
    const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 1, maxDelayMs: 0 }, heartbeatIntervalSec: 600 });
    h.startSession();
    await h.advance(25_000, 100);
    // 0: hangs, aborted at 10 s; 1 s later: hangs, aborted at 21 s; 2 s later: answered.
    expectTimes(collector.times(ENDPOINT), [0, 11_000, 23_000], 100);
    expect(h.pipeline.deliverer?.stats).toMatchObject({ timeouts: 2, delivered: 1 });
    expect(received()).toEqual(['a-2']);
  });

  it('takes retry.requestTimeoutMs', async () => {
    collector.answer = () => (collector.clock() < 3_000 ? 'hang' : 200);
    const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 1, maxDelayMs: 0 }, heartbeatIntervalSec: 600, retry: { requestTimeoutMs: 2_000 } });
    h.startSession();
    await h.advance(6_000, 100);
    expectTimes(collector.times(ENDPOINT), [0, 3_000], 100);
  });

  for (const status of [401, 403, 404, 405, 410, 418]) {
    it(`keeps every beacon on HTTP ${status}, backs off, says so once, and delivers them all when the endpoint answers`, async () => {
      collector.answer = () => (collector.clock() < 20_000 ? status : 200);
      const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 5, maxDelayMs: 0 }, heartbeatIntervalSec: 600 });
      h.startSession();
      h.errors(3);
      await h.advance(10_000, 250);
      expect(h.pipeline.queue?.size).toBe(4);
      expect(JSON.parse(h.storage.getItem(queueKeys(h.storage)[0] ?? '') ?? '{}').beacons).toHaveLength(4); // persisted meanwhile
      await h.advance(25_000, 250);
      expect(gaps(collector.times(ENDPOINT))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
      expect(received().sort()).toEqual(['a-2', 'a-3', 'a-4', 'a-5']);
      expect(h.pipeline.queue?.droppedTotal).toBe(0);
      expect(collector.stored(ENDPOINT).every((beacon) => beacon.droppedCount === 0)).toBe(true);
      expect(h.telemetryErrors.map((error) => [error.code, error.detail])).toEqual([
        ['TELEMETRY_ENDPOINT_REJECTED', { destination: ENDPOINT, httpStatus: status, beaconCount: 4, sessionIds: ['s1'] }],
      ]);
    });
  }

  it('says so again when the endpoint is refused after a delivery', async () => {
    let refuse = true;
    collector.answer = () => (refuse ? 404 : 200);
    const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 5, maxDelayMs: 0 }, heartbeatIntervalSec: 600 });
    h.startSession();
    await h.advance(4_000);
    refuse = false;
    await h.advance(5_000);
    refuse = true;
    h.errors(1);
    await h.advance(10_000);
    expect(h.telemetryErrors.map((error) => error.code)).toEqual(['TELEMETRY_ENDPOINT_REJECTED', 'TELEMETRY_ENDPOINT_REJECTED']);
  });

  for (const [random, expected] of [
    [() => 0, [800, 1_600, 3_200, 3_200, 3_200]],
    [() => 0.999_999, [1_200, 2_400, 4_800, 4_800, 4_800]],
  ] as const) {
    it(`caps the backoff at retry.maxDelayMs, spread ±20% by the injected random (${random()})`, async () => {
      collector.answer = () => 404;
      const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 5, maxDelayMs: 0 }, heartbeatIntervalSec: 600, retry: { firstDelayMs: 1_000, maxDelayMs: 4_000 } }, { random });
      h.startSession();
      await h.advance(20_000, 100);
      expect(gaps(collector.times(ENDPOINT)).slice(0, 5)).toEqual(expected);
    });
  }

  it('waits as long as a Retry-After asks, when that is longer than the backoff', async () => {
    let first = true;
    collector.answer = () => {
      if (!first) return 200;
      first = false;
      return { status: 429, headers: { 'Retry-After': '5' } };
    };
    const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 5, maxDelayMs: 0 }, heartbeatIntervalSec: 600 });
    h.startSession();
    await h.advance(6_000);
    expectTimes(collector.times(ENDPOINT), [0, 5_000], 100);
  });

  it('sends at once when the browser is back online, without waiting out the backoff', async () => {
    let online = false;
    collector.answer = () => (online ? 200 : 'network-error');
    const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 5, maxDelayMs: 0 }, heartbeatIntervalSec: 600 });
    h.startSession();
    await h.advance(16_500); // tries at 0, 1, 3, 7, 15 s; the next would be at 31 s
    expectTimes(collector.times(ENDPOINT), [0, 1_000, 3_000, 7_000, 15_000], 100);
    online = true;
    h.page.online();
    await h.advance(100);
    expectTimes(collector.times(ENDPOINT), [0, 1_000, 3_000, 7_000, 15_000, 16_500], 100);
    expect(received()).toEqual(['a-2']);
  });

  it('halves the batch on 413 or 400 until only the refused beacon is dropped, counting it in the next beacon of its session', async () => {
    const statuses = [413, 400, 400];
    collector.answer = () => statuses.shift() ?? 200;
    const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 4, maxDelayMs: 60_000 }, heartbeatIntervalSec: 600 });
    h.startSession();
    h.errors(3); // 4 beacons: 413; 2 beacons: 400; a-2 alone: 400, dropped; then a-3 (counting it), a-4 and a-5: 200
    await h.advance(100);
    expect(collector.requests.map((request) => idsOf(request).length)).toEqual([4, 2, 1, 1, 2]);
    expect(received()).toEqual(['a-3', 'a-4', 'a-5']);
    expect(collector.stored(ENDPOINT).map((beacon) => beacon.droppedCount)).toEqual([1, 0, 0]);
    expect(h.telemetryErrors.map((error) => [error.code, error.detail])).toEqual([
      ['TELEMETRY_BEACON_INVALID', { destination: ENDPOINT, httpStatus: 400, beaconCount: 1, sessionIds: ['s1'] }],
    ]);
  });

  it('drops a beacon the collector answers 413 for alone, and says so', async () => {
    collector.answer = (request) => (idsOf(request).includes('a-3') ? 413 : 200);
    const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 10, maxDelayMs: 0 }, heartbeatIntervalSec: 600 });
    h.startSession();
    h.errors(2);
    await h.advance(200);
    expect(received().sort()).toEqual(['a-2', 'a-4']);
    expect(h.telemetryErrors.map((error) => error.code)).toEqual(['TELEMETRY_BEACON_TOO_LARGE']);
    expect(h.pipeline.queue?.droppedTotal).toBe(1);
  });

  it('quarantines a beacon the collector keeps answering 5xx for while the beacons behind it go on, and counts it in its session_end', async () => {
    collector.answer = (request) => (idsOf(request).includes('a-3') ? 500 : 200);
    const h = harness({ endpoint: ENDPOINT, heartbeatIntervalSec: 1, batch: { maxCount: 20, maxDelayMs: 500 } });
    h.startSession();
    h.errors(1); // a-3: the collector fails on it
    await h.advance(10_000, 250);
    // Not blocked: by 10 s every heartbeat made by 8 s is stored.
    const heartbeatsBy8s = h.beacons.filter((beacon) => beacon.type === 'heartbeat' && beacon.sessionTimeMs <= 8_000).map((beacon) => beacon.eventId);
    expect(received()).toEqual(expect.arrayContaining(heartbeatsBy8s));
    expect(received()).not.toContain('a-3');
    await h.advance(40_000, 250);
    expect(h.pipeline.deliverer?.stats.quarantined).toBe(1);
    expect(h.telemetryErrors.map((error) => [error.code, error.detail.sessionIds])).toEqual([['TELEMETRY_BEACON_QUARANTINED', ['s1']]]);
    expect(collector.requests.filter((request) => idsOf(request).length === 1 && idsOf(request)[0] === 'a-3')).toHaveLength(5);
    h.pipeline.stop();
    await h.advance(1_000);
    const stored = collector.stored(ENDPOINT);
    const made = h.beacons.map((beacon) => beacon.eventId).filter((id) => id !== 'a-3');
    expect(new Set(received())).toEqual(new Set(made));
    expect(ends(stored)).toMatchObject([{ data: { reason: 'stop', quarantinedCount: 1 } }]);
    expect(stored.reduce((sum, beacon) => sum + beacon.droppedCount, 0)).toBe(1); // the seq gap is accounted for
    expect(h.pipeline.queue?.size).toBe(0);
  });

  it('counts a dropped beacon only in a beacon of its own session', async () => {
    collector.answer = (request) => (idsOf(request).includes('a-3') ? 400 : 200);
    const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 1, maxDelayMs: 0 }, heartbeatIntervalSec: 600 });
    h.startSession('s1');
    h.errors(1); // a-3, refused
    h.startSession('s2'); // s1's session_end, then s2
    h.errors(2);
    await h.advance(1_000);
    const stored = collector.stored(ENDPOINT);
    expect(stored.filter((beacon) => beacon.sessionId === 's2').map((beacon) => beacon.droppedCount)).toEqual([0, 0, 0]);
    expect(stored.filter((beacon) => beacon.sessionId === 's1').map((beacon) => [beacon.type, beacon.droppedCount])).toEqual([
      ['session_start', 0],
      ['session_end', 1],
    ]);
  });

  it('caps the queue: the oldest heartbeat goes first, counted in the next beacon of its session that is sent, and says so once', async () => {
    let down = true;
    collector.answer = () => (down ? 503 : 200);
    const h = harness({ endpoint: ENDPOINT, maxQueuedBeacons: 4, heartbeatIntervalSec: 1, batch: { maxCount: 100, maxDelayMs: 100_000 } });
    h.startSession();
    h.errors(1);
    await h.advance(4_000); // four heartbeats: the queue of 4 holds start, error, and the 2 newest heartbeats
    expect(h.pipeline.queue?.items.map((beacon) => beacon.type)).toEqual(['session_start', 'error', 'heartbeat', 'heartbeat']);
    expect(h.pipeline.queue?.droppedTotal).toBe(2);
    expect(h.telemetryErrors.map((error) => error.code)).toEqual(['TELEMETRY_QUEUE_FULL']);
    down = false;
    h.pipeline.deliverer?.retryNow();
    await h.advance(100);
    expect(collector.stored(ENDPOINT).map((beacon) => [beacon.type, beacon.droppedCount])).toEqual([
      ['session_start', 2],
      ['error', 0],
      ['heartbeat', 0],
      ['heartbeat', 0],
    ]);
  });

  it('keeps undelivered beacons in storage and sends them from the next page load', async () => {
    const storage = new MemoryStorage();
    const locks = new FakeLocks();
    collector.answer = () => 503;
    const first = harness({ endpoint: ENDPOINT, batch: { maxCount: 5, maxDelayMs: 500 } }, { storage, locks, prefix: 'p1' });
    first.startSession();
    first.errors(7);
    await first.advance(3_000);
    first.page.leave(); // session_end, handed to sendBeacon (which, the collector being down, is lost)
    await settle();
    first.die();
    const made = first.beacons.map((beacon) => beacon.eventId);
    expect(made).toContain(ends(first.beacons)[0]?.eventId);
    expect(queueKeys(storage)).toHaveLength(1);

    collector.answer = () => 200;
    const second = harness({ endpoint: ENDPOINT }, { storage, locks, prefix: 'p2', startMs: 4_000 });
    await second.advance(200);
    expect(new Set(received())).toEqual(new Set(made));
    expect(second.pipeline.queue?.size).toBe(0);
    expect(queueKeys(storage)).toEqual([]);
  });

  it('ends, from a later page load, a session whose page died without pagehide (reason abandoned): at once with Web Locks', async () => {
    const storage = new MemoryStorage();
    const locks = new FakeLocks();
    const first = harness({ endpoint: ENDPOINT, batch: { maxCount: 1, maxDelayMs: 0 }, heartbeatIntervalSec: 600 }, { storage, locks, prefix: 'p1' });
    first.startSession();
    first.errors(2);
    await first.advance(500);
    first.die(); // no pagehide, no stop()
    expect(received()).toEqual(['p1-2', 'p1-3', 'p1-4']);

    const next = harness({ endpoint: ENDPOINT }, { storage, locks, prefix: 'p2', startMs: 2_000 });
    await next.advance(200);
    expect(ends(collector.stored(ENDPOINT))).toMatchObject([{ sessionId: 's1', seq: 3, eventId: 's1/end/3', data: { reason: 'abandoned', quarantinedCount: 0 } }]);
  });

  it('ends, from a later page load, a session whose page died without pagehide: after 90 s without Web Locks', async () => {
    const storage = new MemoryStorage();
    const first = harness({ endpoint: ENDPOINT, batch: { maxCount: 1, maxDelayMs: 0 }, heartbeatIntervalSec: 600 }, { storage, prefix: 'p1' });
    first.startSession();
    first.errors(2);
    await first.advance(500);
    first.die();

    const soon = harness({ endpoint: ENDPOINT }, { storage, prefix: 'p2', startMs: 10_000 });
    await soon.advance(200);
    expect(received()).toHaveLength(3); // a page that may still be open in another tab is left alone
    soon.die();

    const later = harness({ endpoint: ENDPOINT }, { storage, prefix: 'p3', startMs: 120_000 });
    await later.advance(200);
    expect(ends(collector.stored(ENDPOINT))).toMatchObject([{ sessionId: 's1', seq: 3, eventId: 's1/end/3', data: { reason: 'abandoned' } }]);
  });

  it('flushes the queue with sendBeacon when the page is left, session_end included', async () => {
    const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 50, maxDelayMs: 60_000 } });
    h.startSession();
    h.errors(3);
    await h.advance(100);
    h.page.leave();
    await settle();
    const beacons = h.finalBatches.flatMap((batch) => batch.beacons);
    expect(h.finalBatches.every((batch) => batch.final)).toBe(true);
    expect(beacons.map((beacon) => beacon.type)).toEqual(['session_start', 'error', 'error', 'error', 'session_end']);
    expect(beacons.at(-1)).toMatchObject({ type: 'session_end', data: { reason: 'pagehide' } });
  });

  it('flushes with sendBeacon when the page is hidden, without ending the session', async () => {
    const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 50, maxDelayMs: 60_000 } });
    h.startSession();
    h.page.hide();
    await settle();
    expect(h.finalBatches.flatMap((batch) => batch.beacons.map((beacon) => beacon.type))).toEqual(['session_start']);
  });

  it('reports a session whole or not at all when sampling', async () => {
    const h = harness({ endpoint: ENDPOINT, sampleRate: 0.5, batch: { maxCount: 1000, maxDelayMs: 100 } });
    for (let i = 0; i < 40; i += 1) {
      h.startSession(`session-${i}`);
      h.errors(2);
    }
    h.pipeline.push({ type: 'end', atMs: h.monotonicMs, reason: 'stop' });
    await h.advance(500);
    const perSession = new Map<string, number>();
    for (const beacon of collector.stored(ENDPOINT)) perSession.set(beacon.sessionId, (perSession.get(beacon.sessionId) ?? 0) + 1);
    expect([...perSession.values()].every((count) => count === 4)).toBe(true); // start, 2 errors, end
    expect(perSession.size).toBeGreaterThan(8);
    expect(perSession.size).toBeLessThan(32);
  });

  it('sends nothing with sampleRate 0', async () => {
    const h = harness({ endpoint: ENDPOINT, sampleRate: 0, batch: { maxCount: 1, maxDelayMs: 0 } });
    h.startSession();
    await h.advance(1_000);
    expect(collector.requests).toEqual([]);
    expect(h.beacons.length).toBeGreaterThan(0);
  });

  it("uses the embedder's transport instead of fetch, retrying when it rejects", async () => {
    const sent: BeaconBatch[] = [];
    let failures = 1;
    const transport = vi.fn(async (batch: BeaconBatch) => {
      if (failures-- > 0) throw new Error('offline');
      sent.push(batch);
    });
    const h = harness({ transport, batch: { maxCount: 1, maxDelayMs: 0 } });
    h.startSession();
    await h.advance(1_500);
    expect(transport).toHaveBeenCalledTimes(2);
    expect(sent.flatMap((batch) => batch.beacons.map((beacon) => beacon.type))).toEqual(['session_start']);
    expect(collector.requests).toEqual([]);
  });

  it("gives the embedder's transport requestTimeoutMs to settle, then retries", async () => {
    const calls: number[] = [];
    let h: Harness | null = null;
    const transport = vi.fn((): Promise<void> => {
      calls.push(h?.monotonicMs ?? 0);
      return calls.length === 1 ? new Promise<void>(() => undefined) : Promise.resolve();
    });
    h = harness({ transport, batch: { maxCount: 1, maxDelayMs: 0 }, heartbeatIntervalSec: 600, retry: { requestTimeoutMs: 3_000 } });
    h.startSession();
    await h.advance(5_000);
    expect(calls).toEqual([0, 4_000]);
    expect(h.pipeline.deliverer?.stats).toMatchObject({ timeouts: 1, delivered: 1 });
  });
});
