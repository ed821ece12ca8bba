import type { RenderedDecision } from '../vod-abr/abr-session.js';
import type { EngineSink, Quality } from './types.js';

/** One video rendition as an engine describes it, before it becomes a `Quality`. */
export interface RenditionInfo {
  readonly width: number;
  readonly height: number;
  readonly bitrateBps: number;
  readonly codecs: string;
}

/** What an engine says about the rendition it plays: enough to find it in our ladder, whatever its own order. */
export interface RenditionProbe {
  readonly bitrateBps: number;
  readonly height: number;
}

/**
 * Turns an engine's renditions into our ladder: video only, duplicates (same bitrate and size) merged,
 * sorted by ascending bitrate (then height), indexed by that order, labelled `${height}p`.
 */
export function buildQualities(renditions: readonly RenditionInfo[]): Quality[] {
  const seen = new Set<string>();
  const unique: RenditionInfo[] = [];
  for (const r of renditions) {
    const bitrateBps = finiteOrZero(r.bitrateBps);
    const key = `${bitrateBps}|${r.width}x${r.height}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push({ ...r, bitrateBps });
  }
  unique.sort((a, b) => a.bitrateBps - b.bitrateBps || a.height - b.height);
  return unique.map((r, index) => ({
    index,
    width: finiteOrZero(r.width),
    height: finiteOrZero(r.height),
    bitrateBps: r.bitrateBps,
    codecs: r.codecs,
    label: labelOf(r, index),
  }));
}

/**
 * Finds the quality an engine's rendition stands for, by height then nearest bitrate: engines index
 * their renditions in their own orders, and may report a slightly different bitrate for the same one
 * (e.g. shaka's video-only bandwidth against the HLS variant BANDWIDTH). A probe without a height
 * (0) is matched on bitrate alone. Returns null for an empty ladder.
 */
export function matchQuality(qualities: readonly Quality[], probe: RenditionProbe): Quality | null {
  const index = nearestRendition(qualities, probe);
  return index === -1 ? null : qualities[index]!;
}

/**
 * The reverse lookup: the position in an engine's own list (null entries skipped: audio-only and the
 * like) of the rendition closest to `target`, same height first, then nearest bitrate. -1 if none.
 */
export function nearestRendition(renditions: readonly (RenditionProbe | null)[], target: RenditionProbe): number {
  let bestIndex = -1;
  let bestDistance = Infinity;
  renditions.forEach((rendition, index) => {
    if (rendition === null) return;
    const heightMismatch = target.height > 0 && rendition.height !== target.height;
    // Any height mismatch weighs more than any bitrate difference.
    const distance = (heightMismatch ? 1e15 : 0) + Math.abs(rendition.bitrateBps - target.bitrateBps);
    if (distance < bestDistance) {
      bestDistance = distance;
      bestIndex = index;
    }
  });
  return bestIndex;
}

/** `720p`; without a height `800 kbps`; without either `#1`. */
function labelOf(r: RenditionInfo, index: number): string {
  if (r.height > 0) return `${r.height}p`;
  if (r.bitrateBps > 0) return `${Math.round(r.bitrateBps / 1000)} kbps`;
  return `#${index + 1}`;
}

function finiteOrZero(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
