import type { Proposal } from '../types.js';
import { bufferGoalOf, downloadSec, plannerActive, formatMbps, formatSec, rungLabel, type Rule, type RuleContext } from './context.js';

/**
 * Buffer-based steady state, in the spirit of BBA (reservoir, cushion) and BOLA (log utility),
 * made aware of the link the way BBA-2 and BOLA-O are.
 *
 *  - Cushion: rung i unlocks at buffer `U(i) = reservoir + cushion × ln(b_i / b_lo) / ln(b_hi / b_lo)`
 *    (b = bitrate; lo / hi = the lowest / highest rung the caps allow). No up-switch to a rung
 *    before the buffer reaches its U.
 *  - A rung is *sustained* when its bitrate ≤ estimate × `sustainFactor` × endgame boost (below).
 *    Up-switches go straight to the highest unlocked sustained rung.
 *  - Hold, or drop: the current rung is held while, at the estimate, `lookaheadSegments` more of
 *    its segments keep the buffer above the reservoir (a sustained rung drains nothing, so it is
 *    always held). Otherwise it drops to the highest lower rung that passes the same test, or the
 *    lowest. This is the hysteresis: a gentle drain keeps the rung for a long time, a steep one
 *    (a fade, an estimate collapse) leaves it at once, long before the buffer is at risk; and the
 *    buffer is not sacrificed to avoid a switch.
 *  - Spend: with the buffer within `spendMarginSec` of the player's buffer goal (where the engine
 *    would wait for room and leave the link idle), one rung above a sustained current rung, if that visit keeps
 *    the buffer above the reservoir for `lookaheadSegments` + `minDwellSegments` segments. This
 *    is how a link between two rungs is used fully, by long visits upstairs that cost two switches
 *    each, instead of flapping.
 *  - Endgame: near the end of a VoD the buffer need not be carried to the last frame. With R
 *    media seconds left to fetch, a rung whose bitrate is ρ × the estimate plays out without a
 *    stall if (ρ − 1) × R ≤ buffer − keep, so the estimate is boosted by
 *    `1 + (buffer − endgameKeepSec) / R` when judging sustainability and drain.
 *
 * Why a projection and not BBA's fixed map: under QoE_lin a second of stall costs 4.3 Mbps-segments
 * while a rung step gains at most 2, so buffer is precious on a volatile link; a fixed buffer→rung
 * map parks low rungs at low buffer levels, which is exactly where a 3G fade finds them. The
 * projection keeps the buffer near the top and spends it only where it would be wasted anyway.
 */
export const bufferRule: Rule = {
  name: 'buffer',
  propose(ctx: RuleContext): Proposal | null {
    if (ctx.phase !== 'steady') return null;
    const current = ctx.currentRung ?? ctx.minRung;
    const bufferSec = ctx.input.bufferSec;
    const { lookaheadSegments, minDwellSegments } = ctx.config.buffer;
    const reservoirSec = reservoirOf(ctx);
    const spendAboveSec = spendLevelSec(ctx);
    const buffer = formatSec(bufferSec);
    const link = `est ${formatMbps(ctx.estimateBps)}`;

    if (current > ctx.minRung && !holdsFor(ctx, current, lookaheadSegments)) {
      let rung = ctx.minRung;
      for (let candidate = current - 1; candidate > ctx.minRung; candidate--) {
        if (holdsFor(ctx, candidate, lookaheadSegments)) {
          rung = candidate;
          break;
        }
      }
      return {
        rung,
        priority: 'default',
        reason: `buffer ${buffer} would fall under ${formatSec(reservoirSec)} within ${lookaheadSegments} segments of ${rungLabel(ctx, current)} (${link}) → ${rungLabel(ctx, rung)}`,
      };
    }

    if (plannerActive(ctx)) return null; // the planner picks; this rule only drops

    let up = current;
    let spending = false;
    for (let candidate = current + 1; candidate <= ctx.maxRung; candidate++) {
      if (upThresholdSec(ctx, candidate) > bufferSec) break;
      if (isSustained(ctx, candidate)) {
        up = candidate;
        spending = false;
      } else if (
        candidate === current + 1 &&
        bufferSec >= spendAboveSec &&
        isSustained(ctx, current) &&
        holdsFor(ctx, candidate, lookaheadSegments + minDwellSegments)
      ) {
        up = candidate;
        spending = true;
      }
    }
    if (up > current) {
      const why = spending ? `≥ ${formatSec(spendAboveSec)}, spend it on` : `≥ ${formatSec(upThresholdSec(ctx, up))}, ${link} sustains`;
      return { rung: up, priority: 'default', reason: `buffer ${buffer} ${why} ${rungLabel(ctx, up)}` };
    }
    return { rung: current, priority: 'default', reason: `buffer ${buffer}, ${link} → hold ${rungLabel(ctx, current)}` };
  },
};

/**
 * The reservoir this link needs: `reservoirSec`, grown after a deep fade (a request that took at
 * least `fadeMinSec`, `RuleContext.fadeSec`) to that transfer × `fadeFactor`: a fade that held one
 * request for 14 s asks for 28 s of buffer before the buffer rule unlocks anything above the
 * lowest rung, and makes a rung that would drain under it leave sooner. Never so high that the
 * top rung could not unlock below the spend level (buffer goal − spend margin − cushion): with a
 * 30 s goal the reservoir stays at most 18 s; hls.js (minutes at low bitrates) and dash.js and
 * shaka under vod-player's ABR (60 s) leave room for the whole margin.
 */
export function reservoirOf(ctx: RuleContext): number {
  const { reservoirSec, cushionSec, fadeFactor, fadeMinSec } = ctx.config.buffer;
  const fadeSec = ctx.fadeSec >= fadeMinSec ? ctx.fadeSec : 0;
  const grown = Math.max(reservoirSec, fadeSec * fadeFactor);
  const ceiling = Math.max(reservoirSec, spendLevelSec(ctx) - cushionSec);
  return Math.min(grown, ceiling);
}

/** Buffer level from which a sustained rung's upper neighbour may be visited: buffer goal − spend margin. */
export function spendLevelSec(ctx: RuleContext): number {
  return bufferGoalOf(ctx) - ctx.config.buffer.spendMarginSec;
}

/** Buffer level at which `rung` unlocks for an up-switch, seconds (0 for the lowest allowed rung). */
export function upThresholdSec(ctx: RuleContext, rung: number): number {
  if (rung <= ctx.minRung) return 0;
  const { cushionSec } = ctx.config.buffer;
  const reservoirSec = reservoirOf(ctx);
  const rungs = ctx.input.rungs;
  const lo = rungs[ctx.minRung]?.bitrateBps ?? 0;
  const hi = rungs[ctx.maxRung]?.bitrateBps ?? 0;
  const bitrate = rungs[rung]?.bitrateBps ?? hi;
  const span = Math.log(hi / lo);
  const utility = lo > 0 && span > 0 ? Math.min(1, Math.max(0, Math.log(bitrate / lo) / span)) : 1;
  return reservoirSec + cushionSec * utility;
}

/**
 * The bandwidth the steady state plans with: estimate × sustainFactor × endgame boost, where the
 * boost is `1 + (buffer − endgameKeepSec) / mediaRemainingSec` (≥ 1; 1 when the remaining media
 * is unknown).
 */
export function planningBps(ctx: RuleContext): number {
  const { sustainFactor, endgameKeepSec } = ctx.config.buffer;
  const remainingSec = ctx.input.mediaRemainingSec;
  const spendableSec = ctx.input.bufferSec - endgameKeepSec;
  const boost = remainingSec !== undefined && remainingSec > 0 && spendableSec > 0 ? 1 + spendableSec / remainingSec : 1;
  return ctx.estimateBps * sustainFactor * boost;
}

/** The planning bandwidth sustains `rung`. */
export function isSustained(ctx: RuleContext, rung: number): boolean {
  const bitrate = ctx.input.rungs[rung]?.bitrateBps ?? Number.POSITIVE_INFINITY;
  return bitrate <= planningBps(ctx);
}

/** Buffer seconds one more segment of `rung` costs at the planning bandwidth (0 if it refills). */
export function drainPerSegmentSec(ctx: RuleContext, rung: number): number {
  const seconds = downloadSec(ctx, rung, planningBps(ctx)) * ctx.playbackRate - ctx.input.nextSegment.durationSec;
  return seconds > 0 ? seconds : 0;
}

/**
 * `segments` more segments of `rung` keep the buffer at or above the reservoir (or, already
 * under it, do not lower it).
 */
export function holdsFor(ctx: RuleContext, rung: number, segments: number): boolean {
  const drainSec = drainPerSegmentSec(ctx, rung);
  if (drainSec <= 0) return true;
  return ctx.input.bufferSec - segments * drainSec >= reservoirOf(ctx);
}
