import type { NextSegmentInfo } from '../../../abr/index.js';
import type { SegmentRef } from '../../vod-abr/abr-session.js';
import type { EngineProbe, MediaLike } from '../../vod-abr/engine-probe.js';

/** Segment duration assumed when the representation does not say, seconds. */
export const FALLBACK_SEGMENT_SEC = 4;

/** The parts of a dash.js `Representation` the probe reads. */
export interface RepresentationLike {
  readonly id: string;
  readonly bandwidth: number;
  readonly width: number;
  readonly height: number;
  readonly segmentDuration?: number;
  readonly codecs?: string | null;
  readonly frameRate?: number | string | null;
}

/** The parts of dash.js's `RulesContext` the probe reads. */
export interface RulesContextLike<R extends RepresentationLike = RepresentationLike> {
  getMediaInfo(): unknown;
  getAbrController(): { getPossibleVoRepresentationsFilteredBySettings(mediaInfo: never, includeCompatibleMediaInfos: boolean): readonly R[] | null };
}

/** The parts of a dash.js `MediaPlayer` the probe reads. */
export interface DashPlayerLike {
  getSettings(): { streaming?: { buffer?: unknown } };
}

/** The parts of a dash.js `FragmentRequest` a segment is named by. */
export interface FragmentRequestRef {
  mediaType?: string;
  type?: string | null;
  startTime?: number;
  duration?: number;
  representation?: { readonly id: string };
}

export interface DashProbeSource {
  /** The video Representations dash.js may choose, ascending (`videoRepresentations`): a rung indexes them. */
  readonly representations: readonly RepresentationLike[];
  /** The Representation dash.js is on (`rulesContext.getRepresentation()`): it gives the segment duration. */
  readonly current: RepresentationLike | null;
  readonly media: MediaLike;
  readonly player: DashPlayerLike;
  /** Id of the Representation of the last video media segment loaded (FRAGMENT_LOADING_COMPLETED), or null. */
  readonly lastLoadedId: string | null;
}

/**
 * dash.js as vod-player's ABR sees it, from inside a rule: the representations it may choose, the
 * next segment numbered from the current representation's segment duration, and the buffer goal
 * `bufferTimeDefault` (dash.js buffers to `bufferTimeAtTopQuality` at the top rung).
 */
export function dashProbe(source: DashProbeSource): EngineProbe {
  const { representations, current, media, player, lastLoadedId } = source;
  return {
    rungs: () =>
      representations.map((rep, index) => {
        const frameRate = typeof rep.frameRate === 'string' ? frameRateOf(rep.frameRate) : (rep.frameRate ?? 0);
        return {
          index,
          bitrateBps: rep.bandwidth,
          height: rep.height,
          width: rep.width,
          ...(rep.codecs ? { codecs: codecOnly(rep.codecs) } : {}),
          ...(frameRate > 0 ? { frameRate } : {}),
        };
      }),
    nextSegment: (bufferEndSec) => nextSegmentOf(current, bufferEndSec),
    bufferGoalSec: () => (player.getSettings().streaming?.buffer as { bufferTimeDefault?: number } | undefined)?.bufferTimeDefault,
    lastLoadedRung: () => {
      const rung = lastLoadedId === null ? -1 : representations.findIndex((rep) => rep.id === lastLoadedId);
      return rung === -1 ? null : rung;
    },
    media: () => media,
  };
}

/** The video representations dash.js may choose, ascending by bitrate. */
export function videoRepresentations<R extends RepresentationLike>(rulesContext: RulesContextLike<R>): R[] {
  const reps = rulesContext.getAbrController().getPossibleVoRepresentationsFilteredBySettings(rulesContext.getMediaInfo() as never, true) ?? [];
  return [...reps].sort((a, b) => a.bandwidth - b.bandwidth);
}

/** A video media segment request as the decision ledger names it (rendition: the Representation id), else null. */
export function requestedSegment(request: FragmentRequestRef | undefined): SegmentRef | null {
  if (request?.mediaType !== 'video' || request.type === 'InitializationSegment' || !request.representation) return null;
  const startSec = request.startTime;
  if (startSec === undefined || !Number.isFinite(startSec)) return null;
  const durationSec = request.duration && request.duration > 0 ? request.duration : FALLBACK_SEGMENT_SEC;
  return { rendition: request.representation.id, startSec, endSec: startSec + durationSec };
}

function nextSegmentOf(current: RepresentationLike | null, bufferEndSec: number): NextSegmentInfo {
  const durationSec = current?.segmentDuration && current.segmentDuration > 0 ? current.segmentDuration : FALLBACK_SEGMENT_SEC;
  return { index: Math.floor(bufferEndSec / durationSec) + 1, durationSec };
}

/** `video/mp4;codecs="avc1.64001f"` or `avc1.64001f` → `avc1.64001f`. */
function codecOnly(codecs: string): string {
  const match = /codecs="?([^";]+)"?/.exec(codecs);
  return (match?.[1] ?? codecs).trim();
}

/** A DASH `@frameRate` (`30`, `30000/1001`) in frames per second; 0 when unreadable. */
function frameRateOf(value: string): number {
  const [num, den] = value.split('/').map(Number);
  const rate = den !== undefined && den > 0 ? (num ?? 0) / den : (num ?? 0);
  return Number.isFinite(rate) && rate > 0 ? rate : 0;
}
