/**
 * ABR configuration: typed, nested, every default documented ("Defaults to …") and frozen.
 * `resolveAbrConfig(partial)` fills a partial config with the defaults.
 */
import { CodedError } from '../contracts/coded-error.js';

/** Bandwidth estimator (`estimator.ts`). */
export interface EstimatorConfig {
  /**
   * Half-life of the fast EWMA, in seconds of sample weight (transfer time, at least
   * `minSampleWeightSec`). The estimate is min(fast, slow), so this one sets how fast it drops.
   * Defaults to 2 (shaka's default; hls.js VoD uses 3).
   */
  readonly fastHalfLifeSec: number;
  /** Half-life of the slow EWMA, seconds of sample weight: how slowly it rises. Defaults to 8 (hls.js VoD uses 9). */
  readonly slowHalfLifeSec: number;
  /**
   * Estimate before any sample and without a seed, bits/s. Defaults to 500 000 (hls.js's
   * `abrEwmaDefaultEstimate`): low enough that a cold start picks a low rung.
   */
  readonly defaultBandwidthBps: number;
  /** Samples with fewer bytes measure latency, not bandwidth, and are dropped. Defaults to 16 000 (shaka's `minBytes`). */
  readonly minSampleBytes: number;
  /**
   * Samples whose transfer (after the first byte) took less than this are indistinguishable from a
   * memory-cache hit and are dropped (hls.js #5826, shaka #2766). Defaults to 10 ms.
   */
  readonly minTransferMs: number;
  /** Weight of a new time-to-first-byte sample in its EWMA, 0–1. Defaults to 0.3. */
  readonly ttfbAlpha: number;
  /** Time to first byte assumed before any sample carried one, ms. Defaults to 50. */
  readonly defaultTtfbMs: number;
  /**
   * Least weight of a sample, seconds. Weights are transfer times, so after the link improves a
   * stream of small, fast segments would barely move the slow EWMA and the estimate would stay
   * low for a minute (hls.js "stuck low after startup"); each sample counts at least this much.
   * Defaults to 1 s.
   */
  readonly minSampleWeightSec: number;
}

/** Startup phase (`rules/startup.ts`): an empty buffer after load, a seek or a flush. */
export interface StartupConfig {
  /**
   * The estimate is multiplied by this before choosing a rung by throughput. Defaults to 0.75:
   * fast ramp while leaving room for the estimate's error (dash.js's throughput rule uses 0.9,
   * hls.js 0.7 when the buffer is short).
   */
  readonly bandwidthFactor: number;
  /**
   * With nothing buffered (first segment, after a seek), the first segment must be predicted to
   * arrive within this many seconds: each second here is a second of startup delay. Defaults to 1.
   */
  readonly firstSegmentMaxSec: number;
}

/** Buffer-based steady state (`rules/buffer.ts`). */
export interface BufferConfig {
  /**
   * The buffer level the steady state defends: a rung is left when, at the estimate, a few more
   * of its segments would take the buffer under it. Defaults to 6 s (three 2 s segments).
   */
  readonly reservoirSec: number;
  /**
   * Span above the reservoir over which rungs unlock for up-switches, each at its place on BOLA's
   * log utility ln(bitrate / lowest): the lowest at 0, the top at reservoir + cushion. Defaults
   * to 8 s (the top rung unlocks at 14 s).
   */
  readonly cushionSec: number;
  /**
   * A rung is sustained by the link when its bitrate ≤ estimate × this (× the endgame boost).
   * Defaults to 0.9 (dash.js's throughput rule uses 0.9).
   */
  readonly sustainFactor: number;
  /**
   * How many segments ahead the drain of the current rung is projected when deciding to hold it
   * (the buffer must stay ≥ the reservoir for that long). Defaults to 6 (12 s of 2 s segments).
   */
  readonly lookaheadSegments: number;
  /**
   * The rung above a sustained one may be visited, although the link does not sustain it, once
   * the buffer is within this many seconds of the player's buffer goal (`bufferGoalSec`): there
   * the engine would otherwise idle, waiting for room, and leave the link unused. Defaults to 4 s
   * (two segments).
   */
  readonly spendMarginSec: number;
  /** The buffer goal assumed when the snapshot gives none. Defaults to 30 s (hls.js's `maxBufferLength`). */
  readonly defaultBufferGoalSec: number;
  /**
   * A visit upstairs is made only if it can last this many segments on top of the lookahead: QoE
   * charges each switch as much as a segment's bitrate gain, so a visit must outlive its two
   * switches. Defaults to 4.
   */
  readonly minDwellSegments: number;
  /**
   * Buffer kept at the very end of the media; the rest may be spent over the remaining media
   * (`mediaRemainingSec`). Defaults to 2 s (one segment).
   */
  readonly endgameKeepSec: number;
}

/** The rule that never starts a download that cannot finish before the buffer runs dry. */
export interface DownloadTimeConfig {
  /** The estimate is multiplied by this when predicting a download time. Defaults to 0.8. */
  readonly bandwidthFactor: number;
  /** Buffer that must remain when the predicted download ends, seconds. Defaults to 1. */
  readonly marginSec: number;
}

/** Abandoning an in-flight segment (`abandon.ts`). */
export interface AbandonConfig {
  /** Defaults to true. */
  readonly enabled: boolean;
  /** No verdict before the request has run this long (progress is noise before). Defaults to 500 ms. */
  readonly minElapsedMs: number;
  /**
   * With more buffer than this a slow request is no emergency: it is left to finish (the link may
   * recover within the buffer, and the next decision sees the lower estimate). Defaults to 8 s.
   */
  readonly maxBufferSec: number;
  /**
   * Abandon only when the projected stall of finishing the current request exceeds this, seconds.
   * Defaults to 0.5.
   */
  readonly minStallSec: number;
  /**
   * A lower rung replaces the request only if it finishes sooner than the remainder of the current
   * one by this factor (re-downloading from zero has a cost). Defaults to 0.8.
   */
  readonly gainFactor: number;
}

export interface AbrConfig {
  readonly estimator: EstimatorConfig;
  readonly startup: StartupConfig;
  readonly buffer: BufferConfig;
  readonly downloadTime: DownloadTimeConfig;
  readonly abandon: AbandonConfig;
}

/** A config where every field, at every level, may be left out. */
export type PartialAbrConfig = { readonly [K in keyof AbrConfig]?: Partial<AbrConfig[K]> };

export const DEFAULT_ABR_CONFIG: AbrConfig = deepFreeze({
  estimator: {
    fastHalfLifeSec: 2,
    slowHalfLifeSec: 8,
    defaultBandwidthBps: 500_000,
    minSampleBytes: 16_000,
    minTransferMs: 10,
    ttfbAlpha: 0.3,
    defaultTtfbMs: 50,
    minSampleWeightSec: 1,
  },
  startup: {
    bandwidthFactor: 0.75,
    firstSegmentMaxSec: 1,
  },
  buffer: {
    reservoirSec: 6,
    cushionSec: 8,
    sustainFactor: 0.9,
    lookaheadSegments: 6,
    spendMarginSec: 4,
    defaultBufferGoalSec: 30,
    minDwellSegments: 4,
    endgameKeepSec: 2,
  },
  downloadTime: {
    bandwidthFactor: 0.8,
    marginSec: 1,
  },
  abandon: {
    enabled: true,
    minElapsedMs: 500,
    maxBufferSec: 8,
    minStallSec: 0.5,
    gainFactor: 0.8,
  },
});

/**
 * Thrown by `resolveAbrConfig` for a value that would make the algorithm meaningless
 * (code `INVALID_ABR_CONFIG`); `path` names the field, e.g. `buffer.reservoirSec`.
 */
export class AbrConfigError extends CodedError<'INVALID_ABR_CONFIG'> {
  override readonly name = 'AbrConfigError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super('INVALID_ABR_CONFIG', message);
  }
}

/**
 * Fills `partial` with the defaults and validates the result. Unknown keys are ignored. Throws
 * `AbrConfigError` for values out of range (negative durations, factors ≤ 0, …).
 */
export function resolveAbrConfig(partial: PartialAbrConfig = {}): AbrConfig {
  const merged: AbrConfig = {
    estimator: { ...DEFAULT_ABR_CONFIG.estimator, ...definedOnly(partial.estimator) },
    startup: { ...DEFAULT_ABR_CONFIG.startup, ...definedOnly(partial.startup) },
    buffer: { ...DEFAULT_ABR_CONFIG.buffer, ...definedOnly(partial.buffer) },
    downloadTime: { ...DEFAULT_ABR_CONFIG.downloadTime, ...definedOnly(partial.downloadTime) },
    abandon: { ...DEFAULT_ABR_CONFIG.abandon, ...definedOnly(partial.abandon) },
  };
  const e = merged.estimator;
  positive('estimator.fastHalfLifeSec', e.fastHalfLifeSec);
  positive('estimator.slowHalfLifeSec', e.slowHalfLifeSec);
  positive('estimator.defaultBandwidthBps', e.defaultBandwidthBps);
  nonNegative('estimator.minSampleBytes', e.minSampleBytes);
  nonNegative('estimator.minTransferMs', e.minTransferMs);
  fraction('estimator.ttfbAlpha', e.ttfbAlpha);
  nonNegative('estimator.defaultTtfbMs', e.defaultTtfbMs);
  nonNegative('estimator.minSampleWeightSec', e.minSampleWeightSec);
  positive('startup.bandwidthFactor', merged.startup.bandwidthFactor);
  positive('startup.firstSegmentMaxSec', merged.startup.firstSegmentMaxSec);
  const b = merged.buffer;
  nonNegative('buffer.reservoirSec', b.reservoirSec);
  nonNegative('buffer.cushionSec', b.cushionSec);
  positive('buffer.sustainFactor', b.sustainFactor);
  count('buffer.lookaheadSegments', b.lookaheadSegments);
  nonNegative('buffer.spendMarginSec', b.spendMarginSec);
  positive('buffer.defaultBufferGoalSec', b.defaultBufferGoalSec);
  count('buffer.minDwellSegments', b.minDwellSegments);
  nonNegative('buffer.endgameKeepSec', b.endgameKeepSec);
  positive('downloadTime.bandwidthFactor', merged.downloadTime.bandwidthFactor);
  nonNegative('downloadTime.marginSec', merged.downloadTime.marginSec);
  nonNegative('abandon.minElapsedMs', merged.abandon.minElapsedMs);
  nonNegative('abandon.maxBufferSec', merged.abandon.maxBufferSec);
  nonNegative('abandon.minStallSec', merged.abandon.minStallSec);
  fraction('abandon.gainFactor', merged.abandon.gainFactor);
  return deepFreeze(merged);
}

function definedOnly<T extends object>(part: T | undefined): Partial<T> {
  if (part === undefined) return {};
  const out: Partial<T> = {};
  for (const key of Object.keys(part) as (keyof T)[]) {
    if (part[key] !== undefined) out[key] = part[key];
  }
  return out;
}

function positive(path: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) throw new AbrConfigError(path, `${path} must be a finite number > 0, got ${value}`);
}

function nonNegative(path: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) throw new AbrConfigError(path, `${path} must be a finite number ≥ 0, got ${value}`);
}

function count(path: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 0)) throw new AbrConfigError(path, `${path} must be an integer ≥ 0, got ${value}`);
}

function fraction(path: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0 && value <= 1)) throw new AbrConfigError(path, `${path} must be in (0, 1], got ${value}`);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}
