import type { FileKind, RequestLogEntry } from '../server/types.js';
import { playedReport, type PlayedOptions, type PlayedSegment, type PlayedSummary } from './played.js';

/** A fault that acted on one request, as the report lists it. */
export interface AppliedFault {
  readonly requestId: number;
  readonly startMs: number;
  readonly path: string;
  readonly kind: FileKind;
  readonly rung: string | null;
  readonly segment: number | null;
  /** Status sent; 0 when the connection was dropped before any headers (an outage). */
  readonly status: number;
  readonly fault: string;
}

/** One session's log, summed up: what was requested, what failed, what played. */
export interface SessionLogReport {
  readonly session: string | null;
  readonly requests: {
    readonly total: number;
    readonly byKind: Readonly<Partial<Record<FileKind, number>>>;
    /** The client left before the body was complete. */
    readonly aborted: number;
    /** Answered 4xx/5xx, or dropped before headers (status 0). */
    readonly failed: number;
    /** Body bytes sent, all requests. */
    readonly bytes: number;
    /** First arrival and last completion, epoch ms; null for an empty log. */
    readonly firstStartMs: number | null;
    readonly lastEndMs: number | null;
  };
  readonly faultsApplied: readonly AppliedFault[];
  readonly played: readonly PlayedSegment[];
  readonly summary: PlayedSummary;
}

/** The report of `entries` (one session's, oldest first). Pure. */
export function buildSessionReport(session: string | null, entries: readonly RequestLogEntry[], options: PlayedOptions = {}): SessionLogReport {
  const byKind: Partial<Record<FileKind, number>> = {};
  let aborted = 0;
  let failed = 0;
  let bytes = 0;
  let firstStartMs: number | null = null;
  let lastEndMs: number | null = null;
  const faultsApplied: AppliedFault[] = [];
  for (const entry of entries) {
    byKind[entry.kind] = (byKind[entry.kind] ?? 0) + 1;
    if (entry.aborted) aborted += 1;
    if (entry.status === 0 || entry.status >= 400) failed += 1;
    bytes += entry.bytes;
    firstStartMs = Math.min(firstStartMs ?? Infinity, entry.startMs);
    lastEndMs = Math.max(lastEndMs ?? -Infinity, entry.startMs + entry.transferMs);
    if (entry.fault !== null) {
      faultsApplied.push({
        requestId: entry.id,
        startMs: entry.startMs,
        path: entry.path,
        kind: entry.kind,
        rung: entry.rung,
        segment: entry.segment,
        status: entry.status,
        fault: entry.fault,
      });
    }
  }
  const { segments, summary } = playedReport(entries, options);
  return {
    session,
    requests: { total: entries.length, byKind, aborted, failed, bytes, firstStartMs, lastEndMs },
    faultsApplied,
    played: segments,
    summary,
  };
}
