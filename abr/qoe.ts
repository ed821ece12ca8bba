/**
 * QoE as in MPC (Yin et al., SIGCOMM 2015) and Pensieve (Mao et al., SIGCOMM 2017), the linear form:
 *
 *   QoE_lin = Σ_k R_k − μ · rebuffer_s − Σ_k |R_k − R_{k−1}|,   μ = 4.3, R in Mbps per segment
 *
 * R_k is the nominal video bitrate of segment k's rung (`SimRung.qoeBitrateBps`). The first segment
 * has no switch term.
 *
 * Startup delay counts as rebuffering by default, as in Pensieve's simulator (its first chunk's
 * download time is charged as rebuffer): a policy that starts high pays for the wait. It is still
 * reported apart (`startupSec`), and stalls after startup are `stallSec` / `stallCount`.
 */

export interface QoeWeights {
  /** μ, QoE per second of rebuffering. Defaults to 4.3 (MPC / Pensieve for this bitrate range). */
  readonly rebufferPenaltyPerSec: number;
  /** QoE per Mbps of |R_k − R_{k−1}|. Defaults to 1. */
  readonly switchPenaltyPerMbps: number;
  /** Charge the startup delay as rebuffering. Defaults to true (Pensieve). */
  readonly startupCountsAsRebuffer: boolean;
}

export const DEFAULT_QOE_WEIGHTS: QoeWeights = Object.freeze({
  rebufferPenaltyPerSec: 4.3,
  switchPenaltyPerMbps: 1,
  startupCountsAsRebuffer: true,
});

export interface QoeInput {
  /** Bitrate credited for each played segment, bits/s, in play order. */
  readonly segmentBitratesBps: readonly number[];
  /** Seconds stalled after playback started. */
  readonly stallSec: number;
  readonly stallCount: number;
  /** Seconds from the first request to the start of playback. */
  readonly startupSec: number;
  /** Media seconds played. */
  readonly mediaSec: number;
}

export interface QoeReport {
  /** QoE_lin. */
  readonly qoe: number;
  /** Σ R_k (Mbps · segments). */
  readonly bitrateUtility: number;
  /** μ × the rebuffer seconds QoE charges. */
  readonly rebufferPenalty: number;
  /** Σ |R_k − R_{k−1}| × the switch weight. */
  readonly switchPenalty: number;
  readonly segments: number;
  /** Mean R_k, Mbps. */
  readonly avgBitrateMbps: number;
  readonly stallSec: number;
  readonly stallCount: number;
  readonly startupSec: number;
  /** Stall seconds / (stall seconds + media seconds): startup excluded. */
  readonly rebufferRatio: number;
  /** Number of k with R_k ≠ R_{k−1}. */
  readonly switches: number;
}

export function computeQoe(input: QoeInput, weights: QoeWeights = DEFAULT_QOE_WEIGHTS): QoeReport {
  let utility = 0;
  let smooth = 0;
  let switches = 0;
  let previous: number | null = null;
  for (const bps of input.segmentBitratesBps) {
    const mbps = bps / 1e6;
    utility += mbps;
    if (previous !== null && mbps !== previous) {
      smooth += Math.abs(mbps - previous);
      switches++;
    }
    previous = mbps;
  }
  const chargedSec = input.stallSec + (weights.startupCountsAsRebuffer ? input.startupSec : 0);
  const rebufferPenalty = weights.rebufferPenaltyPerSec * chargedSec;
  const switchPenalty = weights.switchPenaltyPerMbps * smooth;
  const segments = input.segmentBitratesBps.length;
  const watchedSec = input.stallSec + input.mediaSec;
  return {
    qoe: utility - rebufferPenalty - switchPenalty,
    bitrateUtility: utility,
    rebufferPenalty,
    switchPenalty,
    segments,
    avgBitrateMbps: segments > 0 ? utility / segments : 0,
    stallSec: input.stallSec,
    stallCount: input.stallCount,
    startupSec: input.startupSec,
    rebufferRatio: watchedSec > 0 ? input.stallSec / watchedSec : 0,
    switches,
  };
}

/**
 * A policy's QoE as a fraction of the offline optimum's, defined for any sign:
 *
 *   ratio = 1 − (optimum − qoe) / max(|optimum|, floor)
 *
 * For a positive optimum this is qoe / optimum. When the optimum itself is negative (a trace too
 * slow for the lowest rung, where rebuffering is unavoidable), it is 1 minus the QoE lost relative
 * to the size of the optimum, so −110 against −100 reads 0.9, not 1.1. `floor` (default 1: one
 * Mbps-segment) keeps an optimum near 0 from blowing the ratio up.
 */
export function fractionOfOptimum(qoe: number, optimum: number, floor = 1): number {
  return 1 - (optimum - qoe) / Math.max(Math.abs(optimum), floor);
}
