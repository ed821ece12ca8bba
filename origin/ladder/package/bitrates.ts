import type { TimedSegment } from './verify.js';

export interface TrackBitrates {
  /** Highest per-segment bitrate, bits/s (a short final tail left out). */
  peakBps: number;
  /** Total bits over total duration, bits/s. */
  averageBps: number;
}

/**
 * Peak and average bitrates of a track from its segments. Pure.
 *
 * A final segment shorter than half the target duration is left out of the peak: its keyframe
 * over a fraction of a second would otherwise claim a bitrate the stream never needs.
 */
export function trackBitrates(segments: readonly TimedSegment[], timescale: number, segmentSec: number): TrackBitrates {
  if (segments.length === 0) return { peakBps: 0, averageBps: 0 };
  const totalBytes = segments.reduce((sum, segment) => sum + segment.bytes, 0);
  const totalTicks = segments.reduce((sum, segment) => sum + segment.durationTicks, 0);
  const last = segments[segments.length - 1] as TimedSegment;
  const forPeak =
    segments.length > 1 && last.durationTicks / timescale < segmentSec / 2 ? segments.slice(0, -1) : segments;
  const peakBps = Math.max(...forPeak.map((segment) => (segment.bytes * 8 * timescale) / segment.durationTicks));
  return { peakBps: Math.round(peakBps), averageBps: Math.round((totalBytes * 8 * timescale) / totalTicks) };
}
