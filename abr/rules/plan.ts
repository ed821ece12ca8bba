import type { Proposal } from '../types.js';
import { bufferGoalOf, formatMbps, formatSec, plannerActive, rungLabel, segmentBytes, type Rule, type RuleContext } from './context.js';
import { holdsFor } from './buffer.js';
import { isBufferEmpty } from './startup.js';

/**
 * The horizon planner (MPC / SODA style): with something buffered, the rung whose best plan over
 * the next `planner.horizonSegments` segments scores highest.
 *
 * A plan is a monotonic sequence of rungs (non-decreasing or non-increasing, SODA's restriction:
 * a plan that goes up and down again is never the best first step, and the search shrinks from
 * rungs^H to a few hundred). Each plan is played forward on the planning bandwidth
 * (`bandwidthBps(ctx)`: the estimate discounted by the variability the link has shown), with the
 * next segment's real bytes per rung (the ladder's sizes, else bitrate × duration), the time to
 * first byte, the buffer cap (`bufferGoalSec`: a request waits for room, the player does not
 * stall) and the playback rate. It scores QoE_lin as the simulator does:
 *
 *   Σ bitrate (Mbps) − rebufferPenaltyPerSec × stall s − switchPenaltyPerMbps × |Δ bitrate|
 *   − terminalPenaltyPerSec × max(0, target − buffer at the end)
 *
 * The last term is what a short horizon misses (MPC's myopia): a plan that spends the buffer
 * within the horizon looks free. The target (`targetBufferSec`) grows with the link's variability
 * and with the longest transfer the link has needed (a fade of 20 s asks for 20 s of buffer
 * before climbing), and never exceeds what the engine will buffer.
 *
 * Silent with an empty buffer (the startup rule owns the first segment, where every second is
 * startup delay) and while paused. The buffer rule's drop test and the download-time cap remain
 * as the safety net: they only ever lower what the planner asks for.
 */
export const planRule: Rule = {
  name: 'plan',
  propose(ctx: RuleContext): Proposal | null {
    const { bufferSec, nextSegment } = ctx.input;
    if (!plannerActive(ctx)) return null;
    if (isBufferEmpty(bufferSec, nextSegment.durationSec)) return null;
    if (ctx.playbackRate === 0) return null;
    const plan = bestPlan(ctx);
    const first = plan.rungs[0] ?? ctx.minRung;
    const seq = plan.rungs.map((rung) => rungLabel(ctx, rung)).join('→');
    return {
      rung: first,
      priority: 'default',
      reason:
        `plan: buffer ${formatSec(bufferSec)}, target ${formatSec(plan.targetSec)}, plan at ${formatMbps(plan.bandwidthBps)} ` +
        `(est ${formatMbps(ctx.estimateBps)}) → ${seq}, ends at ${formatSec(plan.endBufferSec)}${plan.stallSec > 0 ? `, stalls ${formatSec(plan.stallSec)}` : ''}`,
    };
  },
};

export interface Plan {
  readonly rungs: readonly number[];
  readonly score: number;
  readonly stallSec: number;
  readonly endBufferSec: number;
  readonly bandwidthBps: number;
  readonly targetSec: number;
}

/**
 * Buffer the plan should leave behind: `planner.bufferTargetSec`, raised to the longest transfer
 * the link needed lately × `fadeFactor` and by `variabilityTargetSec` per unit of throughput
 * variability, capped at the buffer goal − one segment (the engine stops fetching there).
 * Near the end of the media, no more than what remains to fetch is worth keeping.
 */
export function targetBufferSec(ctx: RuleContext): number {
  const p = ctx.config.planner;
  let target = Math.max(p.bufferTargetSec, ctx.fadeSec * p.fadeFactor) + p.variabilityTargetSec * ctx.variability;
  const ceiling = bufferGoalOf(ctx) - ctx.input.nextSegment.durationSec;
  target = Math.min(target, ceiling);
  const remaining = ctx.input.mediaRemainingSec;
  if (remaining !== undefined && Number.isFinite(remaining) && remaining >= 0) target = Math.min(target, remaining);
  return Math.max(0, target);
}

/** Bandwidth the planner plays plans on: estimate × `bandwidthFactor` / (1 + variability). */
export function planBandwidthBps(ctx: RuleContext): number {
  return (ctx.estimateBps * ctx.config.planner.bandwidthFactor) / (1 + ctx.config.planner.variabilityDiscount * ctx.variability);
}

/** The best monotonic plan (see `planRule`). Ties go to the lower first rung. */
export function bestPlan(ctx: RuleContext): Plan {
  const p = ctx.config.planner;
  const horizon = Math.max(1, p.horizonSegments);
  const bandwidthBps = planBandwidthBps(ctx);
  const targetSec = targetBufferSec(ctx);
  const goalSec = bufferGoalOf(ctx);
  const durationSec = ctx.input.nextSegment.durationSec;
  const rate = ctx.playbackRate;
  const remaining = ctx.input.mediaRemainingSec;
  const steps = remaining !== undefined && Number.isFinite(remaining) && remaining > 0 && durationSec > 0 ? Math.max(1, Math.min(horizon, Math.ceil(remaining / durationSec - 1e-9))) : horizon;
  const mbps: number[] = [];
  const fetchSec: number[] = [];
  for (let rung = 0; rung < ctx.input.rungs.length; rung++) {
    mbps.push((ctx.input.rungs[rung]?.bitrateBps ?? 0) / 1e6);
    const bits = segmentBytes(ctx, rung) * 8;
    fetchSec.push(bandwidthBps > 0 ? ctx.ttfbSec + bits / bandwidthBps : Number.POSITIVE_INFINITY);
  }
  const current = ctx.currentRung;
  // The safety net inside the plan: in steady state, a rung above the current one is a candidate
  // only if the buffer rule would hold it (its drain keeps the reservoir for the lookahead).
  const guard = ctx.phase === 'steady' && ctx.config.planner.holdGuard;
  const allowedFirst = (rung: number): boolean => !guard || current === null || rung <= current || holdsFor(ctx, rung, ctx.config.buffer.lookaheadSegments);
  const seq = new Array<number>(steps).fill(ctx.minRung);
  let best: Plan | null = null;

  const score = (): void => {
    let buffer = ctx.input.bufferSec;
    let value = 0;
    let stall = 0;
    let previous = current;
    for (const rung of seq) {
      const wait = buffer + durationSec - goalSec;
      if (wait > 0) buffer -= Math.min(wait, buffer);
      const dl = fetchSec[rung]!;
      const drain = dl * rate;
      if (drain > buffer) {
        stall += Number.isFinite(dl) ? (drain - buffer) / rate : 1e6;
        buffer = 0;
      } else buffer -= drain;
      buffer += durationSec;
      value += mbps[rung]!;
      if (previous !== null) value -= p.switchPenaltyPerMbps * Math.abs(mbps[rung]! - mbps[previous]!);
      previous = rung;
    }
    value -= p.rebufferPenaltyPerSec * stall;
    value -= p.terminalPenaltyPerSec * Math.max(0, targetSec - buffer);
    if (best === null || value > best.score + 1e-9) best = { rungs: [...seq], score: value, stallSec: stall, endBufferSec: buffer, bandwidthBps, targetSec };
  };

  // Non-decreasing plans, then non-increasing ones (constant plans are scored once).
  const walk = (k: number, direction: 1 | -1): void => {
    if (k === steps) {
      score();
      return;
    }
    const from = k === 0 ? ctx.minRung : direction === 1 ? seq[k - 1]! : ctx.minRung;
    const to = k === 0 ? ctx.maxRung : direction === 1 ? ctx.maxRung : seq[k - 1]!;
    for (let rung = from; rung <= to; rung++) {
      if (k === 0 && !allowedFirst(rung)) continue;
      seq[k] = rung;
      walk(k + 1, direction);
    }
  };
  walk(0, 1);
  walk(0, -1);
  return best ?? { rungs: [ctx.minRung], score: 0, stallSec: 0, endBufferSec: ctx.input.bufferSec, bandwidthBps, targetSec };
}
