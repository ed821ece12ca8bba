import type { Proposal } from '../types.js';
import { downloadSec, formatMbps, formatSec, highestRungUnder, plannerActive, rungLabel, type Rule, type RuleContext } from './context.js';

/**
 * Startup: ramp by throughput, because an almost empty buffer says nothing about the link.
 *
 *  - Nothing buffered (first segment, after a seek or flush): the highest rung whose segment is
 *    predicted to arrive within `startup.firstSegmentMaxSec` at estimate × `bandwidthFactor`.
 *    Every second spent here is startup delay. The estimate is the previous session's seed for a
 *    returning viewer, the default (500 kbps → the lowest rung) for a new one, and the live
 *    estimate after a seek.
 *  - Otherwise: the highest rung whose bitrate ≤ estimate × `bandwidthFactor`, jumping as many
 *    rungs as that allows (hls.js's slow start and "stuck low after startup" are what this avoids).
 *    The download-time rule still caps it by the buffer, so the ramp does not stall.
 *
 * `decide` leaves startup for the buffer rule once the buffer reaches the up-switch level of the
 * rung startup holds, so the hand-over never forces a down-switch.
 */
export const startupRule: Rule = {
  name: 'startup',
  propose(ctx: RuleContext): Proposal | null {
    if (ctx.phase !== 'startup') return null;
    const { bufferSec, nextSegment } = ctx.input;
    const { bandwidthFactor, firstSegmentMaxSec } = ctx.config.startup;
    const bandwidthBps = ctx.estimateBps * bandwidthFactor;
    const estimate = `${ctx.estimateSource} ${formatMbps(ctx.estimateBps)} × ${bandwidthFactor}`;
    if (isBufferEmpty(bufferSec, nextSegment.durationSec)) {
      let rung = ctx.minRung;
      for (let candidate = ctx.minRung + 1; candidate <= ctx.maxRung; candidate++) {
        if (downloadSec(ctx, candidate, bandwidthBps) <= firstSegmentMaxSec) rung = candidate;
      }
      const seconds = downloadSec(ctx, rung, bandwidthBps);
      const budget = formatSec(firstSegmentMaxSec);
      const reason =
        seconds <= firstSegmentMaxSec
          ? `startup: empty buffer, ${estimate} → ${rungLabel(ctx, rung)} in ${formatSec(seconds)} (≤ ${budget})`
          : `startup: empty buffer, ${estimate}: none arrives within ${budget} → ${rungLabel(ctx, rung)} (${formatSec(seconds)})`;
      return { rung, priority: 'default', reason };
    }
    if (plannerActive(ctx)) return null; // with something buffered, the planner ramps
    const rung = highestRungUnder(ctx, bandwidthBps);
    return { rung, priority: 'default', reason: `startup: ${estimate} → ${rungLabel(ctx, rung)}` };
  },
};

/** Less than half a segment buffered: nothing is playing from the buffer yet (or it just ran dry). */
export function isBufferEmpty(bufferSec: number, segmentDurationSec: number): boolean {
  return !(bufferSec >= segmentDurationSec / 2);
}
