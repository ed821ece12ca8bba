import { shouldAbandon as abandonCheck } from './abandon.js';
import { DEFAULT_ABR_CONFIG, resolveAbrConfig, type AbrConfig, type PartialAbrConfig } from './config.js';
import { decide } from './decide.js';
import { addSample, createEstimator, estimateBps } from './estimator.js';
import type {
  AbandonDecision,
  AbandonProgress,
  AbrPhase,
  Decision,
  EstimatorState,
  PlayerSnapshot,
  SampleVerdict,
  ThroughputSample,
} from './types.js';

/** Options of `createAbrController`. */
export interface AbrControllerOptions {
  /**
   * The previous session's bandwidth estimate, bits/s (the browser layer stores it). Used until
   * the first sample is accepted, so a returning viewer starts at the right rung. Defaults to none.
   */
  readonly seedBandwidthBps?: number | null;
  /**
   * The browser's downlink estimate, bits/s (`navigator.connection.downlink`), for a viewer with
   * no seed: the estimate before the first sample is this × `startup.downlinkFactor`. Ignored when a
   * seed is given. Defaults to none.
   */
  readonly downlinkBps?: number | null;
}

/** Everything a controller holds, as a plain value. */
export interface AbrControllerState {
  readonly estimator: EstimatorState;
  readonly phase: AbrPhase;
  readonly lastDecision: Decision | null;
  /** `nextSegment.index` of the last abandoned request: a segment is abandoned at most once. */
  readonly abandonedSegmentIndex: number | null;
}

/**
 * The adapter-facing surface of the ABR core: one object per playback session, holding the
 * estimator and the phase; everything else is in the snapshots the adapter passes. No timers, no
 * clock: `nowMs` travels inside snapshots and samples.
 *
 *  - hls.js: `nextAutoLevel` getter → `choose(snapshot).rung`; FRAG_LOADED stats →
 *    `onSegmentLoaded`; the FRAG_PROGRESS / 100 ms check → `shouldAbandon`; `resetEstimator` →
 *    `reset()`.
 *  - dash.js: a custom rule's `getSwitchRequest` → `choose`; the abandon rule → `shouldAbandon`.
 *  - shaka: `chooseVariant()` → `choose`; `segmentDownloaded(deltaTimeMs, numBytes)` →
 *    `onSegmentLoaded({ bytes: numBytes, durationMs: deltaTimeMs, nowMs })`.
 */
export interface AbrController {
  readonly config: AbrConfig;
  /**
   * The rung for the next media segment, with the rule and reason behind it. Idempotent for the
   * same snapshot, so an engine may ask more than once per segment (hls.js reads `nextAutoLevel`
   * repeatedly).
   */
  choose(snapshot: PlayerSnapshot): Decision;
  /** Feeds a finished (or abandoned) request to the estimator; returns the verdict on the sample. */
  onSegmentLoaded(sample: ThroughputSample): SampleVerdict;
  /** Whether to abandon the in-flight request (`snapshot.nextSegment` is the segment in flight). */
  shouldAbandon(progress: AbandonProgress, snapshot: PlayerSnapshot): AbandonDecision;
  /** A seek or buffer flush: back to startup from an empty buffer; the estimate is kept. */
  onSeek(): void;
  /** A new source, or the engine's `resetEstimator`: startup again, and by default a fresh estimator (seed kept). */
  reset(options?: { keepEstimator?: boolean }): void;
  /** Current bandwidth estimate, bits/s (≥ 0). Store it at the end of a session as the next seed. */
  readonly bandwidthEstimateBps: number;
  readonly state: AbrControllerState;
}

export function createAbrController(config: PartialAbrConfig | AbrConfig = DEFAULT_ABR_CONFIG, options: AbrControllerOptions = {}): AbrController {
  const resolved = config === DEFAULT_ABR_CONFIG ? DEFAULT_ABR_CONFIG : resolveAbrConfig(config);
  const seed = options.seedBandwidthBps ?? null;
  const downlink = options.downlinkBps ?? null;
  const fresh = (): EstimatorState =>
    seed === null && downlink !== null && Number.isFinite(downlink) && downlink > 0
      ? createEstimator(downlink * resolved.startup.downlinkFactor, 'downlink')
      : createEstimator(seed);
  let state: AbrControllerState = { estimator: fresh(), phase: 'startup', lastDecision: null, abandonedSegmentIndex: null };

  return {
    config: resolved,
    choose(snapshot) {
      const decision = decide({ ...snapshot, estimator: state.estimator, phase: state.phase }, resolved);
      state = { ...state, phase: decision.phase, lastDecision: decision };
      return decision;
    },
    onSegmentLoaded(sample) {
      const estimator = addSample(state.estimator, sample, resolved.estimator);
      state = { ...state, estimator };
      return estimator.lastVerdict ?? 'invalid';
    },
    shouldAbandon(progress, snapshot) {
      if (state.abandonedSegmentIndex === snapshot.nextSegment.index) {
        return { abandon: false, toRung: progress.rung, reason: 'abandon: this segment was abandoned once already' };
      }
      const verdict = abandonCheck(progress, { ...snapshot, estimator: state.estimator, phase: state.phase }, resolved);
      if (verdict.abandon) state = { ...state, abandonedSegmentIndex: snapshot.nextSegment.index };
      return verdict;
    },
    onSeek() {
      state = { ...state, phase: 'startup', abandonedSegmentIndex: null };
    },
    reset(resetOptions = {}) {
      const estimator = resetOptions.keepEstimator === true ? state.estimator : fresh();
      state = { estimator, phase: 'startup', lastDecision: null, abandonedSegmentIndex: null };
    },
    get bandwidthEstimateBps() {
      return estimateBps(state.estimator, resolved.estimator);
    },
    get state() {
      return state;
    },
  };
}
