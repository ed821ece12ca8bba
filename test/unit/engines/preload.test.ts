import { describe, expect, it, vi } from 'vitest';
import { PrefetchedManifest, SourcePreload, mayPrefetchManifest, resolveSource, type PrefetchDeps } from '../../../src/engines/preload.js';
import type { EngineAdapterFactory } from '../../../src/engines/types.js';

const URL_A = 'https://cdn.example/v/master.m3u8';
const BASE = 'https://page.example/watch/';
const PLAYLIST = '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nlow.m3u8\n';

/** A fake `fetch` answering every request with `respond()`, recording the calls. */
function fakeFetch(respond: (url: string, init: RequestInit) => Promise<Response>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  let clock = 100;
  const deps: PrefetchDeps = {
    fetch: (url, init) => {
      calls.push({ url, init });
      return respond(url, init);
    },
    nowMs: () => (clock += 10),
  };
  return { deps, calls };
}

function ok(body: string, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(new Response(body, { status: 200, statusText: 'OK', headers }));
}

/** A fetch that never answers until its signal aborts (a stalled connection). */
function stalled(_url: string, init: RequestInit): Promise<Response> {
  return new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
}

describe('PrefetchedManifest', () => {
  it('fetches once, with the credentials mode asked for, and answers the first claim of its URL with text, size, headers and timings', async () => {
    const { deps, calls } = fakeFetch(() => ok(PLAYLIST, { 'Content-Type': 'application/vnd.apple.mpegurl', Age: '3' }));
    const manifest = new PrefetchedManifest(URL_A, BASE, 'include', deps);
    const response = await manifest.claim(URL_A);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(URL_A);
    expect(calls[0]!.init.credentials).toBe('include');
    expect(response).toMatchObject({
      url: URL_A,
      status: 200,
      statusText: 'OK',
      text: PLAYLIST,
      bytes: new TextEncoder().encode(PLAYLIST).byteLength,
      headers: { 'content-type': 'application/vnd.apple.mpegurl', age: '3' },
    });
    expect(response!.timing.startMs).toBeLessThan(response!.timing.firstByteMs);
    expect(response!.timing.firstByteMs).toBeLessThanOrEqual(response!.timing.endMs);
    expect(manifest.claimed).toBe(true);
  });

  it('is single use, and only for its own URL (resolved as the engine request would be)', async () => {
    const { deps } = fakeFetch(() => ok(PLAYLIST));
    const manifest = new PrefetchedManifest('https://page.example/watch/master.m3u8', BASE, 'same-origin', deps);
    expect(manifest.claim('https://cdn.example/other.m3u8')).toBeNull();
    const pending = manifest.claim('master.m3u8'); // relative to the document, as an XHR would resolve it
    expect(pending).not.toBeNull();
    expect(manifest.claim('master.m3u8')).toBeNull(); // a retry or a reload goes to the network
    await expect(pending).resolves.toMatchObject({ text: PLAYLIST });
  });

  it.each([
    ['a network error', () => Promise.reject(new TypeError('Failed to fetch'))],
    ['a 404', () => Promise.resolve(new Response('not here', { status: 404 }))],
    ['a 503', () => Promise.resolve(new Response('busy', { status: 503 }))],
    ['a body that cannot be read', () => Promise.resolve({ ok: true, status: 200, arrayBuffer: () => Promise.reject(new Error('reset')) } as unknown as Response)],
  ])('answers null after %s: the engine fetches the manifest itself', async (_name, respond) => {
    const { deps } = fakeFetch(respond);
    const manifest = new PrefetchedManifest(URL_A, BASE, 'same-origin', deps);
    await expect(manifest.claim(URL_A)).resolves.toBeNull();
  });

  it('gives up on a stalled request after its timeout (null), so the engine is never held longer', async () => {
    vi.useFakeTimers();
    try {
      const { deps } = fakeFetch(stalled);
      const manifest = new PrefetchedManifest(URL_A, BASE, 'same-origin', deps, 5_000);
      const pending = manifest.claim(URL_A);
      await vi.advanceTimersByTimeAsync(5_000);
      await expect(pending).resolves.toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('cancel() aborts the request until an engine took it, and not after', async () => {
    const unclaimed = fakeFetch(stalled);
    const dropped = new PrefetchedManifest(URL_A, BASE, 'same-origin', unclaimed.deps);
    dropped.cancel();
    expect(unclaimed.calls[0]!.init.signal!.aborted).toBe(true);

    const claimed = fakeFetch(() => ok(PLAYLIST));
    const taken = new PrefetchedManifest(URL_A, BASE, 'same-origin', claimed.deps);
    const pending = taken.claim(URL_A);
    taken.cancel();
    expect(claimed.calls[0]!.init.signal!.aborted).toBe(false);
    await expect(pending).resolves.toMatchObject({ text: PLAYLIST });
  });
});

describe('SourcePreload', () => {
  const factory: EngineAdapterFactory = () => {
    throw new Error('not used');
  };

  it('starts the engine import and the manifest fetch at once', async () => {
    const { deps, calls } = fakeFetch(() => ok(PLAYLIST));
    const loadEngine = vi.fn(async () => factory);
    const preload = new SourcePreload(
      { src: 'master.m3u8', url: URL_A, base: BASE, engine: 'hls.js', crossOrigin: null, prefetchManifest: true },
      { ...deps, loadEngine },
    );
    expect(loadEngine).toHaveBeenCalledWith('hls.js');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.init.credentials).toBe('same-origin');
    await expect(preload.factory).resolves.toBe(factory);
    expect(preload.manifest?.url).toBe(URL_A);
    expect(preload.matches({ src: 'master.m3u8', engine: 'hls.js', crossOrigin: null })).toBe(true);
    expect(preload.matches({ src: 'master.m3u8', engine: 'shaka', crossOrigin: null })).toBe(false);
    expect(preload.matches({ src: 'master.m3u8', engine: 'hls.js', crossOrigin: 'use-credentials' })).toBe(false);
  });

  it('fetches no manifest when told not to, and keeps a failed import for whoever awaits it (no unhandled rejection)', async () => {
    const { deps, calls } = fakeFetch(() => ok(PLAYLIST));
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const preload = new SourcePreload(
        { src: URL_A, url: URL_A, base: BASE, engine: 'hls.js', crossOrigin: null, prefetchManifest: false },
        { ...deps, loadEngine: () => Promise.reject(new Error('chunk failed')) },
      );
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(unhandled).not.toHaveBeenCalled();
      expect(calls).toHaveLength(0);
      expect(preload.manifest).toBeNull();
      await expect(preload.factory).rejects.toThrow('chunk failed');
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});

describe('mayPrefetchManifest', () => {
  const plain = { engine: 'hls.js' as const, url: URL_A, cmcd: false, engineSetup: false, engineConfig: null };

  it('allows a plain http(s) source for an MSE engine', () => {
    expect(mayPrefetchManifest(plain)).toBe(true);
    expect(mayPrefetchManifest({ ...plain, engine: 'dash.js', engineConfig: { dashjs: { streaming: { buffer: { bufferTimeAtTopQuality: 60 } } } } })).toBe(true);
    expect(mayPrefetchManifest({ ...plain, engineConfig: { hlsjs: { maxBufferLength: 60 } } })).toBe(true);
  });

  it('refuses when the engine request would not be a plain GET, for native HLS, and for other URLs', () => {
    expect(mayPrefetchManifest({ ...plain, cmcd: true })).toBe(false);
    expect(mayPrefetchManifest({ ...plain, engineSetup: true })).toBe(false);
    expect(mayPrefetchManifest({ ...plain, engineConfig: { hlsjs: { xhrSetup: () => undefined } } })).toBe(false);
    expect(mayPrefetchManifest({ ...plain, engine: 'dash.js', engineConfig: { dashjs: { streaming: { cmcd: { enabled: true } } } } })).toBe(false);
    expect(mayPrefetchManifest({ ...plain, engine: 'shaka', engineConfig: { shaka: { networking: { forceHTTPS: true } } } })).toBe(false);
    expect(mayPrefetchManifest({ ...plain, engine: 'native' })).toBe(false);
    expect(mayPrefetchManifest({ ...plain, url: 'data:application/vnd.apple.mpegurl,%23EXTM3U' })).toBe(false);
    expect(mayPrefetchManifest({ ...plain, url: null })).toBe(false);
  });

  it('resolves sources against the document', () => {
    expect(resolveSource('v/master.m3u8', BASE)).toBe('https://page.example/watch/v/master.m3u8');
    expect(resolveSource('http://[bad', BASE)).toBeNull();
  });
});
