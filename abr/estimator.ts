import { DEFAULT_ABR_CONFIG, type EstimatorConfig } from './config.js';
import type { EstimatorState, SampleVerdict, ThroughputSample } from './types.js';

/**
 * Bandwidth estimation as a fold: `addSample(state, sample) → state`.
 *
 * Two EWMAs of throughput, weighted by each sample's transfer time (shaka's / hls.js's scheme)
 * but never less than `minSampleWeightSec`, and the estimate is the lower of the two: it drops
 * within a couple of seconds and rises slowly, yet a run of small fast segments after the link
 * improves still lifts it within a few segments. Throughput is measured over the transfer only (first byte → last byte), so a
 * request's latency is not mistaken for low bandwidth on small segments; latency is tracked apart
 * as an EWMA of the time to first byte, and predictions add it back.
 *
 * Samples that measure something other than the link are rejected, never folded in:
 *  - cache hits: `fromCache` (Resource Timing's `transferSize === 0`), or, when the adapter could not
 *    tell, a transfer implying more than `maxPlausibleBps` (hls.js #5826, shaka #2766). A sample
 *    the adapter confirmed came over the network (`fromCache: false`) is kept however fast: on a
 *    100 Mbps link a 240p segment arrives in 8 ms and is the best evidence there is;
 *  - init segments and responses under `minSampleBytes`: they measure latency;
 *  - anything non-finite or negative.
 * An abandoned request that ran ≥ 1 s is always accepted, even with 0 bytes: during an outage it
 * is the only evidence that the link is dead, and the estimate may then reach 0 bps. Callers
 * never divide by the estimate unguarded (see `downloadSec`).
 */

/** Abandoned requests that ran this long are evidence even with few bytes. */
const ABORTED_EVIDENCE_MS = 1000;

/** A fresh estimator. `seedBandwidthBps` (the previous session's estimate) is used until a sample is accepted. */
export function createEstimator(seedBandwidthBps: number | null = null, seedSource: 'seed' | 'downlink' = 'seed'): EstimatorState {
  const seed = seedBandwidthBps !== null && Number.isFinite(seedBandwidthBps) && seedBandwidthBps > 0 ? seedBandwidthBps : null;
  return {
    fastBps: 0,
    slowBps: 0,
    fastWeight: 0,
    slowWeight: 0,
    ttfbMs: Number.NaN,
    acceptedSamples: 0,
    rejectedSamples: 0,
    lastVerdict: null,
    seedBandwidthBps: seed,
    seedSource: seed === null ? null : seedSource,
    variability: 0,
    variabilityWeight: 0,
    longestTransferMs: 0,
    lastSampleAtMs: Number.NaN,
  };
}

/** Whether `sample` would be folded into the estimate, and if not, why. */
export function judgeSample(sample: ThroughputSample, config: EstimatorConfig = DEFAULT_ABR_CONFIG.estimator): SampleVerdict {
  const { bytes, durationMs } = sample;
  if (!(Number.isFinite(bytes) && bytes >= 0 && Number.isFinite(durationMs) && durationMs >= 0)) return 'invalid';
  if (sample.fromCache === true) return 'cache-hit';
  if (sample.kind === 'init') return 'init-segment';
  if (sample.aborted === true && durationMs >= ABORTED_EVIDENCE_MS) return 'accepted';
  if (bytes < config.minSampleBytes) return 'too-small';
  if (sample.fromCache !== false && (bytes * 8) / (Math.max(transferMs(sample), 0.001) / 1000) > config.maxPlausibleBps) return 'cache-hit';
  return 'accepted';
}

/** Folds one sample into the state. Rejected samples only bump `rejectedSamples` and `lastVerdict`. */
export function addSample(
  state: EstimatorState,
  sample: ThroughputSample,
  config: EstimatorConfig = DEFAULT_ABR_CONFIG.estimator,
): EstimatorState {
  const verdict = judgeSample(sample, config);
  const ttfb = verdict === 'invalid' || verdict === 'cache-hit' ? state.ttfbMs : foldTtfb(state.ttfbMs, sample.ttfbMs, config.ttfbAlpha);
  if (verdict !== 'accepted') {
    return { ...state, ttfbMs: ttfb, rejectedSamples: state.rejectedSamples + 1, lastVerdict: verdict };
  }
  const transferSec = Math.max(transferMs(sample), 1) / 1000;
  const bps = (sample.bytes * 8) / transferSec;
  const weightSec = Math.max(transferSec, config.minSampleWeightSec);
  const fastAlpha = Math.pow(0.5, weightSec / config.fastHalfLifeSec);
  const slowAlpha = Math.pow(0.5, weightSec / config.slowHalfLifeSec);
  const before = state.acceptedSamples > 0 ? estimateBps(state, config) : Number.NaN;
  let { variability, variabilityWeight } = state;
  if (before > 0 && bps > 0) {
    const surprise = Math.abs(Math.log(bps / before));
    const alpha = Math.pow(0.5, weightSec / config.variabilityHalfLifeSec);
    variability = alpha * variability + (1 - alpha) * Math.min(surprise, 3);
    variabilityWeight += weightSec;
  } else if (before === 0 || (before > 0 && bps === 0)) {
    const alpha = Math.pow(0.5, weightSec / config.variabilityHalfLifeSec);
    variability = alpha * variability + (1 - alpha) * 3;
    variabilityWeight += weightSec;
  }
  const sinceMs = Number.isFinite(state.lastSampleAtMs) && sample.nowMs > state.lastSampleAtMs ? sample.nowMs - state.lastSampleAtMs : 0;
  const decayed = state.longestTransferMs * Math.pow(0.5, sinceMs / 1000 / config.fadeHalfLifeSec);
  return {
    ...state,
    variability,
    variabilityWeight,
    longestTransferMs: Math.max(decayed, sample.durationMs),
    lastSampleAtMs: Number.isFinite(sample.nowMs) ? sample.nowMs : state.lastSampleAtMs,
    fastBps: fastAlpha * state.fastBps + (1 - fastAlpha) * bps,
    slowBps: slowAlpha * state.slowBps + (1 - slowAlpha) * bps,
    fastWeight: state.fastWeight + weightSec,
    slowWeight: state.slowWeight + weightSec,
    ttfbMs: ttfb,
    acceptedSamples: state.acceptedSamples + 1,
    lastVerdict: 'accepted',
  };
}

/**
 * The bandwidth estimate, bits/s: min(fast, slow) after zero-factor correction; the seed, else
 * `defaultBandwidthBps`, before any accepted sample. Always finite and ≥ 0 (0 after an outage).
 */
export function estimateBps(state: EstimatorState, config: EstimatorConfig = DEFAULT_ABR_CONFIG.estimator): number {
  if (state.acceptedSamples === 0) return state.seedBandwidthBps ?? config.defaultBandwidthBps;
  const fast = corrected(state.fastBps, state.fastWeight, config.fastHalfLifeSec);
  const slow = corrected(state.slowBps, state.slowWeight, config.slowHalfLifeSec);
  const estimate = Math.min(fast, slow);
  return Number.isFinite(estimate) && estimate > 0 ? estimate : 0;
}

/** Expected time to first byte of the next request, ms. */
export function expectedTtfbMs(state: EstimatorState, config: EstimatorConfig = DEFAULT_ABR_CONFIG.estimator): number {
  return Number.isFinite(state.ttfbMs) ? state.ttfbMs : config.defaultTtfbMs;
}

/** The link's variability (see `EstimatorState.variability`), zero-factor corrected; 0 before it is known. */
export function variabilityOf(state: EstimatorState, config: EstimatorConfig = DEFAULT_ABR_CONFIG.estimator): number {
  return corrected(state.variability, state.variabilityWeight, config.variabilityHalfLifeSec);
}

/** Where the estimate comes from, for reasons: `est`, `seed` or `default`. */
export function estimateSource(state: EstimatorState): 'est' | 'seed' | 'downlink' | 'default' {
  if (state.acceptedSamples > 0) return 'est';
  if (state.seedBandwidthBps === null) return 'default';
  return state.seedSource === 'downlink' ? 'downlink' : 'seed';
}

function transferMs(sample: ThroughputSample): number {
  const ttfb = sample.ttfbMs;
  if (ttfb !== undefined && Number.isFinite(ttfb) && ttfb >= 0 && ttfb <= sample.durationMs) return sample.durationMs - ttfb;
  return sample.durationMs;
}

function foldTtfb(previousMs: number, sampleMs: number | undefined, alpha: number): number {
  if (sampleMs === undefined || !Number.isFinite(sampleMs) || sampleMs < 0) return previousMs;
  return Number.isFinite(previousMs) ? previousMs + alpha * (sampleMs - previousMs) : sampleMs;
}

/** Zero-factor correction: an EWMA started at 0 under-reads by the factor 1 − α^Σweight. */
function corrected(value: number, weightSec: number, halfLifeSec: number): number {
  const zeroFactor = 1 - Math.pow(0.5, weightSec / halfLifeSec);
  return zeroFactor > 0 ? value / zeroFactor : 0;
}
