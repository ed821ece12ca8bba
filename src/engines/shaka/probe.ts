import type { EngineProbe, MediaLike } from '../../vod-abr/engine-probe.js';

/** The parts of shaka's Stream the ABR reads. */
export interface StreamLike {
  readonly id?: number;
  readonly type?: string;
  readonly width?: number | null;
  readonly height?: number | null;
  readonly codecs?: string;
  readonly frameRate?: number | null;
}

/** The parts of shaka's Variant the ABR reads. */
export interface VariantLike {
  readonly id: number;
  readonly bandwidth: number;
  readonly video: StreamLike | null;
}

export interface ShakaProbeSource {
  /** The variants shaka gave (`setVariants`), ascending by bandwidth: a rung indexes them. */
  readonly variants: readonly VariantLike[];
  /** Duration of the last video segment downloaded, seconds (the next one is assumed alike). */
  readonly segmentSec: number;
  /** Id of the video stream of the last video media segment downloaded, or null. */
  readonly lastLoadedStreamId: number | null;
  readonly media: MediaLike | null;
  /** shaka's `streaming.bufferingGoal`. */
  readonly bufferGoalSec: number | undefined;
}

/**
 * shaka as vod-player's ABR sees it from its `AbrManager`: a variant's `bandwidth` covers video and
 * audio, what the rung costs on the link; segments are numbered from the buffered end at the last
 * downloaded segment's duration.
 */
export function shakaProbe(source: ShakaProbeSource): EngineProbe {
  const { variants, segmentSec, lastLoadedStreamId } = source;
  return {
    rungs: () =>
      variants.map((v, index) => ({
        index,
        bitrateBps: v.bandwidth,
        height: v.video?.height ?? 0,
        width: v.video?.width ?? 0,
        ...(v.video?.codecs ? { codecs: v.video.codecs } : {}),
        ...(v.video?.frameRate ? { frameRate: v.video.frameRate } : {}),
      })),
    nextSegment: (bufferEndSec) => ({ index: Math.floor(bufferEndSec / segmentSec) + 1, durationSec: segmentSec }),
    bufferGoalSec: () => source.bufferGoalSec,
    lastLoadedRung: () => {
      const rung = lastLoadedStreamId === null ? -1 : variants.findIndex((v) => v.video?.id === lastLoadedStreamId);
      return rung === -1 ? null : rung;
    },
    media: () => source.media,
  };
}
