import { clockLabel, vttTimestamp } from './vtt-time.js';

/** Caption track of the synthetic source. */
export const SYNTHETIC_CAPTION = Object.freeze({ lang: 'en', label: 'English', path: 'text/en.vtt', playlist: 'text/en.m3u8' });

/**
 * WebVTT captions for the synthetic source: one cue per segment, back to back, reading
 * `Segment 3 — 00:04` (segment number and its start time), so a viewer can see which
 * segment is on screen. Pure.
 */
export function syntheticCaptionsVtt(durationSec: number, segmentSec: number): string {
  const lines = ['WEBVTT', ''];
  const count = Math.max(1, Math.ceil(durationSec / segmentSec - 1e-9));
  for (let index = 0; index < count; index++) {
    const startSec = index * segmentSec;
    const endSec = Math.min(durationSec, startSec + segmentSec);
    lines.push(`${vttTimestamp(startSec)} --> ${vttTimestamp(endSec)}`, `Segment ${index + 1} — ${clockLabel(startSec)}`, '');
  }
  return lines.join('\n');
}
