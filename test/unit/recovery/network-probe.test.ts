import { describe, expect, it, vi } from 'vitest';
import { createFetchProbe } from '../../../src/recovery/network-probe.js';

const NOW_MS = Date.parse('2026-12-07T12:00:00Z');

describe('createFetchProbe', () => {
  it('asks for the manifest without the cache, with the given credentials, and calls a 200 or a 404 reachable', async () => {
    const fetchFn = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => new Response('#EXTM3U', { status: 200 }));
    const probe = createFetchProbe(fetchFn as typeof fetch, 'include', () => NOW_MS);
    expect(await probe('https://cdn.example/m.m3u8', 1_000)).toEqual({ reachable: true, retryAfterSec: null });
    expect(fetchFn.mock.calls[0]![0]).toBe('https://cdn.example/m.m3u8');
    expect(fetchFn.mock.calls[0]![1]).toMatchObject({ cache: 'no-store', credentials: 'include' });
    fetchFn.mockResolvedValueOnce(new Response('', { status: 404 }));
    expect(await probe('https://cdn.example/m.m3u8', 1_000)).toEqual({ reachable: true, retryAfterSec: null });
  });

  it('calls 5xx, 429 and 408 unreachable, with their Retry-After', async () => {
    const fetchFn = vi.fn(async () => new Response('', { status: 503, headers: { 'Retry-After': '12' } }));
    const probe = createFetchProbe(fetchFn as unknown as typeof fetch, 'same-origin', () => NOW_MS);
    expect(await probe('u', 1_000)).toEqual({ reachable: false, retryAfterSec: 12 });
    fetchFn.mockResolvedValueOnce(new Response('', { status: 429 }));
    expect(await probe('u', 1_000)).toEqual({ reachable: false, retryAfterSec: null });
  });

  it('calls a network error or a request that outlasts its timeout unreachable, and never throws', async () => {
    const failing = createFetchProbe((async () => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch, 'same-origin', () => NOW_MS);
    expect(await failing('u', 1_000)).toEqual({ reachable: false, retryAfterSec: null });
    const hanging = createFetchProbe(
      ((_url: RequestInfo | URL, init?: RequestInit) =>
        new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))) as typeof fetch,
      'same-origin',
      () => NOW_MS,
    );
    const startedMs = Date.now();
    expect(await hanging('u', 30)).toEqual({ reachable: false, retryAfterSec: null });
    expect(Date.now() - startedMs).toBeLessThan(1_000);
  });
});
