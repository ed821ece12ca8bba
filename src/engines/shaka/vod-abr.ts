import type { VodAbrSession } from '../../vod-abr/abr-session.js';
import { snapshotOf } from '../../vod-abr/snapshot.js';
import { shakaProbe, type StreamLike, type VariantLike } from './probe.js';

export type { VariantLike } from './probe.js';

/** Segment duration assumed until a segment reference tells, seconds. */
const FALLBACK_SEGMENT_SEC = 4;

/**
 * The buffer goal vod-player gives shaka with its ABR in charge: a minute, as dash.js gets (shaka's
 * default, 10 s, leaves a buffer-based ABR no room and no margin for a deep fade).
 */
export const VOD_ABR_SHAKA_BUFFERING_GOAL_SEC = 60;

/** The parts of shaka's SegmentReference / RequestContext the manager reads. */
interface SegmentLike {
  readonly startTime: number;
  readonly endTime: number;
}
export interface RequestContextLike {
  readonly type?: number;
  readonly stream?: StreamLike;
  readonly segment?: SegmentLike | null;
  readonly isPreload?: boolean;
}
type SwitchCallback<V> = (variant: V, clearBuffer?: boolean, safeMarginSec?: number) => void;

/** shaka's AdvancedRequestType.INIT_SEGMENT and MEDIA_SEGMENT. */
/** The fields of a shaka `Response` a completed segment is measured by. */
export interface ShakaResponseLike {
  readonly uri?: string;
  readonly data?: { readonly byteLength: number };
  readonly timeMs?: number;
  readonly fromCache?: boolean;
  readonly originalRequest?: { readonly timeToFirstByte?: number | null };
}

const INIT_SEGMENT_TYPE = 0;
const MEDIA_SEGMENT_TYPE = 1;

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
 * - Decision ids: the variant last chosen (`chooseVariant`, or asked after a download) is in effect
 *   with its decision until the next one, or until `disable()` (a pin); the adapter's request filter
 *   hands each request to `segmentRequested`, and a video media segment of that variant's stream
 *   carries the decision's id, any other none.
 */
export class VodShakaAbrManager<V extends VariantLike = VariantLike> {
  readonly #session: VodAbrSession;
  #switch: SwitchCallback<V> | null = null;
  #variants: V[] = [];
  #enabled = false;
  #media: HTMLMediaElement | null = null;
  #current: V | null = null;
  /** Video stream of the last video media segment downloaded. */
  #lastLoadedStreamId: number | null = null;
  /** shaka's `allowSwitch` of the latest progress report (false inside a partial segment of a fast-switching stream). */
  #switchAllowed = true;
  /** The decision whose variant shaka streams now, and that variant's video stream. */
  #applied: { readonly id: number; readonly streamId: number | undefined } | null = null;
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

  /**
   * shaka requests something (the adapter's request filter): a video media segment of the variant
   * last chosen carries that decision's id (`session.segmentRequested`), any other video segment none.
   */
  segmentRequested(context: RequestContextLike | undefined): void {
    const stream = context?.stream;
    const segment = context?.segment;
    if (context?.type !== MEDIA_SEGMENT_TYPE || stream?.type !== 'video' || stream.id === undefined || !segment) return;
    const applied = this.#applied;
    const decisionId = applied?.streamId === stream.id ? applied.id : null;
    this.#session.segmentRequested({ rendition: stream.id, startSec: segment.startTime, endSec: segment.endTime }, decisionId);
  }

  enable(): void {
    this.#enabled = true;
  }

  disable(): void {
    this.#enabled = false;
    this.#applied = null; // a pinned variant follows: no decision of ours chose it
  }

  /**
   * shaka reports a download in progress chunks (time and bytes since the previous packet): they
   * only say when a switch is allowed. The estimator is fed whole requests by `segmentCompleted`:
   * a chunk of a few packets that arrived together would read as hundreds of Mbps.
   */
  segmentDownloaded(_deltaTimeMs: number, _numBytes: number, allowSwitch: boolean, _request?: unknown, context?: RequestContextLike): void {
    const segment = context?.segment;
    const type = context?.stream?.type;
    if ((type === undefined || type === 'video') && segment && segment.endTime > segment.startTime) this.#segmentSec = segment.endTime - segment.startTime;
    this.#switchAllowed = allowSwitch;
    if (allowSwitch) this.#suggest();
  }

  /**
   * A whole segment response (the adapter's response filter): one sample for the estimator, with
   * shaka's time to first byte and the URL for Resource Timing; then the next segment's variant
   * is chosen from the new estimate, before shaka requests it.
   */
  segmentCompleted(response: ShakaResponseLike, context: RequestContextLike | undefined): void {
    const type = context?.stream?.type;
    if (type !== undefined && type !== 'video') return;
    if (context?.type !== MEDIA_SEGMENT_TYPE && context?.type !== INIT_SEGMENT_TYPE) return;
    const kind = context.type === INIT_SEGMENT_TYPE ? 'init' : 'media';
    const ttfbMs = response.originalRequest?.timeToFirstByte;
    this.#session.onSegmentLoaded(
      {
        bytes: response.data?.byteLength ?? 0,
        durationMs: response.timeMs ?? 0,
        ttfbMs: typeof ttfbMs === 'number' && ttfbMs >= 0 ? ttfbMs : undefined,
        nowMs: this.#session.monotonicMs(),
        kind,
        ...(response.fromCache === true ? { fromCache: true } : {}),
      },
      response.uri,
    );
    if (kind === 'media' && context.stream?.id !== undefined) this.#lastLoadedStreamId = context.stream.id;
    if (this.#switchAllowed) this.#suggest();
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

  /** Asks the session; the variant chosen is in effect with its decision from now on. */
  #decide(): V | undefined {
    const variants = this.#variants;
    if (variants.length === 0) return undefined;
    const probe = shakaProbe({
      variants,
      segmentSec: this.#segmentSec,
      lastLoadedStreamId: this.#lastLoadedStreamId,
      media: this.#media,
      bufferGoalSec: this.#bufferGoalSec(),
    });
    const decision = this.#session.choose(snapshotOf(probe, this.#session.monotonicMs()), this.#media);
    const variant = variants[decision.rung];
    this.#applied = variant ? { id: decision.id, streamId: variant.video?.id } : null;
    return variant;
  }
}
