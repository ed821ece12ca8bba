/**
 * Clock-style time for the controls: `0:05`, `12:34`, `1:02:03`.
 * PURE: no DOM, no timers.
 */

/** Shown when the time is unknown (NaN) or unbounded (Infinity). */
export const UNKNOWN_TIME = '--:--';

/**
 * Formats seconds as `m:ss`, or `h:mm:ss` from one hour on.
 * Fractions are dropped (`59.9` → `0:59`); negative values read as `0:00`.
 *
 * @param timeSec seconds to format.
 * @param referenceSec optional longer time shown beside it (usually the duration): when that one
 *   needs hours, so does this one (`0:00:05` next to `1:02:03`), so the two line up.
 */
export function formatTime(timeSec: number, referenceSec?: number): string {
  if (!Number.isFinite(timeSec)) return UNKNOWN_TIME;
  const totalSec = Math.floor(Math.max(0, timeSec));
  const hours = Math.floor(totalSec / 3600);
  const minutes = Math.floor((totalSec % 3600) / 60);
  const seconds = totalSec % 60;
  const ss = String(seconds).padStart(2, '0');
  const withHours = hours > 0 || (referenceSec !== undefined && Number.isFinite(referenceSec) && referenceSec >= 3600);
  if (!withHours) return `${minutes}:${ss}`;
  return `${hours}:${String(minutes).padStart(2, '0')}:${ss}`;
}

/** The seek slider's `aria-valuetext`: `1:05 of 2:00`. */
export function seekValueText(currentTimeSec: number, durationSec: number): string {
  return `${formatTime(currentTimeSec, durationSec)} of ${formatTime(durationSec)}`;
}
