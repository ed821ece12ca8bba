import type Hls from 'hls.js';
import { Events, type AbrComponentAPI, type EwmaBandWidthEstimator, type Fragment, type FragLoadedData, type FragLoadingData } from 'hls.js';
import { expectedTtfbMs, type NextSegmentInfo } from '../../../abr/index.js';
import { snapshotOf } from '../../vod-abr/snapshot.js';
import type { VodAbrSession } from '../../vod-abr/abr-session.js';
import type { EngineProbe } from '../../vod-abr/engine-probe.js';
import { hlsProbe } from './probe.js';

/** How often an in-flight fragment is checked for abandonment (hls.js's own controller uses 100 ms). */
const ABANDON_CHECK_MS = 100;

type HlsAbrClass = new (hls: Hls) => AbrComponentAPI;

/**
 * vod-player's ABR as an hls.js `abrController` (hls.js constructs it with `new Cls(hls)`).
 *
 * - `nextAutoLevel` (read by hls.js before every fragment) and `firstAutoLevel` ask the session.
 * - hls.js assigns `nextAutoLevel` itself on every level switch and on some errors: a value set
 *   through the setter holds for one fragment only and is cleared on FRAG_LOADED at that level,
 *   as the built-in controller does (else ABR would stick on the first level forever).
 * - Replacing the controller removes hls.js's abandonment of slow downloads, so this does its own:
 *   every 100 ms while a main fragment loads, `session.shouldAbandon`; on yes, the partial
 *   download feeds the estimator, the next level is forced, the request is aborted and
 *   FRAG_LOAD_EMERGENCY_ABORTED tells the stream controller to pick again.
 * - Samples: FRAG_LOADED of main media fragments (not init segments), first byte → last byte.
 * - A seek (`seeking` on the media) sends the session back to its startup phase.
 * - Decision ids: the decision behind the level last answered (or forced by an abandon) is pending
 *   until FRAG_LOADING; a main media fragment of that level, loaded while ABR is on, carries its id
 *   (`session.segmentRequested`); any other fragment (a pinned level, a level hls.js forced
 *   itself) carries none. hls.js echoes each answer back through the setter: same level, same decision.
 * - `bwEstimator` is a read-only view of the session's estimate: hls.js reads it for
 *   `hls.bandwidthEstimate` / `ttfbEstimate`, and when pinning a rung (`nextLevel`) to decide how
 *   much buffer to keep; without it that is NaN and hls.js never flushes for the pinned rung.
 */
export function vodAbrControllerClass(session: VodAbrSession): HlsAbrClass {
  return class VodHlsAbrController implements AbrComponentAPI {
    #hls: Hls | null;
    readonly #probe: EngineProbe;
    #forcedLevel = -1;
    #lastLoadedLevel: number | null = null;
    /** The decision behind the level hls.js will load next, until a fragment is requested. */
    #pending: { readonly id: number; readonly level: number } | null = null;
    #timer: ReturnType<typeof setInterval> | null = null;
    #media: HTMLMediaElement | null = null;
    readonly #onSeeking = (): void => session.onSeek();
    readonly #onMediaAttached = (_event: Events.MEDIA_ATTACHED, data: { media: HTMLMediaElement }): void => {
      this.#detachMedia();
      this.#media = data.media;
      data.media.addEventListener('seeking', this.#onSeeking);
    };
    readonly #onFragLoading = (_event: Events.FRAG_LOADING, data: FragLoadingData): void => {
      if (!isMainMedia(data.frag)) return; // audio fragments load alongside: they must not stop the main check
      this.#clearTimer();
      const frag = data.frag;
      const pending = this.#pending;
      const decisionId = this.#hls?.autoLevelEnabled && pending?.level === frag.level ? pending.id : null;
      session.segmentRequested({ rendition: frag.level, startSec: frag.start, endSec: frag.start + frag.duration }, decisionId);
      this.#timer = setInterval(() => this.#checkAbandon(frag), ABANDON_CHECK_MS);
    };
    readonly #onFragLoaded = (_event: Events.FRAG_LOADED, data: FragLoadedData): void => {
      const { frag } = data;
      if (frag.type !== 'main') return;
      this.#clearTimer();
      if (frag.level === this.#forcedLevel) this.#forcedLevel = -1;
      if (frag.sn === 'initSegment') return;
      this.#lastLoadedLevel = frag.level;
      const { loading, loaded } = frag.stats;
      session.onSegmentLoaded(
        {
          bytes: loaded,
          durationMs: loading.end - loading.start,
          ttfbMs: loading.first > 0 ? loading.first - loading.start : undefined,
          nowMs: session.monotonicMs(),
        },
        frag.url,
      );
    };

    readonly bwEstimator = {
      getEstimate: (): number => session.bandwidthEstimateBps,
      getEstimateTTFB: (): number => expectedTtfbMs(session.controller.state.estimator, session.controller.config.estimator),
      get defaultEstimate(): number {
        return session.controller.config.estimator.defaultBandwidthBps;
      },
      canEstimate: (): boolean => true,
      sample: (): void => undefined,
      sampleTTFB: (): void => undefined,
      update: (): void => undefined,
      destroy: (): void => undefined,
    } as unknown as EwmaBandWidthEstimator;

    constructor(hls: Hls) {
      this.#hls = hls;
      this.#probe = hlsProbe(hls, () => this.#lastLoadedLevel);
      hls.on(Events.MEDIA_ATTACHED, this.#onMediaAttached);
      hls.on(Events.FRAG_LOADING, this.#onFragLoading);
      hls.on(Events.FRAG_LOADED, this.#onFragLoaded);
      if (hls.media) this.#onMediaAttached(Events.MEDIA_ATTACHED, { media: hls.media });
    }

    get firstAutoLevel(): number {
      return this.#choose() ?? 0;
    }

    get forcedAutoLevel(): number {
      return this.#forcedLevel;
    }

    get nextAutoLevel(): number {
      if (this.#forcedLevel !== -1) return this.#forcedLevel;
      return this.#choose() ?? -1;
    }

    set nextAutoLevel(level: number) {
      if (level !== this.#pending?.level) this.#pending = null; // hls.js's own level, not an echo of ours
      this.#forcedLevel = level;
    }

    /** hls.js calls this after level errors; the session's estimate is kept (it measures the link, not the level). */
    resetEstimator(): void {}

    destroy(): void {
      this.#clearTimer();
      this.#detachMedia();
      const hls = this.#hls;
      this.#hls = null;
      if (!hls) return;
      hls.off(Events.MEDIA_ATTACHED, this.#onMediaAttached);
      hls.off(Events.FRAG_LOADING, this.#onFragLoading);
      hls.off(Events.FRAG_LOADED, this.#onFragLoaded);
    }

    /** The session's level for the fragment after the buffered end, or null before levels and media exist. */
    #choose(): number | null {
      const hls = this.#hls;
      if (!hls?.media || hls.levels.length === 0) {
        this.#pending = null;
        return null;
      }
      const decision = session.choose(snapshotOf(this.#probe, session.monotonicMs()), hls.media);
      this.#pending = { id: decision.id, level: decision.rung };
      return decision.rung;
    }

    #checkAbandon(frag: Fragment): void {
      const hls = this.#hls;
      const media = hls?.media;
      if (!hls || !media) return;
      const { stats } = frag;
      if (stats.aborted || (stats.total > 0 && stats.loaded >= stats.total)) {
        this.#clearTimer();
        return;
      }
      if (!hls.autoLevelEnabled || frag.level <= 0) return;
      const nowMs = session.monotonicMs();
      const inFlight: NextSegmentInfo = { index: typeof frag.sn === 'number' ? frag.sn : 0, durationSec: frag.duration };
      const verdict = session.shouldAbandon(
        {
          rung: frag.level,
          bytesLoaded: stats.loaded,
          bytesTotal: stats.total > 0 ? stats.total : undefined,
          elapsedMs: nowMs - stats.loading.start,
          ttfbMs: stats.loading.first > 0 ? stats.loading.first - stats.loading.start : undefined,
        },
        snapshotOf(this.#probe, nowMs, inFlight),
      );
      if (!verdict.abandon || verdict.toRung >= frag.level) return;
      this.#clearTimer();
      session.onSegmentLoaded({ bytes: stats.loaded, durationMs: nowMs - stats.loading.start, nowMs, aborted: true });
      this.#pending = verdict.id === null ? null : { id: verdict.id, level: verdict.toRung };
      this.#forcedLevel = verdict.toRung;
      hls.nextLoadLevel = verdict.toRung;
      frag.abortRequests();
      hls.trigger(Events.FRAG_LOAD_EMERGENCY_ABORTED, { frag, part: null, stats });
    }

    #clearTimer(): void {
      if (this.#timer !== null) clearInterval(this.#timer);
      this.#timer = null;
    }

    #detachMedia(): void {
      this.#media?.removeEventListener('seeking', this.#onSeeking);
      this.#media = null;
    }
  };
}

function isMainMedia(frag: Fragment): boolean {
  return frag.type === 'main' && frag.sn !== 'initSegment';
}

export type { HlsAbrClass };
