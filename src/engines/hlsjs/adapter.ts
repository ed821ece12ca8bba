import Hls, {
  Events,
  type ErrorData,
  type Fragment,
  type HlsConfig,
  type HlsListeners,
  type Level,
  type LevelSwitchedData,
  type LoadPolicy,
  type ManifestParsedData,
  type RetryConfig,
} from 'hls.js';
import { VodPlayerError } from '../../errors.js';
import { Disposers } from '../disposers.js';
import { trackMediaListeners } from '../media-listeners.js';
import { mapMediaError } from '../media-error.js';
import { buildQualities, nearestRendition, type RenditionInfo } from '../quality.js';
import { releaseVideo } from '../release-video.js';
import { OUTAGE_RETRY, isRetryableStatus } from '../retry.js';
import { AdapterSession } from '../session.js';
import { deepMerge, embedderConfig, ignoredKeysError, startAfterSetup } from '../engine-config.js';
import type { RenderedDecision } from '../../vod-abr/abr-session.js';
import type { EngineAdapter, EngineAdapterFactory, EngineLoadOptions, EngineSink, Quality } from '../types.js';
import { isPlaybackHiccup, isRecoverableMediaError, mapHlsJsError } from './errors.js';
import { vodAbrControllerClass } from './vod-abr.js';
import { hlsCmcdConfig } from './cmcd.js';
import { prefetchedPlaylistLoader } from './prefetch-loader.js';

/** Embedder keys (`engineConfig.hlsjs`) vod-player keeps while its ABR is plugged in: hls.js reads `abrController` at construction. */
export const HLSJS_VOD_ABR_KEYS: readonly string[] = ['abrController'];

/** hls.js gets one `recoverMediaError()` per this window; a second fatal media error inside it is fatal for us. */
const MEDIA_RECOVERY_WINDOW_MS = 10_000;

/**
 * Everything hls.js is constructed with (the embedder's `engineConfig.hlsjs` is merged over it). Engine defaults otherwise. With `options.abr`, vod-player's
 * ABR replaces hls.js's as `abrController` (hls.js only reads it at construction).
 */
function hlsConfig(options: EngineLoadOptions): Partial<HlsConfig> {
  const config: Partial<HlsConfig> = {
    enableWorker: true,
    startFragPrefetch: true,
    startPosition: options.startTimeSec ?? -1,
    fragLoadPolicy: withOutageRetry(Hls.DefaultConfig.fragLoadPolicy),
    playlistLoadPolicy: withOutageRetry(Hls.DefaultConfig.playlistLoadPolicy),
  };
  if (options.cmcd) config.cmcd = hlsCmcdConfig(options.cmcd);
  if (options.abr) config.abrController = vodAbrControllerClass(options.abr) as unknown as HlsConfig['abrController'];
  if (options.crossOrigin === 'use-credentials') {
    config.xhrSetup = (xhr) => {
      xhr.withCredentials = true;
    };
  }
  return config;
}

/** hls.js's own load policy with OUTAGE_RETRY's error retries (status-0 network errors included). */
function withOutageRetry(policy: LoadPolicy): LoadPolicy {
  const errorRetry: RetryConfig = {
    maxNumRetry: OUTAGE_RETRY.maxRetries,
    retryDelayMs: OUTAGE_RETRY.firstDelayMs,
    maxRetryDelayMs: OUTAGE_RETRY.maxDelayMs,
    backoff: 'exponential',
    shouldRetry: (retryConfig, retryCount, isTimeout, response) =>
      !!retryConfig && retryCount < retryConfig.maxNumRetry && (isTimeout || isRetryableStatus(response?.code)),
  };
  return { default: { ...policy.default, errorRetry } };
}

function renditionOf(level: Level): RenditionInfo {
  return { width: level.width, height: level.height, bitrateBps: level.bitrate, codecs: level.videoCodec ?? '' };
}

/**
 * Whether a level belongs in the video ladder: it has a resolution or a video codec, or it declares no
 * codecs at all (a bare media playlist). Audio-only variants (an audio codec and nothing else) do not.
 */
function hasVideo(level: Level): boolean {
  return level.height > 0 || level.width > 0 || Boolean(level.videoCodec) || !level.audioCodec;
}

/**
 * hls.js behind `EngineAdapter`.
 *
 * - Rendered quality: `Hls.Events.LEVEL_SWITCHED`, which hls.js fires when the fragment at the playhead
 *   comes from another level than the previous one (not when it starts loading it: that is
 *   LEVEL_SWITCHING), right after FRAG_CHANGED names that fragment: its decision is the one whose
 *   request brought it (`abr.renderedAt(level, fragment middle)`).
 * - Pinning uses `hls.nextLevel`: hls.js flushes the forward buffer past the fragment in play and fetches
 *   the pinned level next, so its segments are requested at once and it shows within about a fragment,
 *   without the stall of `currentLevel` (which flushes everything). `'auto'` sets `hls.loadLevel = -1`:
 *   ABR resumes from the next fragment without a flush.
 */
class HlsJsAdapter implements EngineAdapter {
  readonly name = 'hls.js' as const;
  readonly #video: HTMLVideoElement;
  readonly #session: AdapterSession;
  /** Removes the media listeners the engine left behind (`media-listeners.ts`). */
  #releaseMediaListeners: () => void = () => undefined;
  readonly #listeners = new Disposers();
  #hls: Hls | null = null;
  #lastRecoveryMs = -Infinity;
  #metadataLoaded = false;
  #abr: EngineLoadOptions['abr'] = undefined;
  /** The main fragment at the playhead (FRAG_CHANGED). */
  #playingFrag: Fragment | null = null;

  constructor(video: HTMLVideoElement, sink: EngineSink) {
    this.#video = video;
    this.#session = new AdapterSession('hls.js', sink);
  }

  get engineInstance(): Hls | undefined {
    return this.#hls ?? undefined;
  }

  get qualities(): readonly Quality[] {
    return this.#session.qualities;
  }

  get autoQuality(): boolean {
    return this.#hls?.autoLevelEnabled ?? true;
  }

  load(src: string, options: EngineLoadOptions): Promise<void> {
    const loaded = this.#session.begin();
    if (!this.#session.loading) return loaded; // destroyed, or already used: begin() rejected

    this.#abr = options.abr;
    const embedder = embedderConfig('hlsjs', options.engineConfig?.hlsjs, options.abr ? HLSJS_VOD_ABR_KEYS : []);
    if (embedder.ignored.length > 0) this.#session.report(ignoredKeysError('hls.js', embedder.ignored));
    const config = deepMerge(hlsConfig(options), embedder.config);
    if (options.manifest) {
      // The manifest request is answered from the element's prefetch (any other goes to hls.js's loader).
      config.pLoader = prefetchedPlaylistLoader(config.pLoader ?? config.loader ?? Hls.DefaultConfig.loader, options.manifest);
    }
    this.#releaseMediaListeners = trackMediaListeners(this.#video);
    const hls = new Hls(config);
    this.#hls = hls;
    this.#on(hls, Events.MANIFEST_PARSED, (_event, data) => this.#onManifestParsed(data));
    this.#on(hls, Events.FRAG_CHANGED, (_event, data) => {
      this.#playingFrag = data.frag;
    });
    this.#on(hls, Events.LEVEL_SWITCHED, (_event, data) => this.#onLevelSwitched(data));
    this.#on(hls, Events.ERROR, (_event, data) => this.#onError(hls, data));
    this.#listeners.listen(this.#video, 'loadedmetadata', () => {
      this.#metadataLoaded = true;
    });
    // hls.js reports its own append/parse failures, but not the element's decode errors.
    this.#listeners.listen(this.#video, 'error', () => {
      const error = this.#video.error;
      if (this.#session.ended || this.#hls !== hls || error === null) return;
      this.#session.report(mapMediaError('hls.js', error, !this.#metadataLoaded));
    });

    startAfterSetup(
      options.setup,
      { engine: 'hls.js', instance: hls, media: this.#video, src },
      () => {
        hls.attachMedia(this.#video);
        hls.loadSource(src);
      },
      { ended: () => this.#session.ended, fail: (error) => this.#session.report(error) },
    );
    return loaded;
  }

  setQuality(index: number | 'auto'): void {
    const hls = this.#hls;
    if (!hls || this.#session.ended) return;
    if (index === 'auto') {
      hls.loadLevel = -1;
      return;
    }
    const quality = this.#session.qualities[index];
    if (!quality) return; // the element validates indexes; nothing to pin
    const levelIndex = this.#levelIndexOf(hls, quality);
    if (levelIndex !== -1) hls.nextLevel = levelIndex;
  }

  bandwidthEstimateBps(): number | null {
    if (this.#abr) return this.#abr.bandwidthEstimateBps;
    const estimate = this.#hls?.bandwidthEstimate;
    return estimate !== undefined && Number.isFinite(estimate) && estimate > 0 ? estimate : null;
  }

  async destroy(): Promise<void> {
    if (this.#session.ended) return;
    this.#session.end();
    this.#listeners.disposeAll();
    const hls = this.#hls;
    this.#hls = null;
    hls?.destroy(); // detaches media: ends the MediaSource and empties the element
    this.#releaseMediaListeners();
    releaseVideo(this.#video);
  }

  /** `hls.on` now, the matching `hls.off` on destroy. */
  #on<E extends keyof HlsListeners>(hls: Hls, event: E, listener: HlsListeners[E]): void {
    hls.on(event, listener);
    this.#listeners.add(() => hls.off(event, listener));
  }

  #onManifestParsed(data: ManifestParsedData): void {
    if (this.#session.ended) return;
    this.#session.ready(buildQualities(data.levels.filter(hasVideo).map(renditionOf)));
  }

  #onLevelSwitched(data: LevelSwitchedData): void {
    const level = this.#hls?.levels[data.level];
    if (this.#session.ended || !level) return;
    const frag = this.#playingFrag;
    const decided = this.#abr && frag?.level === data.level ? this.#abr.renderedAt(frag.level, frag.start + frag.duration / 2) : null;
    this.#session.rendered({ bitrateBps: level.bitrate, height: level.height }, decided ?? { decisionId: null });
  }

  #onError(hls: Hls, data: ErrorData): void {
    if (this.#session.ended || this.#hls !== hls || isPlaybackHiccup(data)) return;
    const error = this.#withQuality(hls, data, mapHlsJsError(data));
    if (isRecoverableMediaError(data)) {
      const nowMs = performance.now();
      if (nowMs - this.#lastRecoveryMs > MEDIA_RECOVERY_WINDOW_MS) {
        this.#lastRecoveryMs = nowMs;
        hls.recoverMediaError();
        this.#session.report(asRecovered(error));
        return;
      }
    }
    this.#session.report(error);
  }

  /** `error` with the quality of the main fragment that failed, when there is one. */
  #withQuality(hls: Hls, data: ErrorData, error: VodPlayerError): VodPlayerError {
    const frag = data.frag;
    if (!frag || frag.type !== 'main' || frag.level < 0) return error;
    const level = hls.levels[frag.level];
    const index = this.#session.qualityIndexOf(level ? { bitrateBps: level.bitrate, height: level.height } : null);
    return index === null ? error : error.with({ qualityIndex: index });
  }

  /** hls.js's index of the level our `quality` stands for (hls.js orders levels its own way, and may drop some). */
  #levelIndexOf(hls: Hls, quality: Quality): number {
    return nearestRendition(
      hls.levels.map((level) => (hasVideo(level) ? { bitrateBps: level.bitrate, height: level.height } : null)),
      quality,
    );
  }
}

/** The same error, reported as non-fatal because hls.js is trying `recoverMediaError()`. */
function asRecovered(error: VodPlayerError): VodPlayerError {
  return new VodPlayerError(error.code, `${error.message} (recovering with hls.recoverMediaError())`, {
    fatal: false,
    cause: error.cause,
    detail: error.detail,
  });
}

export const createAdapter: EngineAdapterFactory = (video, sink) => new HlsJsAdapter(video, sink);
