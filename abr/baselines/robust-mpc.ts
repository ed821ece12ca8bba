import type { SimPolicy } from '../policy.js';
import { allowedRungs } from '../rules/context.js';
import type { PlayerSnapshot, RungInfo } from '../types.js';

/**
 * Baseline: RobustMPC (Yin et al., "A Control-Theoretic Approach for Dynamic Adaptive Video
 * Streaming over HTTP", SIGCOMM 2015), as Pensieve implements it (Mao et al., SIGCOMM 2017:
 * `rl_server/robust_mpc_server.py`, `sim/mpc.py`), the usual reference for this baseline.
 *
 *  - Throughput of each request: bytes × 8 / the whole request time, latency included (Pensieve's
 *    `video_chunk_size / delay`). Abandoned requests are not sampled (this policy never abandons).
 *  - Prediction: harmonic mean of the last `window` (5) throughputs, divided by
 *    1 + the largest relative error |prediction − actual| / actual of the last `window` predictions
 *    (the "robust" discount; the error is taken on the undiscounted harmonic mean, as Pensieve's
 *    `past_bandwidth_ests`). The first error is 0.
 *  - Plan: every rung sequence over the next `horizon` (5) segments, fewer near the end of the
 *    media (`mediaRemainingSec`), scored with QoE_lin:
 *        Σ R_k − μ · Σ rebuffer_k − λ · Σ |R_k − R_{k−1}|,   μ = 4.3, λ = 1, R in Mbps,
 *    with Pensieve's buffer model: download_k = bytes_k × 8 / prediction (no separate latency term,
 *    the measured throughput already carries it), rebuffer_k = max(download_k − buffer, 0),
 *    buffer' = max(buffer − download_k, 0) + segment duration (no buffer cap). Bytes: the next
 *    segment's real bytes when the snapshot has them, bitrate × duration for the later ones (only
 *    the next segment's size is known here; Pensieve reads every future chunk's size).
 *  - The first rung of the best sequence is applied; ties keep the first sequence in
 *    lexicographic order (lower rungs first, Pensieve's strict `>` over `itertools.product`).
 *  - Before the first sample: `startRung`, default 1 (the second-lowest, Pensieve `sim/mpc.py`
 *    DEFAULT_QUALITY = 1), also the previous rung of the first plan's switch term.
 *
 * R_k is the rung's `qoeBitrateBps` (the simulator's ladder: nominal video bitrate, what QoE_lin
 * credits) when the rung object carries one, else its all-in `bitrateBps`.
 *
 * Search: depth-first over the sequences in lexicographic order with prefix sums shared along
 * the tree and a bound (what is accumulated + the top rung's R for every remaining segment, no
 * rebuffer, no switch) that prunes subtrees that cannot beat the best so far: exact, and 5⁵
 * sequences cost far less than 5⁵ × 5 step evaluations.
 */
export interface RobustMpcOptions {
  /** Segments planned ahead. Defaults to 5 (Pensieve MPC_FUTURE_CHUNK_COUNT); at most 8. */
  readonly horizon?: number;
  /** Requests in the harmonic mean and past predictions in the error window. Defaults to 5. */
  readonly window?: number;
  /** Rung before any sample. Defaults to 1 (Pensieve DEFAULT_QUALITY), clamped to the ladder. */
  readonly startRung?: number;
  /** μ, QoE per second of rebuffering. Defaults to 4.3. */
  readonly rebufferPenaltyPerSec?: number;
  /** λ, QoE per Mbps of bitrate change. Defaults to 1. */
  readonly switchPenaltyPerMbps?: number;
  /** Apply the 1 + max error discount. Defaults to true; false is plain MPC on the harmonic mean. */
  readonly robust?: boolean;
  /** Defaults to `robust-mpc` (`mpc` when not robust). */
  readonly name?: string;
}

/** The largest horizon accepted: 5⁸ = 390 625 sequences per decision is already slow. */
export const ROBUST_MPC_MAX_HORIZON = 8;

/** One plan's outcome: the rungs and QoE_lin of the best sequence. */
export interface MpcPlan {
  readonly rungs: readonly number[];
  readonly qoe: number;
}

export interface MpcPlanInput {
  readonly bufferSec: number;
  /** Rung of the segment before the plan (the switch term of its first step). */
  readonly lastRung: number;
  /** Seconds each rung's segment takes to download at step 0, and at every later step. */
  readonly firstDownloadSec: ArrayLike<number>;
  readonly laterDownloadSec: ArrayLike<number>;
  /** R per rung, Mbps. */
  readonly mbps: ArrayLike<number>;
  readonly segmentDurationSec: number;
  readonly steps: number;
  readonly minRung: number;
  readonly maxRung: number;
  readonly rebufferPenaltyPerSec: number;
  readonly switchPenaltyPerMbps: number;
  /** Media seconds per wall second. Defaults to 1. */
  readonly playbackRate?: number;
}

/** The best rung sequence under MPC's model (exhaustive, pruned; ties → lexicographically first). */
export function planMpc(input: MpcPlanInput): MpcPlan {
  const steps = input.steps;
  const rate = input.playbackRate ?? 1;
  const mu = input.rebufferPenaltyPerSec;
  const lambda = input.switchPenaltyPerMbps;
  const { minRung, maxRung, mbps } = input;
  let topMbps = Number.NEGATIVE_INFINITY;
  for (let r = minRung; r <= maxRung; r++) topMbps = Math.max(topMbps, mbps[r]!);
  const path = new Int32Array(steps);
  const best = new Int32Array(steps);
  let bestQoe = Number.NEGATIVE_INFINITY;
  // Slack on the bound so that float rounding never prunes a sequence that would win.
  const slack = 1e-9;

  const visit = (depth: number, buffer: number, previous: number, bitrateSum: number, rebufferSec: number, smooth: number): void => {
    const dl = depth === 0 ? input.firstDownloadSec : input.laterDownloadSec;
    for (let r = minRung; r <= maxRung; r++) {
      const downloadSec = dl[r]!;
      const drain = downloadSec * rate;
      let rebuffer = rebufferSec;
      let next: number;
      if (buffer < drain) {
        rebuffer += (drain - buffer) / rate;
        next = input.segmentDurationSec;
      } else {
        next = buffer - drain + input.segmentDurationSec;
      }
      const sum = bitrateSum + mbps[r]!;
      const diff = smooth + Math.abs(mbps[r]! - mbps[previous]!);
      path[depth] = r;
      if (depth === steps - 1) {
        const qoe = sum - mu * rebuffer - lambda * diff;
        if (qoe > bestQoe) {
          bestQoe = qoe;
          best.set(path);
        }
      } else {
        const bound = sum + (steps - 1 - depth) * topMbps - mu * rebuffer - lambda * diff;
        if (bound + slack > bestQoe) visit(depth + 1, next, r, sum, rebuffer, diff);
      }
    }
  };
  visit(0, Math.max(0, input.bufferSec), input.lastRung, 0, 0, 0);
  return { rungs: Array.from(best), qoe: bestQoe };
}

/** R of a rung, Mbps: the simulator ladder's `qoeBitrateBps` when present, else the all-in bitrate. */
export function qoeMbps(rung: RungInfo): number {
  const qoe = 'qoeBitrateBps' in rung ? (rung as RungInfo & { qoeBitrateBps: unknown }).qoeBitrateBps : undefined;
  return (typeof qoe === 'number' && Number.isFinite(qoe) ? qoe : rung.bitrateBps) / 1e6;
}

/** Segments left including the next one, from `mediaRemainingSec`; Infinity when unknown. */
export function segmentsLeft(snapshot: PlayerSnapshot): number {
  const remaining = snapshot.mediaRemainingSec;
  const duration = snapshot.nextSegment.durationSec;
  if (remaining === undefined || !(duration > 0)) return Number.POSITIVE_INFINITY;
  return Math.max(1, Math.round(remaining / duration));
}

/** Bytes of the next segment at a rung: the snapshot's real bytes, else bitrate × duration. */
export function nextSegmentBytes(snapshot: PlayerSnapshot, rung: number): number {
  const real = snapshot.nextSegment.bytesByRung?.[rung];
  if (real !== undefined && Number.isFinite(real) && real > 0) return real;
  return (snapshot.rungs[rung]!.bitrateBps * snapshot.nextSegment.durationSec) / 8;
}

export function robustMpcPolicy(options: RobustMpcOptions = {}): SimPolicy {
  const horizon = Math.floor(options.horizon ?? 5);
  if (!(horizon >= 1 && horizon <= ROBUST_MPC_MAX_HORIZON)) throw new RangeError(`horizon must be 1–${ROBUST_MPC_MAX_HORIZON}, got ${options.horizon}`);
  const window = Math.max(1, Math.floor(options.window ?? 5));
  const startRung = options.startRung ?? 1;
  const mu = options.rebufferPenaltyPerSec ?? 4.3;
  const lambda = options.switchPenaltyPerMbps ?? 1;
  const robust = options.robust ?? true;
  const name = options.name ?? (robust ? 'robust-mpc' : 'mpc');

  // State, changed only by onDownloaded.
  const throughputsBps: number[] = [];
  const errors: number[] = [];
  /** The undiscounted harmonic mean after the last sample: the prediction the next sample is judged by. */
  let harmonicBps: number | null = null;

  return {
    name,
    decide(snapshot) {
      const { minRung, maxRung } = allowedRungs(snapshot.rungs, snapshot.caps);
      const clampRung = (rung: number): number => Math.min(maxRung, Math.max(minRung, Math.round(rung)));
      if (harmonicBps === null) {
        const rung = clampRung(startRung);
        return { rung, rule: name, reason: `${name}: no sample yet → rung ${rung} (default)` };
      }
      const maxError = robust ? Math.max(0, ...errors) : 0;
      const predictedBps = harmonicBps / (1 + maxError);
      const rungCount = snapshot.rungs.length;
      const durationSec = snapshot.nextSegment.durationSec;
      const first = new Float64Array(rungCount);
      const later = new Float64Array(rungCount);
      const mbps = new Float64Array(rungCount);
      for (let r = 0; r < rungCount; r++) {
        first[r] = (nextSegmentBytes(snapshot, r) * 8) / predictedBps;
        later[r] = (snapshot.rungs[r]!.bitrateBps * durationSec) / predictedBps;
        mbps[r] = qoeMbps(snapshot.rungs[r]!);
      }
      const steps = Math.min(horizon, segmentsLeft(snapshot));
      const plan = planMpc({
        bufferSec: snapshot.bufferSec,
        lastRung: clampRung(snapshot.lastRung ?? startRung),
        firstDownloadSec: first,
        laterDownloadSec: later,
        mbps,
        segmentDurationSec: durationSec,
        steps,
        minRung,
        maxRung,
        rebufferPenaltyPerSec: mu,
        switchPenaltyPerMbps: lambda,
        playbackRate: snapshot.playbackRate ?? 1,
      });
      const rung = plan.rungs[0]!;
      const discount = robust ? ` / (1 + ${maxError.toFixed(2)})` : '';
      return {
        rung,
        rule: name,
        reason:
          `${name}: hm ${(harmonicBps / 1e6).toFixed(2)} Mbps${discount} = ${(predictedBps / 1e6).toFixed(2)} Mbps, ` +
          `buffer ${snapshot.bufferSec.toFixed(1)}s → plan [${plan.rungs.join(',')}] (QoE ${plan.qoe.toFixed(2)}) → rung ${rung}`,
      };
    },
    onDownloaded(sample) {
      if (sample.aborted === true || !(sample.durationMs > 0) || !(sample.bytes > 0)) return;
      const bps = (sample.bytes * 8) / (sample.durationMs / 1000);
      errors.push(harmonicBps === null ? 0 : Math.abs(harmonicBps - bps) / bps);
      if (errors.length > window) errors.shift();
      throughputsBps.push(bps);
      if (throughputsBps.length > window) throughputsBps.shift();
      harmonicBps = throughputsBps.length / throughputsBps.reduce((sum, value) => sum + 1 / value, 0);
    },
  };
}
