import type { EngineConfig } from './engine-config.js';
import type { EngineAdapterFactory, EngineName } from './types.js';

/**
 * Startup preload: as soon as the element knows its source, the engine chunk (`import()`) and the
 * manifest (`fetch`) start in parallel, and the engine is later handed the manifest instead of
 * requesting it again. The element's own code, Lit's first render and the engine chunk no longer
 * run one after the other before the first manifest byte is asked for.
 *
 * A prefetch never changes what plays: it is answered only to the engine request for exactly the
 * URL it fetched, once; when it failed (network error, non-2xx status, timeout, abort) the engine
 * makes its own request, with its own retries and errors, as if there had been no prefetch.
 */

/** A manifest fetched ahead of the engine: what the engine's own request would have returned. */
export interface ManifestResponse {
  /** The URL answered, after redirects: the base of the manifest's relative URLs. */
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly text: string;
  /** Size of the body, bytes. */
  readonly bytes: number;
  /** Response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** `performance.now()` times of the request: sent, headers received, body received. */
  readonly timing: { readonly startMs: number; readonly firstByteMs: number; readonly endMs: number };
}

/** What `prefetchManifest` needs from the page, passed in so a Node test can fake it. */
export interface PrefetchDeps {
  fetch(url: string, init: RequestInit): Promise<Response>;
  nowMs(): number;
}

/** A prefetch that has not answered after this long is dropped: the engine then fetches the manifest itself. */
export const MANIFEST_PREFETCH_TIMEOUT_MS = 10_000;

/**
 * The manifest request started ahead of the engine. Single use: the first engine request for `url`
 * claims it; any other request (another URL, a retry, a reload) goes to the network as usual.
 */
export class PrefetchedManifest {
  /** The absolute URL fetched. */
  readonly url: string;
  readonly #base: string;
  readonly #response: Promise<ManifestResponse | null>;
  readonly #abort = new AbortController();
  #claimed = false;

  /** Starts the GET of `url` (absolute); `base` resolves the URLs engines ask for, as their requests would. */
  constructor(url: string, base: string, credentials: RequestCredentials, deps: PrefetchDeps, timeoutMs = MANIFEST_PREFETCH_TIMEOUT_MS) {
    this.url = url;
    this.#base = base;
    this.#response = fetchManifest(url, credentials, this.#abort, deps, timeoutMs);
  }

  /** True once an engine request took this response. */
  get claimed(): boolean {
    return this.#claimed;
  }

  /**
   * The engine requests `url`: the prefetched response if it is this prefetch's URL and nobody took it
   * yet (it settles with null when the prefetch failed: the engine then fetches it itself), else null
   * (not ours: the engine fetches it itself).
   */
  claim(url: string): Promise<ManifestResponse | null> | null {
    if (this.#claimed || resolveSource(url, this.#base) !== this.url) return null;
    this.#claimed = true;
    return this.#response;
  }

  /** Drops the prefetch unless an engine took it (a new source, a teardown). */
  cancel(): void {
    if (!this.#claimed) this.#abort.abort();
  }
}

/** GET `url`; resolves with the response or null (never rejects). */
async function fetchManifest(
  url: string,
  credentials: RequestCredentials,
  abort: AbortController,
  deps: PrefetchDeps,
  timeoutMs: number,
): Promise<ManifestResponse | null> {
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const startMs = deps.nowMs();
    const response = await deps.fetch(url, { credentials, signal: abort.signal });
    const firstByteMs = deps.nowMs();
    if (!response.ok) {
      // The engine's own request reports the error (and retries) as it always did.
      void response.body?.cancel().catch(() => undefined);
      return null;
    }
    const buffer = await response.arrayBuffer();
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    return {
      url: response.url || url,
      status: response.status,
      statusText: response.statusText,
      text: new TextDecoder().decode(buffer),
      bytes: buffer.byteLength,
      headers,
      timing: { startMs, firstByteMs, endMs: deps.nowMs() },
    };
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** What the element knows about its next source, enough to start preloading it. */
export interface PreloadRequest {
  /** The source as set (`src`), and resolved against `base`, the document's base URL (`url`). */
  readonly src: string;
  readonly url: string | null;
  readonly base: string;
  readonly engine: EngineName;
  readonly crossOrigin: 'anonymous' | 'use-credentials' | null;
  /** Whether the manifest may be fetched ahead (see `mayPrefetchManifest`). */
  readonly prefetchManifest: boolean;
}

/** The engine chunk and the manifest of one source, on their way. */
export class SourcePreload {
  readonly src: string;
  readonly engine: EngineName;
  readonly crossOrigin: 'anonymous' | 'use-credentials' | null;
  /** The engine's adapter factory (the chunk's `import()`); rejects as `loadEngine` does. */
  readonly factory: Promise<EngineAdapterFactory>;
  readonly manifest: PrefetchedManifest | null;

  constructor(request: PreloadRequest, deps: PrefetchDeps & { loadEngine(name: EngineName): Promise<EngineAdapterFactory> }) {
    this.src = request.src;
    this.engine = request.engine;
    this.crossOrigin = request.crossOrigin;
    this.factory = deps.loadEngine(request.engine);
    // Whoever awaits it later gets the rejection; until then it is not an unhandled one.
    this.factory.catch(() => undefined);
    this.manifest =
      request.prefetchManifest && request.url !== null
        ? new PrefetchedManifest(request.url, request.base, request.crossOrigin === 'use-credentials' ? 'include' : 'same-origin', deps)
        : null;
  }

  /** True when loading this source with this engine can use what this preload started. */
  matches(request: Pick<PreloadRequest, 'src' | 'engine' | 'crossOrigin'>): boolean {
    return request.src === this.src && request.engine === this.engine && request.crossOrigin === this.crossOrigin;
  }

  cancel(): void {
    this.manifest?.cancel();
  }
}

/**
 * Keys of `engineConfig` that change how an engine requests its manifest (headers, loaders, CMCD).
 * When one is set, the manifest is not prefetched: the engine's request must be the one sent.
 */
const REQUEST_SHAPING_KEYS: Readonly<Record<keyof EngineConfig, readonly string[]>> = {
  hlsjs: ['xhrSetup', 'fetchSetup', 'loader', 'pLoader', 'cmcd'],
  dashjs: ['streaming.cmcd'],
  shaka: ['cmcd', 'networking'],
};

const CONFIG_ENTRY: Readonly<Partial<Record<EngineName, keyof EngineConfig>>> = { 'hls.js': 'hlsjs', 'dash.js': 'dashjs', shaka: 'shaka' };

/**
 * Whether the manifest may be fetched ahead of the engine and handed to it. Not when the engine's own
 * request would differ from a plain GET: CMCD on (it goes on the manifest request), an `engineSetup`
 * hook (it may add request filters, interceptors or headers), or an `engineConfig` entry shaping
 * requests. Not for native HLS (the video element fetches it) nor for other than http(s) URLs.
 */
export function mayPrefetchManifest(input: {
  engine: EngineName;
  url: string | null;
  cmcd: boolean;
  engineSetup: boolean;
  engineConfig: EngineConfig | null;
}): boolean {
  if (input.url === null || !/^https?:/i.test(input.url)) return false;
  if (input.cmcd || input.engineSetup) return false;
  const entry = CONFIG_ENTRY[input.engine];
  if (entry === undefined) return false;
  const config = input.engineConfig?.[entry] as Record<string, unknown> | undefined;
  return !REQUEST_SHAPING_KEYS[entry].some((path) => hasPath(config, path));
}

/** `src` resolved against `base`, or null when it is not a URL. */
export function resolveSource(src: string, base: string): string | null {
  try {
    return new URL(src, base).href;
  } catch {
    return null;
  }
}

function hasPath(object: Record<string, unknown> | undefined, path: string): boolean {
  let current: unknown = object;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || !(key in current)) return false;
    current = (current as Record<string, unknown>)[key];
  }
  return current !== undefined;
}
