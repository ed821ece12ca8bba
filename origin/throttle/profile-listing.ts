import type { NetworkProfile, NetworkProfileName } from './network-profiles.js';
import { bitsBetween, meanKbps, type Trace, type TraceMode } from './trace.js';

/**
 * The network profiles as a person or a script reads them (`vod-origin profiles [--json]`): the
 * numbers of one pass of each trace and an ASCII sparkline of its rate. Pure.
 */

export interface NetworkProfileSummary {
  readonly name: NetworkProfileName;
  readonly description: string;
  readonly mode: TraceMode;
  readonly rttMs: number;
  readonly jitterMs: number;
  /** One pass of the trace, seconds (then it loops, or holds its last rate). */
  readonly durationSec: number;
  /** Time-weighted mean of one pass, kbps (rounded). */
  readonly meanKbps: number;
  readonly minKbps: number;
  readonly maxKbps: number;
  readonly steps: number;
  /** The rate over one pass, see `sparkline`. */
  readonly sparkline: string;
}

/** Columns of the sparkline in summaries. */
export const SPARKLINE_WIDTH = 48;

/** Levels of the sparkline, lowest first; `_` is an outage (0 kbps). */
const LEVELS = '.:-=+*#%@';

export function summarizeNetworkProfile(profile: NetworkProfile, sparklineWidth: number = SPARKLINE_WIDTH): NetworkProfileSummary {
  const trace = profile.build();
  const rates = trace.steps.map(([, kbps]) => kbps);
  return {
    name: profile.name,
    description: profile.description,
    mode: profile.mode,
    rttMs: profile.rttMs,
    jitterMs: profile.jitterMs,
    durationSec: trace.durationSec,
    meanKbps: Math.round(meanKbps(trace)),
    minKbps: Math.min(...rates),
    maxKbps: Math.max(...rates),
    steps: trace.steps.length,
    sparkline: sparkline(trace, sparklineWidth),
  };
}

/**
 * One pass of the trace in `width` characters: each is the mean rate over its slice of time,
 * scaled to the trace's own peak (`@` is the peak, `.` a trickle, `_` nothing at all).
 */
export function sparkline(trace: Trace, width: number): string {
  const peakKbps = Math.max(...trace.steps.map(([, kbps]) => kbps));
  let line = '';
  for (let column = 0; column < width; column += 1) {
    const t0Sec = (trace.durationSec * column) / width;
    const t1Sec = (trace.durationSec * (column + 1)) / width;
    const kbps = bitsBetween(trace, t0Sec, t1Sec, 'hold') / (t1Sec - t0Sec) / 1000;
    if (!(kbps > 0) || !(peakKbps > 0)) {
      line += '_';
      continue;
    }
    const level = Math.min(LEVELS.length, Math.max(1, Math.ceil((kbps / peakKbps) * LEVELS.length)));
    line += LEVELS[level - 1];
  }
  return line;
}

/**
 * The summaries as a table, one profile per line, then its description indented below:
 *
 *     name     mean kbps  min–max kbps   pass  mode  RTT     rate over one pass
 *     slow-3g        402       361–440  120 s  loop  400 ms  [%@%@%%@…]
 *              steady ~400 kbps ±10% every 1–2 s, 400 ms RTT (WebPageTest "3G Slow")
 */
export function formatNetworkProfiles(summaries: readonly NetworkProfileSummary[]): string {
  const header = ['name', 'mean kbps', 'min–max kbps', 'pass', 'mode', 'RTT', 'rate over one pass'];
  const rows = summaries.map((s) => [
    s.name,
    String(s.meanKbps),
    `${s.minKbps}–${s.maxKbps}`,
    `${formatSeconds(s.durationSec)} s`,
    s.mode,
    s.jitterMs > 0 ? `${s.rttMs}±${s.jitterMs} ms` : `${s.rttMs} ms`,
    `[${s.sparkline}]`,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  // Name, mode and the sparkline read left-aligned; the numbers right-aligned.
  const leftAligned = new Set([0, 4, 5, 6]);
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : leftAligned.has(i) ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ');
  const indent = ' '.repeat((widths[0] ?? 0) + 2);
  const body = summaries.flatMap((s, i) => [line(rows[i] ?? []), `${indent}${s.description}`]);
  return `${[line(header), ...body].join('\n')}\n`;
}

function formatSeconds(sec: number): string {
  return Number.isInteger(sec) ? String(sec) : sec.toFixed(1);
}
