/**
 * Buffered time ranges as positions on the seek bar.
 * PURE: no DOM, no timers.
 */

export interface PercentSegment {
  /** Distance from the start of the bar, percent of its width (0–100). */
  leftPct: number;
  /** Width, percent of the bar's width (> 0). */
  widthPct: number;
}

/** `[startSec, endSec]`, as read from `HTMLMediaElement.buffered`. */
export type TimeRange = readonly [startSec: number, endSec: number];

/**
 * Converts buffered ranges (seconds) into segments of the bar (percent).
 *
 * Ranges are clipped to `[0, durationSec]`, sorted, and merged where they touch or overlap;
 * empty or invalid ranges are dropped. Nothing is shown while the duration is unknown
 * (NaN, Infinity, ≤ 0).
 */
export function toPercentSegments(bufferedRanges: ReadonlyArray<TimeRange>, durationSec: number): PercentSegment[] {
  if (!Number.isFinite(durationSec) || durationSec <= 0) return [];
  const clipped: Array<[number, number]> = [];
  for (const [startSec, endSec] of bufferedRanges) {
    if (Number.isNaN(startSec) || Number.isNaN(endSec)) continue;
    const from = Math.max(0, startSec);
    const to = Math.min(durationSec, endSec);
    if (to > from) clipped.push([from, to]);
  }
  clipped.sort((a, b) => a[0] - b[0]);

  const merged: Array<[number, number]> = [];
  for (const range of clipped) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged.map(([from, to]) => ({
    leftPct: (from / durationSec) * 100,
    widthPct: ((to - from) / durationSec) * 100,
  }));
}

/** How much of the bar is played, percent (0–100); 0 while the duration is unknown. */
export function playedPercent(currentTimeSec: number, durationSec: number): number {
  if (!Number.isFinite(durationSec) || durationSec <= 0 || !Number.isFinite(currentTimeSec)) return 0;
  return Math.min(100, Math.max(0, (currentTimeSec / durationSec) * 100));
}
