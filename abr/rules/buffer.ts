import type { Proposal } from '../types.js';
import { downloadSec, formatMbps, formatSec, rungLabel, type Rule, type RuleContext } from './context.js';

/**
 * Buffer-based steady state: BBA's reservoir and cushion, with BOLA's log utility placing the
 * rungs in the cushion, and a hysteresis band per rung.
 *
 *  - Up-switch level of rung i: `U(i) = reservoir + cushion × ln(b_i / b_lo) / ln(b_hi / b_lo)`,
 *    b = bitrate, lo/hi the lowest and highest rung the caps allow (so U(lo) = 0 and the top rung
 *    unlocks at reservoir + cushion).
 *  - Down-switch level: `D(i) = U(i) − hysteresis`. A rung is held while the buffer stays above
 *    D(i), and also below it while the estimate sustains the rung (bitrate ≤ estimate ×
 *    sustainFactor) and the buffer is above the reservoir: a sustained rung refills the buffer by
 *    itself, so leaving it would only add switches.
 *  - Up: one rung (`maxUpStep`) when the buffer reaches its U, and, if the estimate does not
 *    sustain it, only when the buffer above its D pays for `minDwellSegments` segments of it.
 *    That is how the policy spends a full buffer on a rung above the link's rate for a long,
 *    switch-cheap stretch, instead of flapping around one threshold.
 *  - Down: to the highest lower rung that is either sustained or has D below the buffer.
 */
export const bufferRule: Rule = {
  name: 'buffer',
  propose(ctx: RuleContext): Proposal | null {
    if (ctx.phase !== 'steady') return null;
    const current = ctx.currentRung ?? ctx.minRung;
    const bufferSec = ctx.input.bufferSec;
    const { reservoirSec, maxUpStep } = ctx.config.buffer;
    const buffer = formatSec(bufferSec);
    const est = formatMbps(ctx.estimateBps);

    const sustained = isSustained(ctx, current);
    const downSec = sustained ? downThresholdSec(ctx, current) : Math.max(downThresholdSec(ctx, current), ctx.config.buffer.spendAboveSec - ctx.config.buffer.hysteresisSec);
    if (current > ctx.minRung && bufferSec < downSec && !(sustained && bufferSec >= reservoirSec)) {
      let rung = ctx.minRung;
      for (let candidate = current - 1; candidate > ctx.minRung; candidate--) {
        if (downThresholdSec(ctx, candidate) <= bufferSec || (isSustained(ctx, candidate) && bufferSec >= reservoirSec)) {
          rung = candidate;
          break;
        }
      }
      return {
        rung,
        priority: 'default',
        reason: `buffer ${buffer} < ${formatSec(downSec)} (${rungLabel(ctx, current)} down level), est ${est} → ${rungLabel(ctx, rung)}`,
      };
    }

    let up = current;
    for (let candidate = current + 1; candidate <= ctx.maxRung; candidate++) {
      if (upThresholdSec(ctx, candidate) > bufferSec) break;
      if (isSustained(ctx, candidate)) up = candidate;
      else if (candidate <= current + maxUpStep && bufferSec >= ctx.config.buffer.spendAboveSec && isSustained(ctx, current) && affordsDwell(ctx, candidate)) up = candidate;
    }
    if (up > current) {
      return {
        rung: up,
        priority: 'default',
        reason: `buffer ${buffer} ≥ ${formatSec(upThresholdSec(ctx, up))} (${rungLabel(ctx, up)} up level), est ${est} → ${rungLabel(ctx, up)}`,
      };
    }
    const nextUp = current < ctx.maxRung ? `, up at ${formatSec(upThresholdSec(ctx, current + 1))}` : '';
    return {
      rung: current,
      priority: 'default',
      reason: `buffer ${buffer} ≥ ${formatSec(Math.max(0, downSec))}${nextUp}, est ${est} → hold ${rungLabel(ctx, current)}`,
    };
  },
};

/** Buffer level at which `rung` is reached by an up-switch, seconds. */
export function upThresholdSec(ctx: RuleContext, rung: number): number {
  if (rung <= ctx.minRung) return 0;
  const { reservoirSec, cushionSec } = ctx.config.buffer;
  const rungs = ctx.input.rungs;
  const lo = rungs[ctx.minRung]?.bitrateBps ?? 0;
  const hi = rungs[ctx.maxRung]?.bitrateBps ?? 0;
  const bitrate = rungs[rung]?.bitrateBps ?? hi;
  const span = Math.log(hi / lo);
  const utility = lo > 0 && span > 0 ? Math.min(1, Math.max(0, Math.log(bitrate / lo) / span)) : 1;
  return reservoirSec + cushionSec * utility;
}

/** Buffer level under which `rung` is left (unless sustained), seconds. */
export function downThresholdSec(ctx: RuleContext, rung: number): number {
  if (rung <= ctx.minRung) return Number.NEGATIVE_INFINITY;
  return upThresholdSec(ctx, rung) - ctx.config.buffer.hysteresisSec;
}

/** The estimate sustains `rung`: its bitrate ≤ estimate × sustainFactor. */
export function isSustained(ctx: RuleContext, rung: number): boolean {
  const bitrate = ctx.input.rungs[rung]?.bitrateBps ?? Number.POSITIVE_INFINITY;
  return bitrate <= ctx.estimateBps * ctx.config.buffer.sustainFactor;
}

/** Whether the buffer above `rung`'s down level lasts `minDwellSegments` segments of it at the estimate. */
function affordsDwell(ctx: RuleContext, rung: number): boolean {
  const { nextSegment, bufferSec } = ctx.input;
  const bandwidthBps = ctx.estimateBps * ctx.config.buffer.sustainFactor;
  const drainPerSegmentSec = downloadSec(ctx, rung, bandwidthBps) * ctx.playbackRate - nextSegment.durationSec;
  if (!(drainPerSegmentSec > 0)) return true;
  return (bufferSec - downThresholdSec(ctx, rung)) / drainPerSegmentSec >= ctx.config.buffer.minDwellSegments;
}
