import type { Proposal } from '../types.js';
import { downloadSec, formatMbps, formatSec, rungLabel, type Rule, type RuleContext } from './context.js';
import { isBufferEmpty } from './startup.js';

/**
 * Never start a download that cannot finish before the buffer runs dry: a cap, not a target.
 * Proposes the highest rung whose next segment (its actual bytes when known, else bitrate ×
 * duration) is predicted to arrive, at estimate × `downloadTime.bandwidthFactor` plus the time to
 * first byte, while at least `marginSec` of buffer is left; the lowest rung when none fits
 * (including an outage, estimate 0). Silent when nothing is blocked.
 *
 * In startup with nothing buffered there is no playback to protect (the wait is startup delay,
 * which the startup rule budgets), so the rule stays out of it; in steady state an empty buffer
 * means a stall is under way, and the smallest segment ends it soonest.
 */
export const downloadTimeRule: Rule = {
  name: 'download-time',
  propose(ctx: RuleContext): Proposal | null {
    const { bufferSec, nextSegment } = ctx.input;
    if (ctx.phase === 'startup' && isBufferEmpty(bufferSec, nextSegment.durationSec)) return null;
    if (ctx.playbackRate === 0) return null;
    const { bandwidthFactor, marginSec } = ctx.config.downloadTime;
    const bandwidthBps = ctx.estimateBps * bandwidthFactor;
    const budgetSec = Math.max(0, bufferSec) / ctx.playbackRate - marginSec;
    let rung = ctx.minRung;
    for (let candidate = ctx.minRung + 1; candidate <= ctx.maxRung; candidate++) {
      if (downloadSec(ctx, candidate, bandwidthBps) <= budgetSec) rung = candidate;
    }
    if (rung === ctx.maxRung) return null;
    const blocked = rung + 1;
    return {
      rung,
      priority: 'default',
      reason:
        `download-time: ${rungLabel(ctx, blocked)} needs ${formatSec(downloadSec(ctx, blocked, bandwidthBps))} at ` +
        `${formatMbps(ctx.estimateBps)} × ${bandwidthFactor} > buffer ${formatSec(bufferSec)} − ${formatSec(marginSec)} → ${rungLabel(ctx, rung)}`,
    };
  },
};
