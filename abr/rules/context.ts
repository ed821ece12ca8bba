import type { AbrConfig } from '../config.js';
import { estimateBps, estimateSource, expectedTtfbMs, variabilityOf } from '../estimator.js';
import type { AbrPhase, DecisionInput, Proposal, RungCaps, RungInfo } from '../types.js';

/**
 * What every rule reads: the decision input plus the few derived numbers rules share, computed
 * once per decision. Rules are plain functions `(ctx) → Proposal | null` (null: no opinion).
 */
export interface RuleContext {
  readonly input: DecisionInput;
  readonly config: AbrConfig;
  /** The phase this decision runs in (the input's, after `decide` applied seek and exit conditions). */
  readonly phase: AbrPhase;
  /** Bandwidth estimate, bits/s (≥ 0; 0 after an outage). */
  readonly estimateBps: number;
  /** Where the estimate comes from: samples, the previous session's seed, or the default. */
  readonly estimateSource: 'est' | 'seed' | 'downlink' | 'default';
  /** Expected time to first byte of the next request, seconds. */
  readonly ttfbSec: number;
  /** Rungs the caps allow, inclusive. */
  readonly minRung: number;
  readonly maxRung: number;
  /** The previous segment's rung, clamped into [minRung, maxRung]; null before the first. */
  readonly currentRung: number | null;
  readonly playbackRate: number;
  /** The link's variability (`variabilityOf`): 0 on a steady link. */
  readonly variability: number;
  /** The longest transfer the link needed lately, seconds, decayed to `input.nowMs`. */
  readonly fadeSec: number;
}

export interface Rule {
  readonly name: string;
  propose(ctx: RuleContext): Proposal | null;
}

export function createRuleContext(input: DecisionInput, config: AbrConfig, phase: AbrPhase = input.phase): RuleContext {
  const { minRung, maxRung } = allowedRungs(input.rungs, input.caps);
  const ttfbMs = input.rttMs !== undefined && Number.isFinite(input.rttMs) && input.rttMs >= 0 ? input.rttMs : expectedTtfbMs(input.estimator, config.estimator);
  const rate = input.playbackRate;
  return {
    input,
    config,
    phase,
    estimateBps: estimateBps(input.estimator, config.estimator),
    estimateSource: estimateSource(input.estimator),
    ttfbSec: ttfbMs / 1000,
    minRung,
    maxRung,
    currentRung: input.lastRung === null ? null : clamp(input.lastRung, minRung, maxRung),
    playbackRate: rate !== undefined && Number.isFinite(rate) && rate >= 0 ? rate : 1,
    variability: variabilityOf(input.estimator, config.estimator),
    fadeSec: fadeSecAt(input, config),
  };
}

function fadeSecAt(input: DecisionInput, config: AbrConfig): number {
  const { longestTransferMs, lastSampleAtMs } = input.estimator;
  if (!(longestTransferMs > 0)) return 0;
  const sinceMs = Number.isFinite(lastSampleAtMs) && input.nowMs > lastSampleAtMs ? input.nowMs - lastSampleAtMs : 0;
  return (longestTransferMs / 1000) * Math.pow(0.5, sinceMs / 1000 / config.estimator.fadeHalfLifeSec);
}

/**
 * The rung range the caps allow: [minRung, maxRung] clamped to the ladder, then the player-size
 * cap (the smallest rung whose height ≥ playerHeightPx × devicePixelRatio) and the decode cap
 * (`maxSmoothRung`) lower the top, never below minRung. Rungs of unknown height (0) never satisfy the size cap on their own.
 */
export function allowedRungs(rungs: readonly RungInfo[], caps: RungCaps | undefined): { minRung: number; maxRung: number } {
  const top = Math.max(0, rungs.length - 1);
  let maxRung = clamp(Math.floor(caps?.maxRung ?? top), 0, top);
  const minRung = Math.min(clamp(Math.ceil(caps?.minRung ?? 0), 0, top), maxRung);
  const heightPx = caps?.playerHeightPx;
  if (heightPx !== undefined && Number.isFinite(heightPx) && heightPx > 0) {
    const dpr = caps?.devicePixelRatio !== undefined && caps.devicePixelRatio > 0 ? caps.devicePixelRatio : 1;
    const neededPx = heightPx * dpr;
    const fits = rungs.findIndex((rung) => rung.height >= neededPx);
    if (fits !== -1) maxRung = Math.max(minRung, Math.min(maxRung, fits));
  }
  const smooth = caps?.maxSmoothRung;
  if (smooth !== undefined && Number.isFinite(smooth)) maxRung = Math.max(minRung, Math.min(maxRung, Math.floor(smooth)));
  return { minRung, maxRung };
}

/**
 * Why the allowed range is narrower than the ladder, e.g. `max 720p (player 540px × 2)`, or ''
 * when the caps do not bind.
 */
export function describeCaps(ctx: RuleContext): string {
  const { rungs, caps } = ctx.input;
  const top = rungs.length - 1;
  const parts: string[] = [];
  if (ctx.maxRung < top) {
    const smoothBinds = caps?.maxSmoothRung !== undefined && Math.floor(caps.maxSmoothRung) <= ctx.maxRung;
    const player = smoothBinds
      ? ` (${caps?.smoothReason ?? 'decoding'})`
      : caps?.playerHeightPx !== undefined
        ? ` (player ${caps.playerHeightPx}px × ${caps.devicePixelRatio ?? 1})`
        : '';
    parts.push(`max ${rungLabel(ctx, ctx.maxRung)}${player}`);
  }
  if (ctx.minRung > 0) parts.push(`min ${rungLabel(ctx, ctx.minRung)}`);
  return parts.join(', ');
}

/** The engine's forward-buffer goal (`bufferGoalSec`), else the config's default, seconds. */
export function bufferGoalOf(ctx: RuleContext): number {
  const goal = ctx.input.bufferGoalSec;
  return goal !== undefined && Number.isFinite(goal) && goal > 0 ? goal : ctx.config.buffer.defaultBufferGoalSec;
}

/** The horizon planner decides in this phase (`planner.enabled`, `planner.scope`). */
export function plannerActive(ctx: RuleContext): boolean {
  const { enabled, scope } = ctx.config.planner;
  return enabled && (scope === 'always' || ctx.phase === 'startup');
}

/** Bytes of the next segment at `rung`: its actual size when known, else bitrate × duration. */
export function segmentBytes(ctx: RuleContext, rung: number): number {
  const { nextSegment, rungs } = ctx.input;
  const known = nextSegment.bytesByRung?.[rung];
  if (known !== undefined && Number.isFinite(known) && known >= 0) return known;
  return ((rungs[rung]?.bitrateBps ?? 0) * nextSegment.durationSec) / 8;
}

/**
 * Predicted seconds to fetch the next segment at `rung` with `bandwidthBps`: time to first byte
 * plus transfer. Infinity when the bandwidth is 0 (an outage): never a division by zero.
 */
export function downloadSec(ctx: RuleContext, rung: number, bandwidthBps: number): number {
  const bits = segmentBytes(ctx, rung) * 8;
  if (bits <= 0) return ctx.ttfbSec;
  return bandwidthBps > 0 ? ctx.ttfbSec + bits / bandwidthBps : Number.POSITIVE_INFINITY;
}

/** The highest allowed rung whose bitrate ≤ `bandwidthBps` (minRung if none). */
export function highestRungUnder(ctx: RuleContext, bandwidthBps: number): number {
  let best = ctx.minRung;
  for (let rung = ctx.minRung; rung <= ctx.maxRung; rung++) {
    if ((ctx.input.rungs[rung]?.bitrateBps ?? Number.POSITIVE_INFINITY) <= bandwidthBps) best = rung;
  }
  return best;
}

/** `720p` when the height is known, else `rung 3`. */
export function rungLabel(ctx: RuleContext, rung: number): string {
  const height = ctx.input.rungs[rung]?.height ?? 0;
  return height > 0 ? `${height}p` : `rung ${rung}`;
}

export function formatMbps(bps: number): string {
  return `${(bps / 1e6).toFixed(bps >= 10e6 ? 0 : bps >= 1e6 ? 1 : 2)} Mbps`;
}

export function formatSec(sec: number): string {
  return Number.isFinite(sec) ? `${sec.toFixed(1)}s` : '∞';
}

export function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}
