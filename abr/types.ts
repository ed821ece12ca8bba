/**
 * Data shapes of the ABR core. Everything here is plain data: engines adapters build these
 * snapshots from what hls.js / dash.js / shaka report, the simulator builds them from a trace.
 * Units are in every numeric name (bits/s are `Bps`, bytes are `bytes`).
 */

/** One video rendition, as the adapter sees it. `rungs` arrays are ascending by bitrate. */
export interface RungInfo {
  /** Position in the ascending `rungs` array (0 = lowest). */
  readonly index: number;
  /**
   * Bits per second the rung costs on the link, everything fetched alongside included
   * (video + audio when audio shares the link): the HLS AVERAGE-BANDWIDTH, a DASH video
   * `@bandwidth` plus the audio one, a shaka variant's `bandwidth`. Used when the segment's
   * actual size is unknown, and to judge which rung a throughput sustains.
   */
  readonly bitrateBps: number;
  /** Picture height in pixels (for the player-size cap). 0 when unknown. */
  readonly height: number;
  /** Picture width in pixels. 0 when unknown. */
  readonly width: number;
  /** Video codec string (`avc1.64001f`), when the manifest gives it: for decode-capability checks. */
  readonly codecs?: string;
  /** Frames per second, when the manifest gives it. */
  readonly frameRate?: number;
}

/** The segment about to be requested. */
export interface NextSegmentInfo {
  /** Media sequence index (for reasons and logs only). */
  readonly index: number;
  /** Media seconds the segment adds to the buffer. */
  readonly durationSec: number;
  /**
   * Exact bytes that must arrive for this segment to play, per rung (ladder.json gives them;
   * add the audio segment fetched alongside). Optional: without it, size = bitrate × duration.
   */
  readonly bytesByRung?: readonly number[];
}

/** Limits the embedder puts on the rungs ABR may choose. */
export interface RungCaps {
  /** Lowest rung index allowed. Defaults to 0. */
  readonly minRung?: number;
  /** Highest rung index allowed. Defaults to the top rung. */
  readonly maxRung?: number;
  /**
   * CSS pixel height of the player box. When set, rungs taller than needed are skipped: the cap
   * is the smallest rung whose height ≥ playerHeightPx × devicePixelRatio.
   */
  readonly playerHeightPx?: number;
  /** Defaults to 1. */
  readonly devicePixelRatio?: number;
  /**
   * Highest rung this device plays smoothly (MediaCapabilities `smooth`, and the dropped frames
   * seen at each rung): the browser layer measures it, the core caps by it. Defaults to none.
   */
  readonly maxSmoothRung?: number;
  /** Why `maxSmoothRung` caps, for reasons (e.g. `18% frames dropped at 1080p`). */
  readonly smoothReason?: string;
}

/**
 * What an engine adapter observes right before it requests a media segment: the snapshot a
 * controller's `choose()` takes. Time is an argument (`nowMs`), never read from a clock.
 */
export interface PlayerSnapshot {
  /** Monotonic milliseconds (performance.now() in the browser, the simulated clock in `simulate`). */
  readonly nowMs: number;
  /** Media seconds buffered ahead of the playhead. */
  readonly bufferSec: number;
  readonly rungs: readonly RungInfo[];
  readonly nextSegment: NextSegmentInfo;
  /** Rung of the previous media segment, or null before the first one. */
  readonly lastRung: number | null;
  /** Media seconds played per wall second. Defaults to 1; 0 (paused) drains nothing. */
  readonly playbackRate?: number;
  /** Round trip / time to first byte the adapter measured, ms. Defaults to the estimator's. */
  readonly rttMs?: number;
  readonly caps?: RungCaps;
  /**
   * Media seconds not yet buffered, from the end of the buffer to the end of the media, the next
   * segment included (VoD: duration − buffered end). Lets ABR spend the buffer as the video nears
   * its end instead of carrying it unused to the last frame. Omit when unknown (live, or the
   * duration is not known yet).
   */
  readonly mediaRemainingSec?: number;
  /**
   * The engine's forward-buffer goal, seconds: it stops fetching there (hls.js `maxBufferLength`,
   * dash.js `bufferTimeAtTopQuality`, shaka `bufferingGoal`). Defaults to the config's 30 s.
   */
  readonly bufferGoalSec?: number;
  /** True while the player is seeking (or the buffer was just flushed). */
  readonly seeking?: boolean;
}

/** Where the controller is: ramping up from an empty buffer, or buffer-driven steady state. */
export type AbrPhase = 'startup' | 'steady';

/** A snapshot plus the controller's own state: the full input of the pure `decide()`. */
export interface DecisionInput extends PlayerSnapshot {
  readonly estimator: EstimatorState;
  readonly phase: AbrPhase;
}

/** Proposal priority, as dash.js `SwitchRequest.PRIORITY`: the strongest present wins. */
export type RulePriority = 'weak' | 'default' | 'strong';

/** What one rule asks for. Within the strongest priority, the lowest rung wins. */
export interface Proposal {
  readonly rung: number;
  readonly priority: RulePriority;
  /** Short human text with the numbers that led to it, e.g. `buffer 14.2s ≥ 12.1s → 720p`. */
  readonly reason: string;
}

/** A rule's name travels with its proposal so every decision says which rule made it. */
export interface NamedProposal extends Proposal {
  readonly rule: string;
}

/** The outcome of `decide()`. */
export interface Decision {
  readonly rung: number;
  /** Name of the rule whose proposal won (`startup`, `buffer`, `download-time`, `caps`…). */
  readonly rule: string;
  readonly reason: string;
  /** The phase to use for the next decision. */
  readonly phase: AbrPhase;
  /** Every rule's proposal, for debugging and telemetry. */
  readonly proposals: readonly NamedProposal[];
}

/** One finished (or abandoned) request, as the engine reports it. */
export interface ThroughputSample {
  /** Bytes received. */
  readonly bytes: number;
  /** Request start to last byte, ms (hls.js loading.end − loading.start, shaka deltaTimeMs). */
  readonly durationMs: number;
  /** Request start to first byte, ms, when known (hls.js loading.first − loading.start). */
  readonly ttfbMs?: number;
  /** When the request ended, ms on the same clock as `PlayerSnapshot.nowMs`. */
  readonly nowMs: number;
  /**
   * Where the bytes came from, when the adapter knows (Resource Timing): `true` for a cache hit
   * (`transferSize === 0`), which measures nothing; `false` when they crossed the network, so the
   * sample is kept however fast it was. Undefined: unknown, judged by its implied speed.
   */
  readonly fromCache?: boolean;
  /** `init` segments are tiny and latency-bound: never sampled. Defaults to `media`. */
  readonly kind?: 'media' | 'init';
  /** True when the request was abandoned part way (its bytes so far still measure the link). */
  readonly aborted?: boolean;
}

/** Why a sample was not folded into the estimate (or `accepted`). */
export type SampleVerdict = 'accepted' | 'cache-hit' | 'init-segment' | 'too-small' | 'invalid';

/** The bandwidth estimator's state: a plain value, updated by the fold `addSample`. */
export interface EstimatorState {
  /** Fast EWMA of throughput (bits/s), before zero-factor correction. */
  readonly fastBps: number;
  /** Slow EWMA of throughput (bits/s), before zero-factor correction. */
  readonly slowBps: number;
  /** Σ weight seen by each EWMA, for the zero-factor correction: 1 − α^Σweight. */
  readonly fastWeight: number;
  readonly slowWeight: number;
  /** EWMA of time to first byte, ms; NaN until a sample carried `ttfbMs`. */
  readonly ttfbMs: number;
  readonly acceptedSamples: number;
  readonly rejectedSamples: number;
  /** Verdict on the last sample offered. */
  readonly lastVerdict: SampleVerdict | null;
  /** The previous session's estimate (bits/s), used until a sample is accepted. */
  readonly seedBandwidthBps: number | null;
  /**
   * Where the seed came from: the previous session's estimate (`seed`), or the browser's downlink
   * estimate × `startup.downlinkFactor` (`downlink`). Null without a seed. Optional for states
   * built by hand; absent reads as `seed`.
   */
  readonly seedSource?: 'seed' | 'downlink' | null;
  /**
   * How much the link varies: an EWMA of |ln(sample / estimate before it)| over accepted samples
   * (0 on a steady link; 0.3–0.6 on a 3G bus). Zero-factor corrected. 0 before two samples.
   */
  readonly variability: number;
  /** Σ weight seen by the variability EWMA. */
  readonly variabilityWeight: number;
  /**
   * The longest request the link needed lately, ms (a fade: one segment that took 20 s), decaying
   * with `fadeHalfLifeSec` of session time. 0 before any sample.
   */
  readonly longestTransferMs: number;
  /** `nowMs` of the last accepted sample (decays `longestTransferMs`); NaN before any. */
  readonly lastSampleAtMs: number;
}

/** An in-flight request, as the engine reports its progress (hls.js FRAG_PROGRESS, dash.js progress). */
export interface AbandonProgress {
  /** Rung being downloaded. */
  readonly rung: number;
  readonly bytesLoaded: number;
  /** Full size of the response; when unknown, the snapshot's size for this rung is used. */
  readonly bytesTotal?: number;
  /** Since the request started, ms. */
  readonly elapsedMs: number;
  /** Time to first byte, when the first byte has arrived. */
  readonly ttfbMs?: number;
}

/** The outcome of `shouldAbandon`. */
export interface AbandonDecision {
  readonly abandon: boolean;
  /** The rung to request instead (equals the progress' rung when not abandoning). */
  readonly toRung: number;
  readonly reason: string;
}
