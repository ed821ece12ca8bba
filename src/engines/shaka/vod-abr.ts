import type { NextSegmentInfo, RungInfo } from '../../../abr/index.js';
import { readMediaState } from '../../vod-abr/media-snapshot.js';
import type { VodAbrSession } from '../../vod-abr/abr-session.js';

/** Segment duration assumed until a segment reference tells, seconds. */
const FALLBACK_SEGMENT_SEC = 4;

/** The buffer goal vod-player gives shaka with its ABR in charge (shaka's default, 10 s, leaves a buffer-based ABR no room). */
export const VOD_ABR_SHAKA_BUFFERING_GOAL_SEC = 30;

/** The parts of shaka's Variant / Stream / RequestContext the manager reads. */
interface StreamLike {
  readonly type?: string;
  readonly width?: number | null;
  readonly height?: number | null;
}
export interface VariantLike {
  readonly id: number;
  readonly bandwidth: number;
  readonly video: StreamLike | null;
}
interface SegmentLike {
  readonly startTime: number;
  readonly endTime: number;
}
interface RequestContextLike {
  readonly type?: number;
  readonly stream?: StreamLike;
  readonly segment?: SegmentLike | null;
  readonly isPreload?: boolean;
}
type SwitchCallback<V> = (variant: V, clearBuffer?: boolean, safeMarginSec?: number) => void;

/** shaka's AdvancedRequestType.INIT_SEGMENT. */
const INIT_SEGMENT_TYPE = 0;

/**
 * vod-player's ABR as a shaka `AbrManager` (the whole interface; shaka calls every method).
 *
 * - `chooseVariant()` (at start, and when the variants change) asks the session.
 * - After each downloaded segment (`segmentDownloaded`, when shaka allows a switch) and on
 *   `trySuggestStreams`, it asks again and switches through `switchCallback` without clearing the
 *   buffer; the new variant's segments follow the buffered ones.
 * - Samples: `segmentDownloaded(deltaTimeMs, numBytes, …, context)` for video segments (init
 *   segments are marked as such and never sampled).
 * - shaka gives an AbrManager no way to abort a request in flight, so no abandonment here
 *   (hls.js and dash.js have it).
 * - `enable()` / `disable()` follow `abr.enabled` (pinning a rung disables it).
 */
export class VodShakaAbrManager<V extends VariantLike = VariantLike> {
  readonly #session: VodAbrSession;
  #switch: SwitchCallback<V> | null = null;
  #variants: V[] = [];
  #enabled = false;
  #media: HTMLMediaElement | null = null;
  #current: V | null = null;
  #lastRung: number | null = null;
  #segmentSec = FALLBACK_SEGMENT_SEC;
  #bufferGoalSec: () => number | undefined;
  readonly #onSeeking = (): void => this.#session.onSeek();

  constructor(session: VodAbrSession, bufferGoalSec: () => number | undefined) {
    this.#session = session;
    this.#bufferGoalSec = bufferGoalSec;
  }

  init(switchCallback: SwitchCallback<V>): void {
    this.#switch = switchCallback;
  }

  stop(): void {
    this.#variants = [];
    this.#current = null;
  }

  release(): void {
    this.#switch = null;
    this.setMediaElement(null);
  }

  setVariants(variants: V[]): boolean {
    const sorted = [...variants].sort((a, b) => a.bandwidth - b.bandwidth);
    const same = sorted.length === this.#variants.length && sorted.every((v, i) => v.id === this.#variants[i]?.id);
    this.#variants = sorted;
    return !same;
  }

  chooseVariant(): V {
    const variant = this.#decide();
    if (!variant) throw new Error('vod-player ABR: shaka asked for a variant before giving any');
    this.#current = variant;
    return variant;
  }

  enable(): void {
    this.#enabled = true;
  }

  disable(): void {
    this.#enabled = false;
  }

  segmentDownloaded(deltaTimeMs: number, numBytes: number, allowSwitch: boolean, _request?: unknown, context?: RequestContextLike): void {
    const type = context?.stream?.type;
    if (type === undefined || type === 'video') {
      const segment = context?.segment;
      if (segment && segment.endTime > segment.startTime) this.#segmentSec = segment.endTime - segment.startTime;
      this.#session.onSegmentLoaded({
        bytes: numBytes,
        durationMs: deltaTimeMs,
        nowMs: this.#session.now(),
        kind: context?.type === INIT_SEGMENT_TYPE ? 'init' : 'media',
      });
    }
    if (allowSwitch) this.#suggest();
  }

  trySuggestStreams(): void {
    this.#suggest();
  }

  getBandwidthEstimate(): number {
    return this.#session.bandwidthEstimateBps;
  }

  playbackRateChanged(): void {}

  setMediaElement(media: HTMLMediaElement | null): void {
    this.#media?.removeEventListener('seeking', this.#onSeeking);
    this.#media = media;
    media?.addEventListener('seeking', this.#onSeeking);
  }

  setCmsdManager(): void {}

  /** shaka's `abr` configuration; vod-player's ABR takes its settings from the element instead. */
  configure(): void {}

  #suggest(): void {
    if (!this.#enabled || !this.#switch) return;
    const variant = this.#decide();
    if (!variant || variant === this.#current) return;
    this.#current = variant;
    this.#switch(variant, false);
  }

  #decide(): V | undefined {
    const variants = this.#variants;
    if (variants.length === 0) return undefined;
    const media = this.#media;
    const state = media ? readMediaState(media) : null;
    const nextSegment: NextSegmentInfo = {
      index: state ? Math.floor(state.bufferEndSec / this.#segmentSec) + 1 : 1,
      durationSec: this.#segmentSec,
    };
    const decision = this.#session.choose({
      nowMs: this.#session.now(),
      bufferSec: state?.bufferSec ?? 0,
      rungs: rungsOf(variants),
      nextSegment,
      lastRung: this.#lastRung,
      playbackRate: state?.playbackRate ?? 1,
      mediaRemainingSec: state?.mediaRemainingSec,
      bufferGoalSec: this.#bufferGoalSec(),
      seeking: state?.seeking ?? false,
    });
    this.#lastRung = decision.rung;
    return variants[decision.rung];
  }
}

/** A variant's `bandwidth` covers video + audio: what the rung costs on the link. */
function rungsOf(variants: readonly VariantLike[]): RungInfo[] {
  return variants.map((v, index) => ({ index, bitrateBps: v.bandwidth, height: v.video?.height ?? 0, width: v.video?.width ?? 0 }));
}
