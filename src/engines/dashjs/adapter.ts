import { MediaPlayer, type MediaPlayerClass, type Representation } from 'dashjs';
import { VodPlayerError } from '../../errors.js';
import { Disposers } from '../disposers.js';
import { trackMediaListeners } from '../media-listeners.js';
import { mapMediaError } from '../media-error.js';
import { buildQualities, nearestRendition, type RenditionInfo } from '../quality.js';
import { releaseVideo } from '../release-video.js';
import { OUTAGE_RETRY } from '../retry.js';
import { AdapterSession } from '../session.js';
import { embedderConfig, ignoredKeysError, startAfterSetup } from '../engine-config.js';
import type { RenderedDecision } from '../../vod-abr/abr-session.js';
import type { EngineAdapter, EngineAdapterFactory, EngineLoadOptions, EngineSink, Quality } from '../types.js';
import { isVideoAdaptationSet, mapDashJsError, noPlayableVideoError, type DashErrorEventLike } from './errors.js';
import { plugVodAbr } from './vod-abr.js';
import { VOD_ABR_DASH_KEYS } from './vod-abr-settings.js';
import { dashCmcdSettings } from './cmcd.js';
import { dashXhrLoaderExtension, type GoneSegment } from './prefetch-loader.js';

/**
 * Segment retries that ride out an outage (see OUTAGE_RETRY): dash.js retries at a fixed interval,
 * so as many attempts as OUTAGE_RETRY's backoff takes in total time.
 */
const SEGMENT_RETRY_ATTEMPTS = Math.ceil(
  Array.from({ length: OUTAGE_RETRY.maxRetries }, (_, i) => Math.min(OUTAGE_RETRY.maxDelayMs, OUTAGE_RETRY.firstDelayMs * 2 ** i)).reduce(
    (a, b) => a + b,
    0,
  ) / OUTAGE_RETRY.firstDelayMs,
);
const SEGMENT_RETRY = {
  retryAttempts: { MediaSegment: SEGMENT_RETRY_ATTEMPTS, InitializationSegment: SEGMENT_RETRY_ATTEMPTS },
  retryIntervals: { MediaSegment: OUTAGE_RETRY.firstDelayMs, InitializationSegment: OUTAGE_RETRY.firstDelayMs },
};

const events = MediaPlayer.events;

function renditionOf(representation: Representation): RenditionInfo {
  return {
    width: representation.width,
    height: representation.height,
    bitrateBps: representation.bandwidth,
    codecs: representation.codecs ?? '',
  };
}

/**
 * dash.js 5 behind `EngineAdapter`.
 *
 * - Everything is set up before `initialize()`, the one point where dash.js reads its ABR rules: with
 *   `options.abr`, vod-player's ABR plugs in there (`plugVodAbr`: custom rules, built-in ones off).
 * - `load()` resolves on STREAM_INITIALIZED: the MPD is parsed and the representations are known. If
 *   dash.js dropped every video adaptation set as undecodable (it would go on with the audio alone), it
 *   rejects with CODEC_UNSUPPORTED instead.
 * - Rendered quality: QUALITY_CHANGE_RENDERED for `mediaType === 'video'`. dash.js fires it from
 *   PLAYBACK_TIME_UPDATED when the fragment under the playhead comes from another representation,
 *   including the first one: it means "now playing" (QUALITY_CHANGE_REQUESTED only means "will fetch").
 *   Its decision is the one whose request brought that fragment (`abr.renderedAt(representation id, currentTime)`).
 * - Pinning: `abr.autoSwitchBitrate.video = false`, then `setRepresentationForTypeById('video', id, forceReplace)`.
 *   Always forceReplace (up and down), as hls.js (`nextLevel`) and shaka (`clearBuffer`) pins do: dash.js's
 *   fast switching replaces nothing when a higher rung is already buffered ahead (our ABR ramps quickly), and
 *   its default switch appends after the forward buffer (up to 60 s under our ABR), so the viewer would wait a
 *   minute for the rung they chose. forceReplace prunes the buffer past the playhead and refetches, at the
 *   cost of a short stall. `'auto'` turns autoSwitchBitrate back on.
 * - `getAverageThroughput('video')` is in kbit/s; converted to bit/s.
 */
class DashJsAdapter implements EngineAdapter {
  readonly name = 'dash.js' as const;
  readonly #video: HTMLVideoElement;
  readonly #session: AdapterSession;
  /** Removes the media listeners the engine left behind (`media-listeners.ts`). */
  #releaseMediaListeners: () => void = () => undefined;
  readonly #listeners = new Disposers();
  #player: MediaPlayerClass | null = null;
  #adaptationSetsRemovedForCapabilities = false;
  /** dash.js dropped a video adaptation set as undecodable. */
  #videoRemoved = false;
  #metadataLoaded = false;
  #abr: EngineLoadOptions['abr'] = undefined;

  constructor(video: HTMLVideoElement, sink: EngineSink) {
    this.#video = video;
    this.#session = new AdapterSession('dash.js', sink);
  }

  get engineInstance(): MediaPlayerClass | undefined {
    return this.#player ?? undefined;
  }

  get qualities(): readonly Quality[] {
    return this.#session.qualities;
  }

  get autoQuality(): boolean {
    return this.#player?.getSettings().streaming?.abr?.autoSwitchBitrate?.video ?? true;
  }

  load(src: string, options: EngineLoadOptions): Promise<void> {
    const loaded = this.#session.begin();
    if (!this.#session.loading) return loaded; // destroyed, or already used: begin() rejected

    this.#releaseMediaListeners = trackMediaListeners(this.#video);
    const player = MediaPlayer().create();
    this.#player = player;
    // The MPD request is answered from the element's prefetch (dash.js wants extensions before initialize()).
    // A video segment that is gone (404/410) ends this engine at once instead of after ~27 s of retries:
    // the element's recovery excludes that rendition and reloads at the playhead.
    player.extend(
      'XHRLoader',
      dashXhrLoaderExtension({
        ...(options.manifest ? { manifest: options.manifest } : {}),
        onVideoSegmentGone: (segment) => this.#onVideoSegmentGone(segment),
      }),
      true,
    );
    player.updateSettings({ streaming: SEGMENT_RETRY });
    if (options.cmcd) player.updateSettings(dashCmcdSettings(options.cmcd));
    if (options.crossOrigin === 'use-credentials') {
      // No type: every request type (dash.js CustomParametersModel sets them all).
      player.setXHRWithCredentialsForType('', true);
    }
    this.#on(player, events.STREAM_INITIALIZED, () => this.#onStreamInitialized(player));
    this.#on(player, events.QUALITY_CHANGE_RENDERED, (e: { mediaType: string; newRepresentation: Representation | null }) => {
      if (this.#session.ended || e.mediaType !== 'video' || !e.newRepresentation) return;
      const decision = this.#abr?.renderedAt(e.newRepresentation.id, this.#video.currentTime) ?? { decisionId: null };
      this.#session.rendered({ bitrateBps: e.newRepresentation.bandwidth, height: e.newRepresentation.height }, decision);
    });
    this.#on(player, events.ADAPTATION_SET_REMOVED_NO_CAPABILITIES, (e: { adaptationSet?: unknown }) => {
      this.#adaptationSetsRemovedForCapabilities = true;
      if (isVideoAdaptationSet(e.adaptationSet)) this.#videoRemoved = true;
    });
    this.#on(player, events.ERROR, (e: DashErrorEventLike) => {
      if (this.#session.ended) return;
      const error = mapDashJsError(e, { adaptationSetsRemovedForCapabilities: this.#adaptationSetsRemovedForCapabilities });
      const index = this.#session.qualityIndexOf(failedRepresentationOf(e));
      this.#session.report(index === null ? error : error.with({ qualityIndex: index }));
    });
    this.#on(player, events.PLAYBACK_ERROR, (e: { error?: MediaError | null }) => {
      if (this.#session.ended || !e.error) return;
      this.#session.report(mapMediaError('dash.js', e.error, !this.#metadataLoaded));
    });
    this.#listeners.listen(this.#video, 'loadedmetadata', () => {
      this.#metadataLoaded = true;
    });

    if (options.abr) {
      this.#abr = options.abr;
      this.#listeners.add(plugVodAbr(player, this.#video, options.abr));
    }
    // The embedder's settings last: dash.js merges them over ours (the protected keys were removed).
    const embedder = embedderConfig('dashjs', options.engineConfig?.dashjs, options.abr ? VOD_ABR_DASH_KEYS : []);
    if (embedder.ignored.length > 0) this.#session.report(ignoredKeysError('dash.js', embedder.ignored));
    if (embedder.config) player.updateSettings(embedder.config);
    startAfterSetup(
      options.setup,
      { engine: 'dash.js', instance: player, media: this.#video, src },
      // autoPlay = false: the element decides about playing. startTime NaN = dash.js default (start).
      () => player.initialize(this.#video, src, false, options.startTimeSec ?? Number.NaN),
      { ended: () => this.#session.ended, fail: (error) => this.#session.report(error) },
    );
    return loaded;
  }

  setQuality(index: number | 'auto'): void {
    const player = this.#player;
    if (!player || this.#session.ended) return;
    if (index === 'auto') {
      player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: true } } } });
      return;
    }
    const quality = this.#session.qualities[index];
    if (!quality) return; // the element validates indexes; nothing to pin
    // dash.js's own list, in its own order: find ours in it by bitrate + height.
    const representations = player.getRepresentationsByType('video');
    const at = nearestRendition(
      representations.map((r) => ({ bitrateBps: r.bandwidth, height: r.height })),
      quality,
    );
    const target = representations[at];
    if (!target) return;
    const current = player.getCurrentRepresentationForType('video');
    const forceReplace = current !== null && target.id !== current.id;
    player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: false } } } });
    player.setRepresentationForTypeById('video', target.id, forceReplace);
  }

  bandwidthEstimateBps(): number | null {
    if (this.#abr) return this.#abr.bandwidthEstimateBps;
    const kbps = this.#player?.getAverageThroughput('video');
    return kbps !== undefined && Number.isFinite(kbps) && kbps > 0 ? kbps * 1000 : null;
  }

  async destroy(): Promise<void> {
    if (this.#session.ended) return;
    this.#session.end();
    this.#listeners.disposeAll();
    const player = this.#player;
    this.#player = null;
    player?.destroy(); // reset() (detaches view and source, ends the MediaSource), then frees singletons
    this.#releaseMediaListeners();
    releaseVideo(this.#video);
  }

  /** `player.on` now, the matching `player.off` on destroy. */
  #on<T>(player: MediaPlayerClass, type: string, listener: (event: T) => void): void {
    const handler = listener as (event: unknown) => void;
    player.on(type, handler);
    this.#listeners.add(() => player.off(type, handler));
  }

  #onVideoSegmentGone(segment: GoneSegment): void {
    if (this.#session.ended) return;
    const index = this.#session.qualityIndexOf(segment.rendition);
    this.#session.report(
      new VodPlayerError('SEGMENT_LOAD_FAILED', `dash.js: HTTP ${segment.status} for ${segment.url}`, {
        fatal: true,
        detail: { engine: 'dash.js', engineCode: 'segment-gone', httpStatus: segment.status, url: segment.url, ...(index !== null ? { qualityIndex: index } : {}) },
      }),
    );
  }

  #onStreamInitialized(player: MediaPlayerClass): void {
    if (this.#session.ended || !this.#session.loading) return;
    const representations = player.getRepresentationsByType('video');
    if (representations.length === 0 && this.#videoRemoved) {
      this.#session.report(noPlayableVideoError());
      return;
    }
    this.#session.ready(buildQualities(representations.map(renditionOf)));
  }
}

/** The video representation of a failed segment download (dash.js v5 FragmentRequest.representation), if any. */
function failedRepresentationOf(event: DashErrorEventLike): { bitrateBps: number; height: number } | null {
  const data = typeof event.error === 'object' && event.error !== null ? (event.error as { data?: unknown }).data : undefined;
  const request = typeof data === 'object' && data !== null ? (data as { request?: unknown }).request : undefined;
  if (typeof request !== 'object' || request === null) return null;
  const { mediaType, representation } = request as { mediaType?: unknown; representation?: { bandwidth?: unknown; height?: unknown } };
  if (mediaType !== 'video' || typeof representation?.bandwidth !== 'number') return null;
  return { bitrateBps: representation.bandwidth, height: typeof representation.height === 'number' ? representation.height : 0 };
}

export const createAdapter: EngineAdapterFactory = (video, sink) => new DashJsAdapter(video, sink);
