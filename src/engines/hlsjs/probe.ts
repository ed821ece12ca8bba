import type { NextSegmentInfo, RungInfo } from '../../../abr/index.js';
import type { EngineProbe, MediaLike } from '../../vod-abr/engine-probe.js';

/** Segment duration assumed before a playlist is loaded, seconds. */
const FALLBACK_SEGMENT_SEC = 4;

/** The parts of an hls.js `Fragment` the probe reads. */
interface FragmentLike {
  readonly sn: number | 'initSegment';
  readonly start: number;
  readonly duration: number;
}

/** The parts of an hls.js `Level` the probe reads. */
interface LevelLike {
  readonly bitrate: number;
  readonly height: number;
  readonly width: number;
  readonly videoCodec?: string | undefined;
  readonly frameRate?: number;
  readonly details?: { readonly fragments: readonly FragmentLike[]; readonly targetduration: number } | undefined;
}

/** The parts of `Hls` the probe reads: a fake in tests. */
export interface HlsLike {
  readonly levels: readonly LevelLike[];
  readonly loadLevel: number;
  readonly media: MediaLike | null;
  readonly config: { readonly maxBufferLength: number; readonly maxBufferSize?: number; readonly maxMaxBufferLength?: number };
}

/**
 * hls.js as vod-player's ABR sees it. hls.js sorts its levels by bitrate, so a level's index is its
 * rung; the buffer goal is what hls.js really fetches to (`effectiveBufferGoalSec`); the next fragment comes from whichever level's
 * playlist is loaded. `lastLoadedLevel`: the level of the last main media fragment loaded
 * (FRAG_LOADED, init segments excluded).
 */
export function hlsProbe(hls: HlsLike, lastLoadedLevel: () => number | null): EngineProbe {
  return {
    rungs: () => rungsOf(hls.levels),
    nextSegment: (bufferEndSec) => nextSegmentAt(hls, bufferEndSec),
    bufferGoalSec: () => effectiveBufferGoalSec(hls),
    lastLoadedRung: lastLoadedLevel,
    media: () => hls.media,
  };
}

/**
 * The forward buffer hls.js fetches to at the level it loads: `maxBufferLength`, stretched to what
 * `maxBufferSize` bytes hold at that level's bitrate, capped by `maxMaxBufferLength` (hls.js
 * `getMaxBufferLength`). With the defaults (30 s, 60 MB, 600 s) a 1.3 Mbps level buffers 369 s,
 * not 30: the ABR must plan with the buffer hls.js will really build, or it "spends" a buffer
 * margin that is not there and climbs into fades.
 */
export function effectiveBufferGoalSec(hls: HlsLike): number {
  const { maxBufferLength, maxBufferSize, maxMaxBufferLength } = hls.config;
  const bitrate = hls.levels[hls.loadLevel]?.bitrate ?? 0;
  const bySize = maxBufferSize !== undefined && maxBufferSize > 0 && bitrate > 0 ? (8 * maxBufferSize) / bitrate : 0;
  const goal = Math.max(maxBufferLength, bySize);
  return maxMaxBufferLength !== undefined && maxMaxBufferLength > 0 ? Math.min(goal, maxMaxBufferLength) : goal;
}

function rungsOf(levels: readonly LevelLike[]): RungInfo[] {
  return levels.map((level, index) => ({
    index,
    bitrateBps: level.bitrate,
    height: level.height,
    width: level.width,
    ...(level.videoCodec ? { codecs: level.videoCodec } : {}),
    ...(level.frameRate !== undefined && level.frameRate > 0 ? { frameRate: level.frameRate } : {}),
  }));
}

/** The fragment that starts at (or holds) `positionSec`, from whichever level's playlist is loaded. */
function nextSegmentAt(hls: HlsLike, positionSec: number): NextSegmentInfo {
  const details = hls.levels[hls.loadLevel]?.details ?? hls.levels.find((level) => level.details)?.details;
  if (!details) return { index: 0, durationSec: FALLBACK_SEGMENT_SEC };
  const fragments = details.fragments;
  const frag = fragments.find((f) => f.start + f.duration > positionSec + 0.05) ?? fragments.at(-1);
  if (!frag) return { index: 0, durationSec: details.targetduration || FALLBACK_SEGMENT_SEC };
  return { index: typeof frag.sn === 'number' ? frag.sn : 0, durationSec: frag.duration };
}
