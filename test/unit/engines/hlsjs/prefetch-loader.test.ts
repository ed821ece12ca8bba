import { LoaderContextType, type HlsConfig, type Loader, type LoaderCallbacks, type LoaderConfiguration, type LoaderContext, type LoaderStats, type PlaylistLoaderContext } from 'hls.js';
import { describe, expect, it, vi } from 'vitest';
import { prefetchedPlaylistLoader } from '../../../../src/engines/hlsjs/prefetch-loader.js';
import { PrefetchedManifest, type PrefetchDeps } from '../../../../src/engines/preload.js';

const MASTER = 'https://cdn.example/v/master.m3u8';
const PLAYLIST = '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nlow.m3u8\n';

/** hls.js's network loader as a stand-in: records what it was asked, answers when the test says. */
class FakeNetworkLoader implements Loader<LoaderContext> {
  static instances: FakeNetworkLoader[] = [];
  context: LoaderContext | null = null;
  stats: LoaderStats = {
    aborted: false,
    loaded: 0,
    retry: 0,
    total: 0,
    chunkCount: 0,
    bwEstimate: 0,
    loading: { start: 0, first: 0, end: 0 },
    parsing: { start: 0, end: 0 },
    buffering: { start: 0, first: 0, end: 0 },
  };
  callbacks: LoaderCallbacks<LoaderContext> | null = null;
  aborted = false;
  destroyed = false;
  constructor(readonly config: HlsConfig) {
    FakeNetworkLoader.instances.push(this);
  }
  load(context: LoaderContext, _config: LoaderConfiguration, callbacks: LoaderCallbacks<LoaderContext>): void {
    this.context = context;
    this.callbacks = callbacks;
  }
  abort(): void {
    this.aborted = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
  answer(data: string): void {
    this.callbacks!.onSuccess({ url: this.context!.url, data }, this.stats, this.context!, null);
  }
}

const HLS_CONFIG = { marker: 'hls-config' } as unknown as HlsConfig;
const LOADER_CONFIG = {} as LoaderConfiguration;

function context(type: PlaylistLoaderContext['type'], url = MASTER): PlaylistLoaderContext {
  return { url, type, responseType: 'text', level: null, id: null, deliveryDirectives: null, levelOrTrack: null };
}

function callbacks() {
  return { onSuccess: vi.fn(), onError: vi.fn(), onTimeout: vi.fn() } satisfies LoaderCallbacks<PlaylistLoaderContext>;
}

function prefetch(respond: () => Promise<Response>): PrefetchedManifest {
  let clock = 1_000;
  const deps: PrefetchDeps = { fetch: () => respond(), nowMs: () => (clock += 5) };
  return new PrefetchedManifest(MASTER, 'https://page.example/', 'same-origin', deps);
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('prefetchedPlaylistLoader', () => {
  it("answers hls.js's manifest request from the prefetch, with the prefetch's timings and size, without a network request", async () => {
    FakeNetworkLoader.instances = [];
    const Loader = prefetchedPlaylistLoader(FakeNetworkLoader, prefetch(async () => new Response(PLAYLIST, { headers: { age: '7' } })));
    const loader = new Loader(HLS_CONFIG);
    const cb = callbacks();
    loader.load(context(LoaderContextType.MANIFEST), LOADER_CONFIG, cb);
    await settle();
    expect(FakeNetworkLoader.instances).toHaveLength(0);
    expect(cb.onSuccess).toHaveBeenCalledTimes(1);
    const [response, stats] = cb.onSuccess.mock.calls[0]!;
    expect(response).toEqual({ url: MASTER, data: PLAYLIST, code: 200 });
    expect(stats).toBe(loader.stats);
    expect(stats.loading).toEqual({ start: 1_005, first: 1_010, end: 1_015 });
    expect(stats.loaded).toBe(PLAYLIST.length);
    expect(stats.total).toBe(PLAYLIST.length);
    expect(loader.getResponseHeader?.('Age')).toBe('7');
    expect(loader.getCacheAge?.()).toBe(7);
  });

  it('falls back to the network loader when the prefetch failed: hls.js fetches, retries and reports as without a prefetch', async () => {
    FakeNetworkLoader.instances = [];
    const Loader = prefetchedPlaylistLoader(FakeNetworkLoader, prefetch(() => Promise.reject(new TypeError('Failed to fetch'))));
    const loader = new Loader(HLS_CONFIG);
    const cb = callbacks();
    const ctx = context(LoaderContextType.MANIFEST);
    loader.load(ctx, LOADER_CONFIG, cb);
    await settle();
    expect(cb.onSuccess).not.toHaveBeenCalled();
    expect(FakeNetworkLoader.instances).toHaveLength(1);
    const network = FakeNetworkLoader.instances[0]!;
    expect(network.config).toBe(HLS_CONFIG);
    expect(network.context).toBe(ctx);
    expect(loader.stats).toBe(network.stats);
    network.answer(PLAYLIST);
    expect(cb.onSuccess).toHaveBeenCalledWith({ url: MASTER, data: PLAYLIST }, network.stats, ctx, null);
  });

  it('sends every other request to the network loader: media playlists, another URL, and the manifest once the prefetch was used', async () => {
    FakeNetworkLoader.instances = [];
    const Loader = prefetchedPlaylistLoader(FakeNetworkLoader, prefetch(async () => new Response(PLAYLIST)));
    new Loader(HLS_CONFIG).load(context(LoaderContextType.LEVEL, 'https://cdn.example/v/low.m3u8'), LOADER_CONFIG, callbacks());
    new Loader(HLS_CONFIG).load(context(LoaderContextType.MANIFEST, 'https://cdn.example/other/master.m3u8'), LOADER_CONFIG, callbacks());
    const first = callbacks();
    new Loader(HLS_CONFIG).load(context(LoaderContextType.MANIFEST), LOADER_CONFIG, first);
    const retry = new Loader(HLS_CONFIG);
    retry.load(context(LoaderContextType.MANIFEST), LOADER_CONFIG, callbacks());
    await settle();
    expect(first.onSuccess).toHaveBeenCalledTimes(1);
    expect(FakeNetworkLoader.instances.map((loader) => loader.context!.url)).toEqual([
      'https://cdn.example/v/low.m3u8',
      'https://cdn.example/other/master.m3u8',
      MASTER,
    ]);
  });

  it('calls nothing back once aborted or destroyed while the prefetch is on its way', async () => {
    FakeNetworkLoader.instances = [];
    let answer: (response: Response) => void = () => undefined;
    const Loader = prefetchedPlaylistLoader(FakeNetworkLoader, prefetch(() => new Promise((resolve) => (answer = resolve))));
    const loader = new Loader(HLS_CONFIG);
    const cb = callbacks();
    loader.load(context(LoaderContextType.MANIFEST), LOADER_CONFIG, cb);
    loader.abort();
    loader.destroy();
    answer(new Response(PLAYLIST));
    await settle();
    expect(cb.onSuccess).not.toHaveBeenCalled();
    expect(FakeNetworkLoader.instances).toHaveLength(0);
    expect(loader.stats.aborted).toBe(true);
  });
});
