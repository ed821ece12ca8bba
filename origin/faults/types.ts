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

/**
 * A 200 with `body` instead of the file (`contentType`, else the file's own type), e.g. a
 * malformed manifest. Works for any path, existing or not.
 */
export interface ReplaceFault {
  readonly type: 'replace';
  readonly body: string;
  readonly contentType?: string;
}

/**
 * The multivariant playlist or MPD republished with its top video rung gone: the variant(s) with
 * the highest BANDWIDTH (HLS), the video Representation with the highest `@bandwidth` (DASH, whose
 * AdaptationSet's `maxWidth` / `maxHeight` / `maxBandwidth` follow). This is what players meet when
 * an origin re-packages a title while it is being watched, or a CDN serves a stale and a fresh
 * manifest side by side: the second load of the same URL lists fewer renditions than the first.
 * Unless the rule says otherwise (`afterMatches`), the first matching load is served as is and the
 * change starts with the second. Only acts on multivariant playlists and MPDs (never a media
 * playlist), and leaves a manifest with a single video rung alone.
 */
export interface ManifestChangeFault {
  readonly type: 'manifest-change';
}

/**
 * The multivariant playlist or MPD with every video rendition's codecs replaced by `codecs` (HLS:
 * the video entries of `CODECS`, audio kept; DASH: `@codecs` in video AdaptationSets), e.g.
 * `hvc1.1.6.L93.B0` for a codec the browser may not decode. Same scope as `manifest-change`.
 */
export interface CodecFault {
  readonly type: 'codec';
  readonly codecs: string;
}

export type FaultSpec =
  | StatusFault
  | ResetFault
  | StallFault
  | SlowFirstByteFault
  | TruncateFault
  | CorruptFault
  | OutageFault
  | ReplaceFault
  | ManifestChangeFault
  | CodecFault;

export type FaultType = FaultSpec['type'];

/** Faults that answer with a rewritten (or replaced) file instead of the file itself. */
export type RewriteFault = ReplaceFault | ManifestChangeFault | CodecFault;

export const FAULT_TYPES: readonly FaultType[] = [
  'status',
  'reset',
  'stall',
  'slow-first-byte',
  'truncate',
  'corrupt',
  'outage',
  'replace',
  'manifest-change',
  'codec',
];

/** Which requests a rule applies to. Every given field must match; an empty match takes all. */
export interface FaultMatch {
  readonly kind?: FileKind | readonly FileKind[];
  /** Rung id as `PathInfo.rung` has it: `720p`, or `audio`. */
  readonly rung?: string | readonly string[];
  /** Segment numbers, inclusive; a request without a segment number never matches a range. */
  readonly segmentFrom?: number;
  readonly segmentTo?: number;
  /**
   * A glob matched against the whole request path (see glob.ts): `*` any characters but `/`, `**`
   * any characters, `?` one character but `/`; e.g. `/video/1080p/**`. (Replaces the regular
   * expression `pathPattern` of vod-origin 0.2, which a crafted pattern could make take forever.)
   */
  readonly pathGlob?: string;
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
  /**
   * Let this many matching requests through before firing (they count once past `afterMs`), so
   * the rule fires from match `afterMatches + 1` on. Omitted: 0, except a manifest change, 1 (the
   * first load is the original).
   */
  readonly afterMatches?: number;
}

/** What `pickFault` looks at: the classified path plus the path itself. */
export type FaultRequest = PathInfo & { readonly path: string };

/** The fold state of one session's rules: counters and the outage window. */
export interface FaultState {
  /** When the session's fault clock started (its first request after the rules were set), ms. */
  readonly startMs: number;
  /** Times each rule (by id) fired. */
  readonly fired: Readonly<Record<string, number>>;
  /** Matching requests each rule (by id) let through because of `afterMatches`. */
  readonly passed: Readonly<Record<string, number>>;
  /** The outage in progress, if any. */
  readonly outage: { readonly ruleId: string; readonly untilMs: number } | null;
}
