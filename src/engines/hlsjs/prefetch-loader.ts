import type { HlsConfig, Loader, LoaderCallbacks, LoaderConfiguration, LoaderContext, LoaderStats, PlaylistLoaderContext } from 'hls.js';
import type { ManifestResponse, PrefetchedManifest } from '../preload.js';

/** hls.js's loader classes (`config.loader`, `config.pLoader`): built with the Hls config. */
export type PlaylistLoaderClass = new (config: HlsConfig) => Loader<PlaylistLoaderContext>;
type AnyLoaderClass = new (config: HlsConfig) => Loader<LoaderContext>;

/**
 * hls.js `pLoader` answering the manifest request (`context.type === 'manifest'`, the URL the element
 * prefetched) from the prefetch, with its real network timings in `stats.loading` (start: request sent,
 * first: headers, end: body) and its size in `stats.loaded` / `stats.total`. Every other playlist
 * request, and the manifest when the prefetch failed, goes to `Inner` (the configured `pLoader` /
 * `loader`), so hls.js retries and reports errors exactly as without a prefetch.
 */
export function prefetchedPlaylistLoader(Inner: AnyLoaderClass, manifest: PrefetchedManifest): PlaylistLoaderClass {
  return class PrefetchedPlaylistLoader implements Loader<PlaylistLoaderContext> {
    context: PlaylistLoaderContext | null = null;
    stats: LoaderStats = emptyStats();
    readonly #config: HlsConfig;
    #inner: Loader<LoaderContext> | null = null;
    #response: ManifestResponse | null = null;
    #done = false;

    constructor(config: HlsConfig) {
      this.#config = config;
    }

    load(context: PlaylistLoaderContext, config: LoaderConfiguration, callbacks: LoaderCallbacks<PlaylistLoaderContext>): void {
      this.context = context;
      const pending = context.type === 'manifest' && !context.rangeStart && !context.rangeEnd ? manifest.claim(context.url) : null;
      if (pending === null) {
        this.#delegate(context, config, callbacks);
        return;
      }
      this.stats.loading.start = performance.now();
      void pending.then((response) => {
        if (this.#done) return; // aborted or destroyed meanwhile
        if (response === null) {
          this.#delegate(context, config, callbacks);
          return;
        }
        this.#response = response;
        const { stats } = this;
        stats.loading.start = response.timing.startMs;
        stats.loading.first = response.timing.firstByteMs;
        stats.loading.end = response.timing.endMs;
        stats.loaded = stats.total = response.bytes;
        callbacks.onSuccess({ url: response.url, data: response.text, code: response.status }, stats, context, null);
      });
    }

    abort(): void {
      this.stats.aborted = true;
      this.#inner?.abort();
      if (!this.#inner) this.#done = true;
    }

    destroy(): void {
      this.#done = true;
      this.#inner?.destroy();
      this.#inner = null;
      this.context = null;
    }

    getCacheAge(): number | null {
      if (this.#inner) return this.#inner.getCacheAge?.() ?? null;
      const age = Number(this.#response?.headers['age']);
      return Number.isFinite(age) ? age : null;
    }

    getResponseHeader(name: string): string | null {
      if (this.#inner) return this.#inner.getResponseHeader?.(name) ?? null;
      return this.#response?.headers[name.toLowerCase()] ?? null;
    }

    /** The request as hls.js would have made it: through the configured loader, whose stats become ours. */
    #delegate(context: PlaylistLoaderContext, config: LoaderConfiguration, callbacks: LoaderCallbacks<PlaylistLoaderContext>): void {
      const inner = new Inner(this.#config);
      this.#inner = inner;
      this.stats = inner.stats;
      inner.load(context, config, callbacks as unknown as LoaderCallbacks<LoaderContext>);
    }
  };
}

/** hls.js's `LoadStats`, spelled out (this file must not import hls.js at run time). */
function emptyStats(): LoaderStats {
  return {
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
}
