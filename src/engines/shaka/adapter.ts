// shaka's npm entry is its Closure-compiled UMD bundle: CommonJS to Vite, which converts it both in dev
// (dependency pre-bundling) and in `vite build`; the default import is the `shaka` namespace.
import shaka from 'shaka-player/dist/shaka-player.compiled.js';
import { VodPlayerError } from '../../errors.js';
import { Disposers } from '../disposers.js';
import { trackMediaListeners } from '../media-listeners.js';
import { nearestRendition } from '../quality.js';
import { releaseVideo } from '../release-video.js';
import { OUTAGE_RETRY } from '../retry.js';
import { AdapterSession } from '../session.js';
import { embedderConfig, ignoredKeysError, startAfterSetup } from '../engine-config.js';
import type { RenderedDecision } from '../../vod-abr/abr-session.js';
import type { EngineAdapter, EngineAdapterFactory, EngineLoadOptions, EngineSink, Quality } from '../types.js';
import { mapShakaError, type ShakaErrorLike } from './errors.js';
import { shakaLadder, type ShakaRung } from './ladder.js';
import { VOD_ABR_SHAKA_BUFFERING_GOAL_SEC, VodShakaAbrManager, type RequestContextLike, type ShakaResponseLike } from './vod-abr.js';
import { shakaCmcdConfig } from './cmcd.js';
import { prefetchedManifestFilters } from './prefetch-filters.js';
import { registerGoneIsFinal } from './gone-is-final.js';

/** Segment retries that ride out an outage (see OUTAGE_RETRY); shaka's default gives up after 2 attempts. */
const SEGMENT_RETRY = {
  maxAttempts: OUTAGE_RETRY.maxRetries + 1,
  baseDelay: OUTAGE_RETRY.firstDelayMs,
  backoffFactor: 1.5,
  fuzzFactor: 0.5,
  timeout: 30_000,
  stallTimeout: 5_000,
  connectionTimeout: 10_000,
};

/**
 * Seconds of buffer kept ahead of the playhead when a pinned rendition replaces the rest: the pinned
 * rendition is fetched at once and shows within this margin, without a stall (shaka advises about two
 * segments as the least).
 */
const PIN_SAFE_MARGIN_SEC = 4;

/**
 * Embedder keys (`engineConfig.shaka`) vod-player keeps: always `observeQualityChanges` (without it
 * `vod-qualitychange` never fires), and `abrFactory` while vod-player's ABR is plugged in.
 */
export const SHAKA_KEPT_KEYS: readonly string[] = ['streaming.observeQualityChanges'];
export const SHAKA_VOD_ABR_KEYS: readonly string[] = ['abrFactory'];

let polyfillsInstalled = false;

/** shaka wants its polyfills installed once per page, before the first Player. */
function installPolyfillsOnce(): void {
  if (polyfillsInstalled) return;
  polyfillsInstalled = true;
  shaka.polyfill.installAll();
}

function isShakaError(value: unknown): value is ShakaErrorLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ShakaErrorLike).code === 'number' &&
    typeof (value as ShakaErrorLike).category === 'number' &&
    typeof (value as ShakaErrorLike).severity === 'number'
  );
}

/**
 * shaka-player 5 behind `EngineAdapter` (plays HLS and DASH).
 *
 * - `load()` attaches, then awaits `player.load(src, startTimeSec)`, which resolves once the manifest is
 *   parsed and streaming has started; the ladder is built from `getVariantTracks()` (see `shakaLadder`).
 * - With `options.abr`, vod-player's ABR plugs in as `player.configure({ abrFactory })` between
 *   `new shaka.Player()` and `load()`, with a 30 s buffering goal (shaka's 10 s leaves it no room),
 *   and a request filter shows it each request (`segmentRequested`: which decision it carries).
 * - Rendered quality: `mediaqualitychanged` with `mediaQuality.contentType === 'video'`. shaka's
 *   QualityObserver fires it when the playhead enters media appended from another stream (so: now
 *   playing), whether ABR or a manual selection caused it. `adaptation`/`variantchanged` fire when
 *   shaka *chooses* a variant, seconds before it plays.
 *   It needs `streaming.observeQualityChanges`, which shaka leaves off by default. Its `bandwidth` is the
 *   video stream's, so it is matched against each rung's `videoBandwidthBps`, not `Quality.bitrateBps`.
 *   Its decision is the one whose request brought the segment at its `position` (`abr.renderedAt(video stream id, position)`).
 * - Pinning: `abr.enabled = false`, then `selectVariantTrack(variant, clearBuffer = true, PIN_SAFE_MARGIN_SEC)`.
 *   `'auto'` sets `abr.enabled = true` again.
 */
/** Segment URLs remembered with their video stream (the most recent ones). */
const SEGMENT_URLS_KEPT = 64;

class ShakaAdapter implements EngineAdapter {
  readonly name = 'shaka' as const;
  readonly #video: HTMLVideoElement;
  readonly #session: AdapterSession;
  /** Removes the media listeners the engine left behind (`media-listeners.ts`). */
  #releaseMediaListeners: () => void = () => undefined;
  readonly #listeners = new Disposers();
  #player: shaka.Player | null = null;
  #rungs: ShakaRung<shaka.extern.Track>[] = [];
  #abr: EngineLoadOptions['abr'] = undefined;
  /** The AbrManager shaka made last through `abrFactory`. */
  #abrManager: VodShakaAbrManager | null = null;

  constructor(video: HTMLVideoElement, sink: EngineSink) {
    this.#video = video;
    this.#session = new AdapterSession('shaka', sink);
  }

  get engineInstance(): shaka.Player | undefined {
    return this.#player ?? undefined;
  }

  get qualities(): readonly Quality[] {
    return this.#session.qualities;
  }

  get autoQuality(): boolean {
    const enabled: unknown = this.#player?.getConfiguration().abr.enabled;
    return typeof enabled === 'boolean' ? enabled : true;
  }

  load(src: string, options: EngineLoadOptions): Promise<void> {
    const loaded = this.#session.begin();
    if (!this.#session.loading) return loaded; // destroyed, or already used: begin() rejected

    installPolyfillsOnce();
    this.#releaseMediaListeners = trackMediaListeners(this.#video);
    registerGoneIsFinal();
    const player = new shaka.Player();
    this.#player = player;
    // `mediaqualitychanged` only fires with this on (shaka's default is false).
    player.configure({ streaming: { observeQualityChanges: true, retryParameters: SEGMENT_RETRY } });
    if (options.cmcd) player.configure(shakaCmcdConfig(options.cmcd));
    const abr = options.abr;
    this.#abr = abr;
    if (abr) {
      const bufferGoalSec = (): number | undefined => this.#player?.getConfiguration().streaming.bufferingGoal;
      player.configure({
        abrFactory: () => (this.#abrManager = new VodShakaAbrManager(abr, bufferGoalSec)) as unknown as shaka.extern.AbrManager,
        // maxDisabledTime 0: a segment that is gone is an error the element's recovery sees (it excludes
        // the rendition from our ABR and the menu, and reloads), not a variant shaka disables silently.
        streaming: { bufferingGoal: VOD_ABR_SHAKA_BUFFERING_GOAL_SEC, maxDisabledTime: 0 },
      });
      // A SegmentReference's `startTime` / `endTime` fields (kept in the compiled build) are missing from shaka's typings.
      const filter: shaka.extern.RequestFilter = (_type, _request, context) => this.#abrManager?.segmentRequested(context as RequestContextLike | undefined);
      const networking = player.getNetworkingEngine();
      networking?.registerRequestFilter(filter);
      this.#listeners.add(() => networking?.unregisterRequestFilter(filter));
      const completed: shaka.extern.ResponseFilter = (_type, response, context) =>
        this.#abrManager?.segmentCompleted(response as ShakaResponseLike, context as RequestContextLike | undefined);
      networking?.registerResponseFilter(completed);
      this.#listeners.add(() => networking?.unregisterResponseFilter(completed));
    }
    const manifest = options.manifest;
    const networking = player.getNetworkingEngine();
    if (manifest && networking) {
      // The manifest request is answered from the element's prefetch (any other goes to the network).
      const filters = prefetchedManifestFilters(manifest, {
        manifestType: shaka.net.NetworkingEngine.RequestType.MANIFEST,
        createObjectUrl: (text) => URL.createObjectURL(new Blob([text], { type: 'text/plain' })),
        revokeObjectUrl: (url) => URL.revokeObjectURL(url),
      });
      const requestFilter: shaka.extern.RequestFilter = (type, request) => filters.request(type, request);
      const responseFilter: shaka.extern.ResponseFilter = (type, response) => filters.response(type, response);
      networking.registerRequestFilter(requestFilter);
      networking.registerResponseFilter(responseFilter);
      this.#listeners.add(() => {
        networking.unregisterRequestFilter(requestFilter);
        networking.unregisterResponseFilter(responseFilter);
        filters.dispose();
      });
    }
    if (options.crossOrigin === 'use-credentials') {
      player.getNetworkingEngine()?.registerRequestFilter((_type, request) => {
        request.allowCrossSiteCredentials = true;
      });
    }
    // Which video stream each segment URL belongs to, so a failed segment's error names its rendition.
    const streamOfUrl = new Map<string, number>();
    const remember: shaka.extern.RequestFilter = (type, request, context) => {
      const stream = (context as { stream?: { id?: number; type?: string } } | undefined)?.stream;
      if (type !== shaka.net.NetworkingEngine.RequestType.SEGMENT || stream?.type !== 'video' || typeof stream.id !== 'number') return;
      for (const uri of request.uris) streamOfUrl.set(uri, stream.id);
      while (streamOfUrl.size > SEGMENT_URLS_KEPT) streamOfUrl.delete(streamOfUrl.keys().next().value!);
    };
    networking?.registerRequestFilter(remember);
    this.#listeners.add(() => networking?.unregisterRequestFilter(remember));
    this.#on(player, 'error', (event) => {
      const detail: unknown = (event as CustomEvent<unknown>).detail;
      if (this.#session.ended || !isShakaError(detail)) return;
      const error = mapShakaError(detail);
      const streamId = error.detail.url !== undefined ? streamOfUrl.get(error.detail.url) : undefined;
      const rung = streamId === undefined ? undefined : this.#rungs.find((r) => r.variant.videoId === streamId);
      this.#session.report(rung ? error.with({ qualityIndex: rung.quality.index }) : error);
    });
    this.#on(player, 'mediaqualitychanged', (event) => {
      const { mediaQuality: media, position } = event as unknown as { mediaQuality?: shaka.extern.MediaQualityInfo; position?: number };
      if (this.#session.ended || !media || media.contentType !== 'video') return;
      const probe = { bitrateBps: media.bandwidth, height: media.height ?? 0 };
      const rung = this.#rungs[nearestRendition(this.#rungs.map((r) => ({ bitrateBps: r.videoBandwidthBps, height: r.quality.height })), probe)];
      const streamId = rung?.variant.videoId;
      const decided = this.#abr && streamId != null ? this.#abr.renderedAt(streamId, position ?? this.#video.currentTime) : null;
      // Before the ladder is known, pass shaka's numbers on: the session keeps them until ready().
      this.#session.rendered(rung ? { bitrateBps: rung.quality.bitrateBps, height: rung.quality.height } : probe, decided ?? { decisionId: null });
    });

    // The embedder's settings last: shaka merges them over ours (the protected keys were removed).
    const kept = abr ? [...SHAKA_KEPT_KEYS, ...SHAKA_VOD_ABR_KEYS] : SHAKA_KEPT_KEYS;
    const embedder = embedderConfig('shaka', options.engineConfig?.shaka, kept);
    if (embedder.ignored.length > 0) this.#session.report(ignoredKeysError('shaka', embedder.ignored));
    if (embedder.config) player.configure(embedder.config as shaka.extern.PlayerConfiguration);
    startAfterSetup(
      options.setup,
      { engine: 'shaka', instance: player, media: this.#video, src },
      () => void this.#start(player, src, options.startTimeSec),
      { ended: () => this.#session.ended, fail: (error) => this.#session.report(error) },
    );
    return loaded;
  }

  setQuality(index: number | 'auto'): void {
    const player = this.#player;
    if (!player || this.#session.ended) return;
    if (index === 'auto') {
      player.configure({ abr: { enabled: true } });
      return;
    }
    const rung = this.#rungs[index];
    if (!rung) return; // the element validates indexes; nothing to pin
    player.configure({ abr: { enabled: false } });
    player.selectVariantTrack(rung.variant, true, PIN_SAFE_MARGIN_SEC);
  }

  bandwidthEstimateBps(): number | null {
    if (this.#abr) return this.#abr.bandwidthEstimateBps;
    const estimate = this.#player?.getStats().estimatedBandwidth;
    return estimate !== undefined && Number.isFinite(estimate) && estimate > 0 ? estimate : null;
  }

  async destroy(): Promise<void> {
    if (this.#session.ended) return;
    this.#session.end();
    this.#listeners.disposeAll();
    const player = this.#player;
    this.#player = null;
    try {
      await player?.destroy(); // unloads (ends the MediaSource) and detaches
    } finally {
      this.#releaseMediaListeners();
      releaseVideo(this.#video);
    }
  }

  async #start(player: shaka.Player, src: string, startTimeSec: number | undefined): Promise<void> {
    try {
      await player.attach(this.#video);
      if (this.#session.ended) return;
      await player.load(src, startTimeSec ?? null);
      if (this.#session.ended) return;
      this.#rungs = shakaLadder(player.getVariantTracks(), player.getManifestType());
      this.#session.ready(this.#rungs.map((r) => r.quality));
    } catch (cause) {
      if (this.#session.ended) return;
      // A plain Error out of load() before any manifest was parsed comes from the parser (shaka's XML
      // reader throws `XML is too deeply nested` for a body that is not XML at all).
      const code = player.getManifest() === null ? 'MANIFEST_PARSE_FAILED' : 'ENGINE_ERROR';
      this.#session.report(
        isShakaError(cause)
          ? mapShakaError(cause)
          : new VodPlayerError(code, `shaka: ${cause instanceof Error ? cause.message : String(cause)}`, {
              fatal: true,
              cause,
              detail: { engine: 'shaka' },
            }),
      );
    }
  }

  /** `player.addEventListener` now, the matching `removeEventListener` on destroy. */
  #on(player: shaka.Player, type: string, listener: (event: Event) => void): void {
    player.addEventListener(type, listener);
    this.#listeners.add(() => player.removeEventListener(type, listener));
  }
}

export const createAdapter: EngineAdapterFactory = (video, sink) => new ShakaAdapter(video, sink);
