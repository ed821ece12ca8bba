import type { FileKind, PathInfo } from '../server/types.js';

export type { FileKind, PathInfo } from '../server/types.js';

/** An HTTP error status instead of the file, optionally with `Retry-After` (seconds). */
export interface StatusFault {
  readonly type: 'status';
  /** 400 to 599; the usual ones are 404, 500 and 503. */
  readonly status: number;
  readonly retryAfterSec?: number;
}

/**
 * Headers and the first `afterBytes` body bytes go out, then the connection is reset (RST). A body
 * no longer than `afterBytes` is not touched.
 */
export interface ResetFault {
  readonly type: 'reset';
  readonly afterBytes: number;
}

/**
 * Headers go out, the body pauses for `durationSec` after `afterBytes` bytes, then carries on.
 * A body no longer than `afterBytes` is not stalled.
 */
export interface StallFault {
  readonly type: 'stall';
  readonly durationSec: number;
  readonly afterBytes: number;
}

/** Nothing at all (not even headers) for `delayMs`, then the normal response. */
export interface SlowFirstByteFault {
  readonly type: 'slow-first-byte';
  readonly delayMs: number;
}

/**
 * The body ends early, after `afterBytes` bytes or a `fraction` of the body, while Content-Length
 * still claims the full size; then the connection closes, so the client sees a short body.
 */
export type TruncateFault =
  | { readonly type: 'truncate'; readonly afterBytes: number; readonly fraction?: undefined }
  | { readonly type: 'truncate'; readonly fraction: number; readonly afterBytes?: undefined };

/**
 * Same length, wrong bytes: each byte at one of `offsets` and every `everyNthByte`-th byte (the
 * Nth, 2Nth, … byte, at offsets N-1, 2N-1, …) is inverted (XOR 0xFF). Offsets count from the
 * start of this response's body (for a 206, from the start of the range).
 */
export interface CorruptFault {
  readonly type: 'corrupt';
  readonly offsets?: readonly number[];
  readonly everyNthByte?: number;
}

/**
 * The whole session's link is dead for `durationSec`: from the request that fires the rule,
 * every request of the session has its connection destroyed without a response.
 */
export interface OutageFault {
  readonly type: 'outage';
  readonly durationSec: number;
}

export type FaultSpec = StatusFault | ResetFault | StallFault | SlowFirstByteFault | TruncateFault | CorruptFault | OutageFault;

export type FaultType = FaultSpec['type'];

export const FAULT_TYPES: readonly FaultType[] = ['status', 'reset', 'stall', 'slow-first-byte', 'truncate', 'corrupt', 'outage'];

/** Which requests a rule applies to. Every given field must match; an empty match takes all. */
export interface FaultMatch {
  readonly kind?: FileKind | readonly FileKind[];
  /** Rung id as `PathInfo.rung` has it: `720p`, or `audio`. */
  readonly rung?: string | readonly string[];
  /** Segment numbers, inclusive; a request without a segment number never matches a range. */
  readonly segmentFrom?: number;
  readonly segmentTo?: number;
  /** A regular expression (source text) searched in the request path, e.g. `^/video/1080p/`. */
  readonly pathPattern?: string;
}

export interface FaultRule {
  /** Names the rule in the request log's `fault` field; unique within a session's rules. */
  readonly id: string;
  readonly fault: FaultSpec;
  readonly match: FaultMatch;
  /** Chance that a matching request gets the fault, 0..1. Omitted: always. */
  readonly probability?: number;
  /** Fire at most this many times. Omitted: no limit, except an outage, which fires once. */
  readonly count?: number;
  /** Only fire this long after the session's fault clock started (its first request), ms. */
  readonly afterMs?: number;
}

/** What `pickFault` looks at: the classified path plus the path itself. */
export type FaultRequest = PathInfo & { readonly path: string };

/** The fold state of one session's rules: counters and the outage window. */
export interface FaultState {
  /** When the session's fault clock started (its first request after the rules were set), ms. */
  readonly startMs: number;
  /** Times each rule (by id) fired. */
  readonly fired: Readonly<Record<string, number>>;
  /** The outage in progress, if any. */
  readonly outage: { readonly ruleId: string; readonly untilMs: number } | null;
}
