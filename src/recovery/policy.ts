import type { FatalReason, VodPlayerError } from '../errors.js';

/**
 * The recovery policy: what `<vod-player>` does about an engine's error, above the engines (which
 * retry single requests on their own, `engines/retry.ts`). Pure: the caller passes what it knows.
 *
 * - **wait-network**: the network or the origin failed (no response, 408, 429, 5xx) after the
 *   engine's own retries. The player goes `recovering`, waits for `online` or a probe request that
 *   succeeds (with backoff, honouring `Retry-After`), then reloads at the last position. This goes on
 *   for `windowMs` (default 5 min) from the first failure of the episode; then it is fatal
 *   (`network-lost`).
 * - **exclude-rendition**: a segment of one rendition is gone (404, 410, 403). That rendition leaves
 *   ABR and the menu for `rungCoolDownMs`, and the source reloads at the last position (when the
 *   engine's error was fatal) or plays on (when the engine already switched away).
 * - **reload**: the media pipeline failed (decode or append error, corrupt bytes, an engine crash).
 *   The source reloads at the last position, at most `decodeReloads` times per episode; then it is
 *   fatal (`decode-failed`). A second decode failure in one episode excludes the rendition on screen
 *   instead (while another one is left; the last one requested, else the one on screen): bad bytes
 *   tend to stay where they are (an origin, a CDN or the browser's cache serves them again), so
 *   another rendition has to play that spot.
 * - **fatal**, for a stated `FatalReason` only: the manifest is missing or invalid, the codecs are
 *   unsupported, the engine chunk failed, or one of the budgets above ran out.
 */
export interface RecoveryConfig {
  /** How long an episode may last before its error is fatal, ms. 0 turns recovery off. */
  readonly windowMs: number;
  /** First wait before probing again, ms; it doubles up to `maxDelayMs`. */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** Reloads allowed per episode for decode/append/engine errors. */
  readonly decodeReloads: number;
  /** How long an excluded rendition stays out of ABR and the menu, ms. */
  readonly rungCoolDownMs: number;
  /** A probe request gives up after this long, ms. */
  readonly probeTimeoutMs: number;
}

export const DEFAULT_RECOVERY_CONFIG: RecoveryConfig = Object.freeze({
  windowMs: 5 * 60_000,
  firstDelayMs: 1_000,
  maxDelayMs: 15_000,
  decodeReloads: 3,
  rungCoolDownMs: 60_000,
  probeTimeoutMs: 5_000,
});

export type RecoveryAction = 'wait-network' | 'exclude-rendition' | 'reload';

export type RecoveryVerdict =
  | { readonly action: RecoveryAction; readonly qualityIndex?: number }
  | { readonly action: 'fatal'; readonly reason: FatalReason };

/** What the policy knows besides the error. */
export interface RecoveryContext {
  /** The source played (or at least loaded its manifest) before: a manifest failure now is a network matter. */
  readonly everLoaded: boolean;
  /** `navigator.onLine`. */
  readonly online: boolean;
  /** Renditions of the ladder (0 when unknown), and the ones already excluded. */
  readonly qualityCount: number;
  readonly excludedCount: number;
  /** Decode failures in this episode before this one. */
  readonly decodeFailures: number;
  /** The rendition most likely at fault (the last one requested, else the one on screen), if known. */
  readonly renderedQualityIndex: number | null;
}

/** Missing for good: retrying the same URL will not help. */
export function isGoneStatus(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** What to do about `error`. Non-fatal errors of the engine only matter for exclusions (see `exclusionOf`). */
export function classifyFailure(error: VodPlayerError, ctx: RecoveryContext): RecoveryVerdict {
  const status = error.detail.httpStatus;
  switch (error.code) {
    case 'CODEC_UNSUPPORTED':
    case 'SOURCE_UNSUPPORTED':
      return { action: 'fatal', reason: 'unsupported' };
    case 'ENGINE_LOAD_FAILED':
      return ctx.online ? { action: 'fatal', reason: 'engine-load-failed' } : { action: 'wait-network' };
    case 'MANIFEST_PARSE_FAILED':
      return { action: 'fatal', reason: 'manifest-invalid' };
    case 'MANIFEST_LOAD_FAILED':
      if (isGoneStatus(status)) return { action: 'fatal', reason: 'manifest-unavailable' };
      // A wrong URL or a CORS refusal looks like a network error too: fail fast at the first load while online.
      return ctx.everLoaded || !ctx.online ? { action: 'wait-network' } : { action: 'fatal', reason: 'manifest-unavailable' };
    case 'SEGMENT_LOAD_FAILED': {
      if (!isGoneStatus(status)) return { action: 'wait-network' };
      const index = error.detail.qualityIndex;
      const others = ctx.qualityCount - ctx.excludedCount - 1;
      if (index === undefined || others < 1) return { action: 'fatal', reason: 'segment-unavailable' };
      return { action: 'exclude-rendition', qualityIndex: index };
    }
    case 'MEDIA_DECODE_FAILED': {
      if (!ctx.everLoaded) return { action: 'fatal', reason: 'decode-failed' };
      // Failing again: the bytes are bad where they are stored (an origin or a cache keeps serving
      // them), so this rendition is out for a while and another one plays the spot.
      const index = error.detail.qualityIndex ?? ctx.renderedQualityIndex ?? undefined;
      const others = ctx.qualityCount - ctx.excludedCount - 1;
      if (ctx.decodeFailures >= 1 && index !== undefined && others >= 1) return { action: 'exclude-rendition', qualityIndex: index };
      return { action: 'reload' };
    }
    case 'ENGINE_ERROR':
      return ctx.everLoaded ? { action: 'reload' } : { action: 'fatal', reason: 'engine-failed' };
    default:
      // INVALID_ATTRIBUTE, PLAY_REJECTED, RESUME_STORE_FAILED, FULLSCREEN_REJECTED, BUFFER_FULL are never fatal.
      return { action: 'reload' };
  }
}

/**
 * A non-fatal engine error that still excludes a rendition: a segment of it answered 404/410/403 and
 * the engine switched away on its own (hls.js does), which its ABR may undo.
 */
export function exclusionOf(error: VodPlayerError): number | null {
  if (error.fatal || error.code !== 'SEGMENT_LOAD_FAILED' || !isGoneStatus(error.detail.httpStatus)) return null;
  return error.detail.qualityIndex ?? null;
}

/** The wait before probe `attempt` (0-based): doubling from `firstDelayMs`, capped, ±20% jitter (`random` in [0, 1)). */
export function backoffMs(attempt: number, config: RecoveryConfig, random: number): number {
  const base = Math.min(config.maxDelayMs, config.firstDelayMs * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.8 + 0.4 * random));
}

/**
 * `Retry-After` as seconds: delta-seconds or an HTTP date (relative to `nowEpochMs`). Null when absent
 * or unreadable; never negative; capped at one hour.
 */
export function parseRetryAfterSec(value: string | null | undefined, nowEpochMs: number): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(3600, Number(text));
  if (!/^[A-Za-z]{3}, /.test(text)) return null; // an IMF-fixdate, e.g. `Wed, 21 Oct 2015 07:28:00 GMT`
  const dateMs = Date.parse(text);
  if (Number.isNaN(dateMs)) return null;
  return Math.min(3600, Math.max(0, Math.ceil((dateMs - nowEpochMs) / 1000)));
}
