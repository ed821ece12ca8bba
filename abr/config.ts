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
  /**
   * A sample whose transfer implies more than this is a cache hit, whatever its size (a memory
   * cache answers 100 kB in under a millisecond; no access link moves 2 Gbps). Samples the adapter
   * confirmed came over the network (`fromCache: false`, from Resource Timing) are never judged
   * by speed. Defaults to 2 000 000 000.
   */
  readonly maxPlausibleBps: number;
  /**
   * Half-life, in seconds of sample weight, of the link's variability (the EWMA of
   * |ln(sample / estimate)|) the planner discounts by and grows its buffer target with. Defaults to 8.
   */
  readonly variabilityHalfLifeSec: number;
  /**
   * Half-life, in seconds of session time, of the memory of the longest transfer (a fade: one
   * request that took 20 s). Defaults to 120.
   */
  readonly fadeHalfLifeSec: number;
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
  /**
   * A first-time viewer's estimate before any sample is the browser's downlink estimate
   * (`navigator.connection.downlink`, Chromium: capped at 10 Mbps, rounded) × this. Defaults to 0.5:
   * the browser's figure is for any request, not for this CDN.
   */
  readonly downlinkFactor: number;
}

/** The horizon planner (`rules/plan.ts`). */
export interface PlannerConfig {
  /** Defaults to true. Off: the startup ramp and the buffer rule decide alone (the 0.2 behaviour). */
  readonly enabled: boolean;
  /** Where the planner decides: only while ramping up (`startup`), or always (`always`). */
  readonly scope: 'startup' | 'always';
  /** In steady state, climb only to rungs the buffer rule would hold. Defaults to true. */
  readonly holdGuard: boolean;
  /** Segments planned ahead. Defaults to 5 (MPC's horizon; 10 s of 2 s segments, SODA's). */
  readonly horizonSegments: number;
  /** The estimate is multiplied by this to plan. Defaults to 0.9. */
  readonly bandwidthFactor: number;
  /** The planning bandwidth is divided by 1 + this × variability (RobustMPC's error discount, smoothed). Defaults to 1. */
  readonly variabilityDiscount: number;
  /** QoE weight of a second of stall, Mbps-segments. Defaults to 4.3 (QoE_lin, the bench's μ). */
  readonly rebufferPenaltyPerSec: number;
  /** QoE weight of a switch, per Mbps of change. Defaults to 1 (QoE_lin). */
  readonly switchPenaltyPerMbps: number;
  /** Cost of each second the plan ends below its buffer target. Defaults to 2. */
  readonly terminalPenaltyPerSec: number;
  /** The least buffer a plan should end with, seconds. Defaults to 12: under it the ramp settled on a barely sustained rung with a thin buffer (a drop from 5 to 0.6 Mbps stalled 1.4 s at 10). */
  readonly bufferTargetSec: number;
  /** The target is at least the longest recent transfer × this. Defaults to 1. */
  readonly fadeFactor: number;
  /** Seconds of target added per unit of variability. Defaults to 10. */
  readonly variabilityTargetSec: number;
}

/** Buffer-based steady state (`rules/buffer.ts`). */
export interface BufferConfig {
  /**
   * The buffer level the steady state defends: a rung is left when, at the estimate, a few more
   * of its segments would take the buffer under it. Defaults to 6 s (three 2 s segments).
   */
  readonly reservoirSec: number;
  /**
   * After a deep fade (a request that took ≥ `fadeMinSec`, remembered with
   * `estimator.fadeHalfLifeSec`) the reservoir grows to that transfer × this. 0 keeps the reservoir
   * fixed. Defaults to 2: on a 3G-like trace with 14 s and 25 s outages and a 60 s buffer goal the
   * simulator's stall went from 10.5 s to 0 s (QoE 0.7 → 42.2, optimum 49.8).
   */
  readonly fadeFactor: number;
  /** A transfer this long is a deep fade (a 2 s segment on a slow link takes a few seconds). Defaults to 10 s. */
  readonly fadeMinSec: number;
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
  readonly planner: PlannerConfig;
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
    ttfbAlpha: 0.3,
    defaultTtfbMs: 50,
    minSampleWeightSec: 1,
    maxPlausibleBps: 2_000_000_000,
    variabilityHalfLifeSec: 8,
    fadeHalfLifeSec: 120,
  },
  startup: {
    bandwidthFactor: 0.75,
    firstSegmentMaxSec: 1,
    downlinkFactor: 0.5,
  },
  planner: {
    enabled: true,
    scope: 'startup',
    holdGuard: true,
    horizonSegments: 5,
    bandwidthFactor: 0.9,
    variabilityDiscount: 1,
    rebufferPenaltyPerSec: 4.3,
    switchPenaltyPerMbps: 1,
    terminalPenaltyPerSec: 2,
    bufferTargetSec: 12,
    fadeFactor: 1,
    variabilityTargetSec: 10,
  },
  buffer: {
    reservoirSec: 6,
    fadeFactor: 2,
    fadeMinSec: 10,
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
    planner: { ...DEFAULT_ABR_CONFIG.planner, ...definedOnly(partial.planner) },
    buffer: { ...DEFAULT_ABR_CONFIG.buffer, ...definedOnly(partial.buffer) },
    downloadTime: { ...DEFAULT_ABR_CONFIG.downloadTime, ...definedOnly(partial.downloadTime) },
    abandon: { ...DEFAULT_ABR_CONFIG.abandon, ...definedOnly(partial.abandon) },
  };
  const e = merged.estimator;
  positive('estimator.fastHalfLifeSec', e.fastHalfLifeSec);
  positive('estimator.slowHalfLifeSec', e.slowHalfLifeSec);
  positive('estimator.defaultBandwidthBps', e.defaultBandwidthBps);
  nonNegative('estimator.minSampleBytes', e.minSampleBytes);
  fraction('estimator.ttfbAlpha', e.ttfbAlpha);
  nonNegative('estimator.defaultTtfbMs', e.defaultTtfbMs);
  nonNegative('estimator.minSampleWeightSec', e.minSampleWeightSec);
  positive('estimator.maxPlausibleBps', e.maxPlausibleBps);
  positive('estimator.variabilityHalfLifeSec', e.variabilityHalfLifeSec);
  positive('estimator.fadeHalfLifeSec', e.fadeHalfLifeSec);
  const pl = merged.planner;
  count('planner.horizonSegments', pl.horizonSegments);
  positive('planner.bandwidthFactor', pl.bandwidthFactor);
  nonNegative('planner.variabilityDiscount', pl.variabilityDiscount);
  nonNegative('planner.rebufferPenaltyPerSec', pl.rebufferPenaltyPerSec);
  nonNegative('planner.switchPenaltyPerMbps', pl.switchPenaltyPerMbps);
  nonNegative('planner.terminalPenaltyPerSec', pl.terminalPenaltyPerSec);
  nonNegative('planner.bufferTargetSec', pl.bufferTargetSec);
  nonNegative('planner.fadeFactor', pl.fadeFactor);
  nonNegative('planner.variabilityTargetSec', pl.variabilityTargetSec);
  positive('startup.bandwidthFactor', merged.startup.bandwidthFactor);
  positive('startup.firstSegmentMaxSec', merged.startup.firstSegmentMaxSec);
  nonNegative('startup.downlinkFactor', merged.startup.downlinkFactor);
  const b = merged.buffer;
  nonNegative('buffer.reservoirSec', b.reservoirSec);
  nonNegative('buffer.cushionSec', b.cushionSec);
  nonNegative('buffer.fadeFactor', b.fadeFactor);
  nonNegative('buffer.fadeMinSec', b.fadeMinSec);
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
