import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BeaconBatch } from '../../../telemetry/types.js';
import { releaseInstance } from '../../../telemetry/storage.js';
import { ENDPOINT, Harness, MemoryStorage, settle } from './harness.js';

/** What the fake collector received, and how it should answer. */
const collector = {
  batches: [] as Array<{ batch: BeaconBatch; atMs: number; contentType: string | null }>,
  /** Status per request, in order; past the end: 200. */
  statuses: [] as number[],
  clock: () => 0,
};

const server = setupServer(
  http.post(ENDPOINT, async ({ request }) => {
    const status = collector.statuses.shift() ?? 200;
    if (status === 200) {
      collector.batches.push({ batch: JSON.parse(await request.text()) as BeaconBatch, atMs: collector.clock(), contentType: request.headers.get('content-type') });
    }
    return HttpResponse.json({}, { status });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  collector.batches = [];
  collector.statuses = [];
});
afterAll(() => server.close());

function receivedIds(): string[] {
  return collector.batches.flatMap(({ batch }) => batch.beacons.map((beacon) => beacon.eventId));
}

function harness(options: ConstructorParameters<typeof Harness>[0], storage?: MemoryStorage, prefix?: string, startMs?: number): Harness {
  const h = new Harness(options, storage, prefix, startMs);
  collector.clock = () => h.monotonicMs;
  return h;
}

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

  it('posts a batch as soon as maxCount beacons are queued, as keepalive text/plain JSON', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 5, maxDelayMs: 60_000 }, webVitals: false });
    h.startSession();
    h.errors(4);
    await h.advance(100);
    expect(collector.batches).toHaveLength(1);
    const [{ batch, contentType }] = collector.batches as [(typeof collector.batches)[0]];
    expect(batch).toMatchObject({ schemaVersion: 1, final: false });
    expect(batch.beacons.map((beacon) => beacon.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(contentType).toMatch(/^text\/plain/);
    expect(fetchSpy.mock.calls[0]?.[1]).toMatchObject({ method: 'POST', keepalive: true });
    fetchSpy.mockRestore();
  });

  it('posts a batch that is not full once its first beacon has waited maxDelayMs', async () => {
    const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 50, maxDelayMs: 2_000 }, heartbeatIntervalSec: 600 });
    h.startSession();
    await h.advance(1_900);
    expect(collector.batches).toHaveLength(0);
    await h.advance(200);
    expect(collector.batches.map(({ batch }) => batch.beacons.length)).toEqual([1]);
  });

  it('splits requests by size: no request body is larger than maxBytes', async () => {
    const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 1000, maxBytes: 2_048, maxDelayMs: 1_000 } });
    h.startSession();
    h.errors(40);
    await h.advance(3_000);
    expect(receivedIds()).toHaveLength(41);
    for (const { batch } of collector.batches) expect(new TextEncoder().encode(JSON.stringify(batch.beacons)).byteLength).toBeLessThanOrEqual(2_048 + 100);
    expect(collector.batches.length).toBeGreaterThan(1);
  });

  it('retries with exponential backoff (1 s, 2 s, 4 s) while the collector fails, then delivers everything once', async () => {
    collector.statuses = [503, 503, 500];
    const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 1, maxDelayMs: 0 }, heartbeatIntervalSec: 600 });
    h.startSession();
    h.errors(2);
    await h.advance(500);
    expect(collector.batches).toHaveLength(0);
    expect(h.pipeline.deliverer?.stats.failures).toBe(1);
    await h.advance(1_000); // first retry at 1 s
    expect(h.pipeline.deliverer?.stats.failures).toBe(2);
    await h.advance(2_000); // second at 1 + 2 s
    expect(h.pipeline.deliverer?.stats.failures).toBe(3);
    await h.advance(3_000);
    expect(collector.batches).toHaveLength(0);
    await h.advance(1_200); // third at 1 + 2 + 4 s
    expect(collector.batches.length).toBeGreaterThan(0);
    expect(collector.batches[0]?.atMs).toBeGreaterThanOrEqual(7_000);
    expect(receivedIds()).toEqual(['a-2', 'a-3', 'a-4']);
    expect(h.pipeline.queue?.size).toBe(0);
  });

  it('keeps undelivered beacons in storage and sends them from the next page load', async () => {
    const storage = new MemoryStorage();
    collector.statuses = Array.from({ length: 100 }, () => 503);
    const first = harness({ endpoint: ENDPOINT, batch: { maxCount: 5, maxDelayMs: 500 } }, storage, 'p1');
    first.startSession();
    first.errors(7);
    await first.advance(3_000);
    first.page.leave(); // session_end, handed to sendBeacon (which, the collector being down, is lost)
    first.pipeline.stop();
    await settle();
    const made = first.beacons.map((beacon) => beacon.eventId);
    expect(made).toContain(first.beacons.find((b) => b.type === 'session_end')?.eventId);
    expect(storage.length).toBe(1);

    collector.statuses = [];
    const second = harness({ endpoint: ENDPOINT }, storage, 'p2');
    await second.advance(200);
    expect(new Set(receivedIds())).toEqual(new Set(made));
    expect(second.pipeline.queue?.size).toBe(0);
    expect(storage.length).toBe(0);
  });

  it('ends, from a later page load, a session whose page died without pagehide (reason abandoned)', async () => {
    const storage = new MemoryStorage();
    const first = harness({ endpoint: ENDPOINT, batch: { maxCount: 1, maxDelayMs: 0 }, heartbeatIntervalSec: 600 }, storage, 'p1');
    first.startSession();
    first.errors(2);
    await first.advance(500);
    releaseInstance('p1-1'); // the page is gone: no pagehide, no stop()
    expect(receivedIds()).toEqual(['p1-2', 'p1-3', 'p1-4']);

    const soon = harness({ endpoint: ENDPOINT }, storage, 'p2', 10_000);
    await soon.advance(200);
    expect(receivedIds()).toHaveLength(3); // a page that may still be open in another tab is left alone
    soon.pipeline.stop();

    const later = harness({ endpoint: ENDPOINT }, storage, 'p3', 120_000);
    await later.advance(200);
    const ends = collector.batches.flatMap(({ batch }) => batch.beacons).filter((beacon) => beacon.type === 'session_end');
    expect(ends).toMatchObject([{ sessionId: 's1', seq: 3, eventId: 's1/end/3', data: { reason: 'abandoned' } }]);
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

  it('halves the batch on 413 or 400 until only the refused beacon is dropped, counting it in the next beacon', async () => {
    collector.statuses = [413, 400, 400];
    const h = harness({ endpoint: ENDPOINT, batch: { maxCount: 4, maxDelayMs: 60_000 }, heartbeatIntervalSec: 600 });
    h.startSession();
    h.errors(3); // 4 beacons: 413; 2 beacons: 400; a-2 alone: 400, dropped; the other 3: 200
    await h.advance(100);
    expect(receivedIds()).toEqual(['a-3', 'a-4', 'a-5']);
    h.errors(1);
    h.pipeline.deliverer?.flush();
    await h.advance(100);
    expect(collector.batches.at(-1)?.batch.beacons).toMatchObject([{ eventId: 'a-6', droppedCount: 1 }]);
  });

  it('caps the queue: the oldest heartbeat goes first, and the next beacon says how many went', async () => {
    collector.statuses = Array.from({ length: 100 }, () => 503);
    const h = harness({ endpoint: ENDPOINT, maxQueuedBeacons: 4, heartbeatIntervalSec: 1, batch: { maxCount: 100, maxDelayMs: 100_000 } });
    h.startSession();
    h.errors(1);
    await h.advance(3_000); // three heartbeats: queue of 4 holds start, error, and the 2 newest heartbeats
    const queued = h.pipeline.queue?.items ?? [];
    expect(queued.map((beacon) => beacon.type)).toEqual(['session_start', 'error', 'heartbeat', 'heartbeat']);
    expect(queued.map((beacon) => beacon.droppedCount)).toEqual([0, 0, 0, 1]);
    expect(h.pipeline.queue?.droppedTotal).toBe(1);
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
    for (const { batch } of collector.batches) for (const beacon of batch.beacons) perSession.set(beacon.sessionId, (perSession.get(beacon.sessionId) ?? 0) + 1);
    expect([...perSession.values()].every((count) => count === 4)).toBe(true); // start, 2 errors, end
    expect(perSession.size).toBeGreaterThan(8);
    expect(perSession.size).toBeLessThan(32);
  });

  it('sends nothing with sampleRate 0', async () => {
    const h = harness({ endpoint: ENDPOINT, sampleRate: 0, batch: { maxCount: 1, maxDelayMs: 0 } });
    h.startSession();
    await h.advance(1_000);
    expect(collector.batches).toEqual([]);
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
    expect(collector.batches).toEqual([]);
  });
});
