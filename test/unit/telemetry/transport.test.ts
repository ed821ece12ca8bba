import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { customTransport, httpTransport, outcomeOf, retryAfterMs } from '../../../telemetry/transport.js';
import type { BeaconBatch } from '../../../telemetry/types.js';

const BATCH: BeaconBatch = { schemaVersion: 1, sentAtMs: 0, final: false, beacons: [] };

/** A fetch that never answers until its signal aborts (then rejects, as fetch does). */
function hangingFetch(): typeof fetch {
  return vi.fn(
    (_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      }),
  ) as unknown as typeof fetch;
}

describe('outcomeOf: one policy per HTTP status', () => {
  it.each([
    [200, { kind: 'delivered' }],
    [204, { kind: 'delivered' }],
    [400, { kind: 'invalid', status: 400 }],
    [422, { kind: 'invalid', status: 422 }],
    [413, { kind: 'too-large' }],
    [401, { kind: 'endpoint-rejected', status: 401 }],
    [403, { kind: 'endpoint-rejected', status: 403 }],
    [404, { kind: 'endpoint-rejected', status: 404 }],
    [405, { kind: 'endpoint-rejected', status: 405 }],
    [410, { kind: 'endpoint-rejected', status: 410 }],
    [451, { kind: 'endpoint-rejected', status: 451 }],
    [408, { kind: 'retry', reason: 'http', message: 'HTTP 408' }],
    [425, { kind: 'retry', reason: 'http', message: 'HTTP 425' }],
    [429, { kind: 'retry', reason: 'http', message: 'HTTP 429' }],
    [500, { kind: 'server-error', status: 500 }],
    [503, { kind: 'server-error', status: 503 }],
    [0, { kind: 'retry', reason: 'http', message: 'HTTP 0' }],
    [302, { kind: 'retry', reason: 'http', message: 'HTTP 302' }],
  ] as const)('%i → %o', (status, outcome) => {
    expect(outcomeOf(status)).toEqual(outcome);
  });

  it('keeps a Retry-After for the statuses that are retried', () => {
    expect(outcomeOf(503, 5_000)).toEqual({ kind: 'server-error', status: 503, retryAfterMs: 5_000 });
    expect(outcomeOf(429, 2_000)).toMatchObject({ kind: 'retry', retryAfterMs: 2_000 });
    expect(outcomeOf(404, 2_000)).toEqual({ kind: 'endpoint-rejected', status: 404 });
  });
});

describe('retryAfterMs', () => {
  it('reads seconds or an HTTP date, and nothing else', () => {
    expect(retryAfterMs('5', 0)).toBe(5_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:29:00 GMT'))).toBe(0);
    expect(retryAfterMs(null, 0)).toBeNull();
    expect(retryAfterMs('soon', 0)).toBeNull();
  });
});

describe('httpTransport', () => {
  it('aborts a request not answered within timeoutMs: outcome retry (timeout)', async () => {
    const scheduler = new VirtualTimeScheduler();
    const fetch = hangingFetch();
    const transport = httpTransport({ endpoint: 'http://x/beacons', headers: {}, fetch, sendBeacon: null, timeoutMs: 10_000, scheduler });
    const sent = transport.send(BATCH);
    scheduler.maxFrames = 9_999;
    scheduler.flush();
    let settled = false;
    void sent.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    scheduler.maxFrames = 10_000;
    scheduler.flush();
    await expect(sent).resolves.toEqual({ kind: 'retry', reason: 'timeout', message: 'no answer within 10000 ms' });
  });

  it('reports a network error as retry (network), and clears its timer when answered', async () => {
    const scheduler = new VirtualTimeScheduler();
    const failing = httpTransport({ endpoint: 'http://x/', headers: {}, fetch: () => Promise.reject(new TypeError('Failed to fetch')), sendBeacon: null, timeoutMs: 1_000, scheduler });
    await expect(failing.send(BATCH)).resolves.toEqual({ kind: 'retry', reason: 'network', message: 'Failed to fetch' });
    const answering = httpTransport({ endpoint: 'http://x/', headers: {}, fetch: async () => new Response('{}', { status: 503, headers: { 'Retry-After': '3' } }), sendBeacon: null, timeoutMs: 1_000, scheduler });
    await expect(answering.send(BATCH)).resolves.toEqual({ kind: 'server-error', status: 503, retryAfterMs: 3_000 });
    expect(scheduler.actions).toHaveLength(0);
  });

  it('sends the final batch with sendBeacon (no timeout: the browser owns it), or a keepalive fetch with headers', () => {
    const sendBeacon = vi.fn(() => true);
    const fetch = vi.fn(() => new Promise<Response>(() => undefined)) as unknown as typeof globalThis.fetch;
    expect(httpTransport({ endpoint: 'http://x/', headers: {}, fetch, sendBeacon, timeoutMs: 1 }).sendFinal(BATCH)).toBe(true);
    expect(sendBeacon).toHaveBeenCalledTimes(1);
    httpTransport({ endpoint: 'http://x/', headers: { 'x-key': 'k' }, fetch, sendBeacon, timeoutMs: 1 }).sendFinal(BATCH);
    expect(sendBeacon).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith('http://x/', expect.objectContaining({ keepalive: true, headers: expect.objectContaining({ 'x-key': 'k' }) }));
  });
});

describe('customTransport', () => {
  it('counts a promise not settled within timeoutMs as a failure to retry', async () => {
    const scheduler = new VirtualTimeScheduler();
    const transport = customTransport(() => new Promise<void>(() => undefined), { timeoutMs: 2_000, scheduler });
    const sent = transport.send(BATCH);
    scheduler.flush();
    await expect(sent).resolves.toMatchObject({ kind: 'retry', reason: 'timeout' });
  });

  it('delivered when it resolves, retry when it rejects or throws', async () => {
    await expect(customTransport(async () => undefined, { timeoutMs: 1_000 }).send(BATCH)).resolves.toEqual({ kind: 'delivered' });
    await expect(customTransport(() => Promise.reject(new Error('nope')), { timeoutMs: 1_000 }).send(BATCH)).resolves.toEqual({ kind: 'retry', reason: 'transport', message: 'nope' });
    const throwing = customTransport(() => {
      throw new Error('sync');
    }, { timeoutMs: 1_000 });
    await expect(throwing.send(BATCH)).resolves.toMatchObject({ kind: 'retry', message: 'sync' });
  });
});
