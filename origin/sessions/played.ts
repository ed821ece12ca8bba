import type { RequestLogEntry } from '../server/types.js';

/**
 * "What was played", derived from a session's request log alone, so it reads the same whatever
 * engine made the requests. Pure.
 *
 * The origin does not know the playhead, so "the rung downloaded last before the segment was
 * needed" is approximated as: for each video segment number, the LAST COMPLETED download of it,
 * by completion time (`startMs + transferMs`). A download is completed when it is a GET of a video
 * media segment (`kind: 'media'`) that answered 200 or 206, was not aborted, was not cut short by
 * the server (`error` set, e.g. a truncation) and whose bytes were not corrupted by an injected
 * fault. A player that replaces a buffered segment with a better one later (fast switching) shows
 * the replacement, as it would have played it if it arrived before the playhead.
 */

/** The fields of a log entry the view reads. */
export type PlayedLogEntry = Pick<
  RequestLogEntry,
  'method' | 'kind' | 'rung' | 'segment' | 'status' | 'bytes' | 'aborted' | 'startMs' | 'transferMs' | 'fault'
> &
  Partial<Pick<RequestLogEntry, 'id' | 'error'>>;

export interface PlayedSegment {
  /** Segment number as in the file name (`seg-00007.m4s` → 7). */
  readonly segment: number;
  readonly rung: string;
  readonly bytes: number;
  /** When the chosen download completed, epoch ms. */
  readonly completedAtMs: number;
  /** Media time the segment starts at, `(segment - 1) × segmentDurationSec`; null without a duration. */
  readonly startSec: number | null;
  /** The log entry's id, when the entries have ids. */
  readonly requestId: number | null;
}

export interface PlayedOptions {
  /** Target segment duration, seconds (ladder.json `segmentDurationSec`). */
  readonly segmentDurationSec?: number;
  /** Declared bitrate of each rung, bits/s (e.g. `declaredBitrates(ladderJson)`); enables the bitrate and up/down figures. */
  readonly rungBitratesBps?: Readonly<Record<string, number>>;
}

export interface PlayedSummary {
  /** Segments with a completed download. */
  readonly segmentCount: number;
  /** The rung of each played segment, in segment order. */
  readonly rungs: readonly string[];
  /** Rung changes between consecutive played segments. */
  readonly switchCount: number;
  /** Switches to a higher / lower declared bitrate; null without `rungBitratesBps` (or a rung missing from it). */
  readonly upSwitchCount: number | null;
  readonly downSwitchCount: number | null;
  /** Mean declared bitrate over the played segments, bits/s; null without `rungBitratesBps`. */
  readonly averageDeclaredBitrateBps: number | null;
  /** Mean bitrate of the played bytes, `8 × playedBytes / (segmentCount × segmentDurationSec)`; null without a duration. */
  readonly averageMediaBitrateBps: number | null;
  /** Bytes of the played segments. */
  readonly playedBytes: number;
  /**
   * Video segment bytes that did not play: downloads (200/206) that were aborted, failed, or
   * superseded by a later completed download of the same segment number.
   */
  readonly wastedBytes: number;
  /** Video media requests seen (any outcome). */
  readonly mediaRequestCount: number;
  readonly abortedCount: number;
  /** Completed downloads that a later completed download of the same segment replaced. */
  readonly supersededCount: number;
  /** Segment numbers between the first and the last played one without a completed download. */
  readonly missingSegments: readonly number[];
}

/** Each video segment number's last completed download, in segment order. */
export function playedView(entries: readonly PlayedLogEntry[], options: PlayedOptions = {}): PlayedSegment[] {
  return playedReport(entries, options).segments;
}

/** `playedView` plus a summary: switches, bitrate, wasted bytes. */
export function playedReport(
  entries: readonly PlayedLogEntry[],
  options: PlayedOptions = {},
): { segments: PlayedSegment[]; summary: PlayedSummary } {
  const media = entries.filter(isVideoMediaGet);
  const chosen = new Map<number, PlayedLogEntry>();
  let completedCount = 0;
  for (const entry of media) {
    if (!isCompleted(entry)) continue;
    completedCount += 1;
    const segment = entry.segment as number;
    const current = chosen.get(segment);
    if (current === undefined || isLater(entry, current)) chosen.set(segment, entry);
  }

  const duration = options.segmentDurationSec;
  const segments = [...chosen.entries()]
    .sort(([a], [b]) => a - b)
    .map(([segment, entry]): PlayedSegment => ({
      segment,
      rung: entry.rung as string,
      bytes: entry.bytes,
      completedAtMs: completedAtMs(entry),
      startSec: duration === undefined ? null : (segment - 1) * duration,
      requestId: entry.id ?? null,
    }));

  const chosenEntries = new Set(chosen.values());
  let wastedBytes = 0;
  for (const entry of media) {
    if (!chosenEntries.has(entry) && (entry.status === 200 || entry.status === 206 || entry.aborted)) wastedBytes += entry.bytes;
  }
  const playedBytes = segments.reduce((sum, row) => sum + row.bytes, 0);

  return {
    segments,
    summary: {
      segmentCount: segments.length,
      rungs: segments.map((row) => row.rung),
      ...switches(segments, options.rungBitratesBps),
      averageDeclaredBitrateBps: averageDeclared(segments, options.rungBitratesBps),
      averageMediaBitrateBps: duration !== undefined && duration > 0 && segments.length > 0 ? (8 * playedBytes) / (segments.length * duration) : null,
      playedBytes,
      wastedBytes,
      mediaRequestCount: media.length,
      abortedCount: media.filter((entry) => entry.aborted).length,
      supersededCount: completedCount - segments.length,
      missingSegments: missing(segments),
    },
  };
}

/**
 * Declared video bitrate of each rung in a ladder.json, bits/s: the measured average of its video
 * segments (`videoAverageBitrateBps`), else its encoder target (`videoBitrateBps`).
 */
export function declaredBitrates(ladder: {
  readonly rungs?: ReadonlyArray<{ readonly id: string; readonly videoAverageBitrateBps?: number; readonly videoBitrateBps?: number }>;
}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const rung of ladder.rungs ?? []) {
    const bps = rung.videoAverageBitrateBps ?? rung.videoBitrateBps;
    if (typeof bps === 'number' && Number.isFinite(bps)) out[rung.id] = bps;
  }
  return out;
}

function isVideoMediaGet(entry: PlayedLogEntry): boolean {
  return entry.method === 'GET' && entry.kind === 'media' && entry.rung !== null && entry.segment !== null;
}

function isCompleted(entry: PlayedLogEntry): boolean {
  return (entry.status === 200 || entry.status === 206) && !entry.aborted && entry.error === undefined && !isCorruption(entry.fault);
}

/** A fault label (`faultLabel`) whose canonical rule is a corruption: `corrupt…` or `<id>: corrupt…`. */
function isCorruption(fault: string | null): boolean {
  return fault !== null && /(?:^|: )corrupt(?:[@:]|$)/.test(fault);
}

function completedAtMs(entry: PlayedLogEntry): number {
  return entry.startMs + entry.transferMs;
}

function isLater(a: PlayedLogEntry, b: PlayedLogEntry): boolean {
  const delta = completedAtMs(a) - completedAtMs(b);
  if (delta !== 0) return delta > 0;
  return (a.id ?? 0) > (b.id ?? 0);
}

function switches(
  segments: readonly PlayedSegment[],
  bitrates: Readonly<Record<string, number>> | undefined,
): { switchCount: number; upSwitchCount: number | null; downSwitchCount: number | null } {
  let switchCount = 0;
  let up = 0;
  let down = 0;
  let known = bitrates !== undefined;
  for (let i = 1; i < segments.length; i += 1) {
    const before = segments[i - 1] as PlayedSegment;
    const after = segments[i] as PlayedSegment;
    if (before.rung === after.rung) continue;
    switchCount += 1;
    const from = bitrates?.[before.rung];
    const to = bitrates?.[after.rung];
    if (from === undefined || to === undefined) known = false;
    else if (to > from) up += 1;
    else if (to < from) down += 1;
  }
  return { switchCount, upSwitchCount: known ? up : null, downSwitchCount: known ? down : null };
}

function averageDeclared(segments: readonly PlayedSegment[], bitrates: Readonly<Record<string, number>> | undefined): number | null {
  if (bitrates === undefined || segments.length === 0) return null;
  let sum = 0;
  for (const row of segments) {
    const bps = bitrates[row.rung];
    if (bps === undefined) return null;
    sum += bps;
  }
  return sum / segments.length;
}

function missing(segments: readonly PlayedSegment[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < segments.length; i += 1) {
    for (let n = (segments[i - 1] as PlayedSegment).segment + 1; n < (segments[i] as PlayedSegment).segment; n += 1) out.push(n);
  }
  return out;
}
