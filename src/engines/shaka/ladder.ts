import { buildQualities } from '../quality.js';
import type { Quality } from '../types.js';

/** The fields of a shaka variant track (`player.getVariantTracks()`) the ladder reads. */
export interface ShakaVariantLike {
  readonly id: number;
  readonly active: boolean;
  readonly bandwidth: number;
  readonly videoBandwidth: number | null;
  readonly videoId: number | null;
  readonly audioId: number | null;
  readonly videoCodec: string | null;
  readonly width: number | null;
  readonly height: number | null;
}

/** One rung: our quality, the shaka variant that plays it, and shaka's own bandwidth for its video stream. */
export interface ShakaRung<V extends ShakaVariantLike = ShakaVariantLike> {
  readonly quality: Quality;
  readonly variant: V;
  /** What shaka reports for this video stream (e.g. in `mediaqualitychanged`), bits per second. */
  readonly videoBandwidthBps: number;
}

/**
 * Builds the ladder from shaka's variants (video × audio pairs): one rung per video stream, carried by
 * the variant with the active audio when there is one, so pinning changes the video only.
 *
 * The bitrate follows `Quality.bitrateBps`'s definition, as hls.js and dash.js report it: for HLS the
 * variant's BANDWIDTH (shaka's `bandwidth`; its `videoBandwidth` is BANDWIDTH minus the audio), for
 * DASH the video Representation's @bandwidth (shaka's `videoBandwidth`; `bandwidth` adds the audio).
 */
export function shakaLadder<V extends ShakaVariantLike>(variants: readonly V[], manifestType: string | null): ShakaRung<V>[] {
  const activeAudioId = variants.find((v) => v.active)?.audioId ?? null;
  const byVideo = new Map<number, V>();
  for (const v of variants) {
    if (v.videoId === null) continue;
    const kept = byVideo.get(v.videoId);
    const better = kept === undefined || (v.audioId === activeAudioId && kept.audioId !== activeAudioId);
    if (better) byVideo.set(v.videoId, v);
  }
  const isHls = manifestType?.toUpperCase() === 'HLS';
  const picked = [...byVideo.values()];
  const declared = (v: V): number => positiveOrZero(isHls ? v.bandwidth : (v.videoBandwidth ?? v.bandwidth));
  const qualities = buildQualities(
    picked.map((v) => ({ width: v.width ?? 0, height: v.height ?? 0, bitrateBps: declared(v), codecs: v.videoCodec ?? '' })),
  );
  return qualities.map((quality) => {
    const variant = picked.find(
      (v) => declared(v) === quality.bitrateBps && (v.height ?? 0) === quality.height && (v.width ?? 0) === quality.width,
    )!;
    return { quality, variant, videoBandwidthBps: variant.videoBandwidth ?? variant.bandwidth };
  });
}

function positiveOrZero(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
