import type { VodPlayerError } from '../errors.js';
import type { RenderedDecision, VodAbrSession } from '../vod-abr/abr-session.js';
import type { EngineConfig, EngineSetupHook } from './engine-config.js';
import type { PrefetchedManifest } from './preload.js';

/** The engines `<vod-player>` can drive. `native` is the browser's own HLS (Safari/iOS without MSE). */
export type EngineName = 'hls.js' | 'dash.js' | 'shaka' | 'native';

/** One video rendition of the ladder, as the engine reports it. */
export interface Quality {
  /** Position in `qualities`, which is sorted by ascending bitrate. Use it with `setQuality`. */
  readonly index: number;
  readonly width: number;
  readonly height: number;
  /** Declared bandwidth of the rendition (HLS BANDWIDTH, DASH @bandwidth), bits per second. */
  readonly bitrateBps: number;
  /** RFC 6381 codecs string, e.g. `avc1.64001f`. Empty when the manifest does not say. */
  readonly codecs: string;
  /** Short label for menus, e.g. `720p`. */
  readonly label: string;
}

/** What an adapter reports back. The element wraps it so that a replaced adapter is ignored. */
export interface EngineSink {
  /** The ladder is known (after the manifest is parsed). Sorted by ascending bitrate. */
  qualities(qualities: readonly Quality[]): void;
  /**
   * The engine confirms that `quality` is now the one being played. `rendered.decisionId` names the
   * vod-abr decision whose request brought the segment now playing (`VodAbrSession.decisionById`),
   * null when none did: a pinned rendition, the engine's own ABR, a segment before any decision.
   * The hls.js, dash.js and shaka adapters always pass `rendered`; the native one never does.
   */
  qualityRendered(quality: Quality, rendered?: RenderedDecision): void;
  /**
   * Something went wrong. Fatal errors end playback of this source.
   * A fatal error raised while `load()` is still pending rejects that promise instead of coming here.
   */
  error(error: VodPlayerError): void;
}

export interface EngineLoadOptions {
  /** Where to start playing, seconds. */
  startTimeSec?: number;
  /** `crossorigin` attribute of the element, forwarded to requests where the engine allows. */
  crossOrigin?: string | null;
  /**
   * Common Media Client Data, sent by the engine's own CMCD support (hls.js `cmcd`, dash.js
   * `streaming.cmcd`, shaka `cmcd`). Absent: no CMCD.
   */
  cmcd?: EngineCmcdOptions;
  /**
   * vod-player's ABR for this source, plugged into the engine's ABR extension point (hls.js
   * `abrController`, dash.js custom rules with the built-in ones off, shaka `abrFactory`).
   * Absent: the engine's own ABR.
   */
  abr?: VodAbrSession;
  /**
   * The embedder's engine settings (`engineConfig`): the adapter merges its engine's entry over its
   * own settings, except for the keys it keeps (reported as a non-fatal INVALID_ATTRIBUTE).
   */
  engineConfig?: EngineConfig;
  /** The embedder's hook (`engineSetup`), called with the configured engine before it loads `src`. */
  setup?: EngineSetupHook;
  /**
   * The manifest, already requested by the element (see `engines/preload.ts`): the adapter answers the
   * engine's request for it from this prefetch (hls.js playlist loader, dash.js XHRLoader extension,
   * shaka request filter) instead of sending it again. When the prefetch failed, or the engine asks
   * for another URL, the engine's own request goes out as usual. Absent: the engine fetches it.
   */
  manifest?: PrefetchedManifest;
}

export interface EngineCmcdOptions {
  /** CMCD `sid`: the same session id as the telemetry beacons. */
  sessionId: string;
  /** CMCD `cid`: the content (video) id, when known. */
  contentId?: string;
  /** Query-string (`CMCD=`) or request headers (`CMCD-Request`, …). */
  mode: 'query' | 'header';
}

/**
 * The one contract every engine meets. Adapters live in `engines/<name>/adapter.ts` and are only
 * reached through the lazy loader, so a page that plays HLS never downloads dash.js or shaka.
 */
export interface EngineAdapter {
  readonly name: EngineName;
  /** The engine object itself (Hls, dash.js MediaPlayer, shaka.Player), for demos and benchmarks. */
  readonly engineInstance?: unknown;
  /** Attach to the video element and start loading `src`. Rejects with a VodPlayerError. */
  load(src: string, options: EngineLoadOptions): Promise<void>;
  /** The ladder, ascending by bitrate; empty until the manifest is parsed. */
  readonly qualities: readonly Quality[];
  /** True while the engine's ABR chooses the rendition. */
  readonly autoQuality: boolean;
  /** Pin one rendition by its index in `qualities`, or return to automatic selection. */
  setQuality(index: number | 'auto'): void;
  /** The engine's current bandwidth estimate in bits per second, or null if it has none. */
  bandwidthEstimateBps(): number | null;
  /** Detach from the video element, remove every listener and release the engine. Idempotent. */
  destroy(): Promise<void>;
}

/** Builds an adapter for one video element. Exported as `createAdapter` by each `engines/<name>/adapter.ts`. */
export type EngineAdapterFactory = (video: HTMLVideoElement, sink: EngineSink) => EngineAdapter;
