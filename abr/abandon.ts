import { DEFAULT_ABR_CONFIG, type AbrConfig } from './config.js';
import { createRuleContext, formatMbps, formatSec, rungLabel, segmentBytes } from './rules/context.js';
import type { AbandonDecision, AbandonProgress, DecisionInput } from './types.js';

/**
 * Whether to abandon the in-flight segment and fetch it again at a lower rung (hls.js
 * `_abandonRulesCheck`, dash.js `AbandonRequestsRule`): the answer to "a big segment was started
 * and then the bandwidth dropped".
 *
 * The link rate is the request's own progress (bytes so far over the time since its first byte;
 * 0 while the first byte has not come), the freshest evidence there is. Finishing the current
 * request would stall when its remaining bytes take longer than the buffer lasts. Then:
 *  - abandon to the highest lower rung whose whole segment arrives before the buffer runs dry, if
 *    it is also faster than finishing by `gainFactor`;
 *  - else abandon to the lowest rung if that still beats finishing by `gainFactor` (during an
 *    outage, when nothing arrives, rungs are compared by the bits they still need);
 *  - else keep going: what is loaded is worth more than starting over.
 * Only in an emergency: never with more than `maxBufferSec` buffered (a slow moment with a deep
 * buffer is left to finish, and the next decision sees the lower estimate), never before
 * `minElapsedMs`, never for a projected stall under `minStallSec`, never from the lowest allowed
 * rung, and never while paused (playbackRate 0).
 *
 * `context` is the snapshot at the time of the progress event; `context.nextSegment` describes the
 * segment in flight.
 */
export function shouldAbandon(progress: AbandonProgress, context: DecisionInput, config: AbrConfig = DEFAULT_ABR_CONFIG): AbandonDecision {
  const keep = (reason: string): AbandonDecision => ({ abandon: false, toRung: progress.rung, reason });
  const { enabled, minElapsedMs, minStallSec, gainFactor } = config.abandon;
  if (!enabled) return keep('abandon: disabled');
  const ctx = createRuleContext(context, config, context.phase);
  if (progress.rung <= ctx.minRung) return keep('abandon: already at the lowest rung');
  if (progress.elapsedMs < minElapsedMs) return keep(`abandon: too early (${progress.elapsedMs.toFixed(0)} ms)`);
  if (ctx.playbackRate === 0) return keep('abandon: paused, nothing drains');
  if (context.bufferSec > config.abandon.maxBufferSec) return keep(`abandon: buffer ${formatSec(context.bufferSec)} is no emergency`);

  const totalBytes = progress.bytesTotal !== undefined && progress.bytesTotal > 0 ? progress.bytesTotal : segmentBytes(ctx, progress.rung);
  const remainingBits = Math.max(0, totalBytes - progress.bytesLoaded) * 8;
  const transferSec = progress.ttfbMs === undefined ? 0 : Math.max(0, progress.elapsedMs - progress.ttfbMs) / 1000;
  const rateBps = transferSec > 0 ? (progress.bytesLoaded * 8) / transferSec : 0;
  // 1 bit/s stands in for 0 so that, in an outage, times compare like the bits still needed.
  const safeRateBps = Math.max(rateBps, 1);
  const bufferLeftSec = Math.max(0, context.bufferSec) / ctx.playbackRate;
  const finishSec = remainingBits / safeRateBps;
  const stallSec = finishSec - bufferLeftSec;
  const rate = `at ${formatMbps(rateBps)}`;
  if (stallSec < minStallSec) return keep(`abandon: finishes in ${formatSec(finishSec)} ${rate}, buffer ${formatSec(bufferLeftSec)}`);

  const refetchSec = (rung: number): number => ctx.ttfbSec + (segmentBytes(ctx, rung) * 8) / safeRateBps;
  for (let rung = progress.rung - 1; rung >= ctx.minRung; rung--) {
    const seconds = refetchSec(rung);
    if (seconds <= bufferLeftSec && seconds < finishSec * gainFactor) {
      return {
        abandon: true,
        toRung: rung,
        reason: `abandon: ${rungLabel(ctx, progress.rung)} needs ${formatSec(finishSec)} more ${rate} > buffer ${formatSec(bufferLeftSec)}; ${rungLabel(ctx, rung)} in ${formatSec(seconds)}`,
      };
    }
  }
  const lowestSec = refetchSec(ctx.minRung);
  if (lowestSec < finishSec * gainFactor) {
    return {
      abandon: true,
      toRung: ctx.minRung,
      reason: `abandon: ${rungLabel(ctx, progress.rung)} needs ${formatSec(finishSec)} more ${rate} > buffer ${formatSec(bufferLeftSec)}; ${rungLabel(ctx, ctx.minRung)} stalls least`,
    };
  }
  return keep(`abandon: ${rungLabel(ctx, progress.rung)} stalls ${formatSec(stallSec)} but refetching is no faster`);
}
