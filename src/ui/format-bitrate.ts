/**
 * Bitrates for people: `2.5 Mbps`, `800 kbps`.
 * PURE: no DOM, no timers.
 */

/**
 * Formats bits per second with one decimal in Mbps (dropped when it is `.0`), whole kbps below
 * 1 Mbps. Returns an empty string for an unknown bitrate (NaN, ≤ 0, Infinity).
 */
export function formatBitrate(bitrateBps: number): string {
  if (!Number.isFinite(bitrateBps) || bitrateBps <= 0) return '';
  const kbps = Math.round(bitrateBps / 1000);
  if (kbps < 1000) return `${Math.max(1, kbps)} kbps`;
  const mbps = Math.round(bitrateBps / 100_000) / 10;
  return `${Number.isInteger(mbps) ? mbps.toFixed(0) : mbps.toFixed(1)} Mbps`;
}
