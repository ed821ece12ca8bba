import type { SimLadder } from './ladder.js';
import { schedulePolicy } from './policy.js';
import { allowedRungs } from './rules/context.js';
import { capWaitSec, downloadEndSec, resolveSimulateOptions, simulate, SimulationError, type SimResult, type SimulateOptions } from './simulate.js';
import type { SimTrace } from './trace.js';

/**
 * The offline optimum: the best QoE_lin any policy could reach on a trace, knowing the whole
 * trace in advance, under exactly `simulate`'s model (same download integral, RTT, startup rule,
 * buffer cap, QoE weights).
 *
 * Dynamic programming over segment × rung × buffer bucket. The state after segment k is (rung of
 * k, buffer level); the clock is not a state dimension but a value carried with it: each cell keeps
 * the best QoE reaching it and that path's exact buffer level and clock. Keeping the exact values
 * (not the bucket's) means every transition is computed from a real state, so the result is a
 * real schedule, replayable in `simulate` with the same QoE (checked on every solve).
 *
 * The approximation is in the merge: two paths reaching the same (k, rung, bucket) are reduced to
 * the one with the higher QoE. On the same (k, buffer) the clock is startup + stalls + media
 * downloaded − buffer, so merged paths differ in time only by their rebuffering difference and the
 * in-bucket buffer difference; the path dropped might have fared better later on a trace that
 * changes at just that time. The result is therefore a lower bound of the true optimum that
 * tightens as `bucketSec` shrinks (a policy can, rarely, beat it by a hair). Abandonment is not
 * modelled: with perfect foresight it never helps; neither does idling (starting later never
 * finishes sooner).
 *
 * Cost: segments × rungs² × buckets transitions, each an O(log steps) integral.
 */
export interface OptimumOptions extends SimulateOptions {
  /** Buffer bucket width, seconds. Defaults to 0.1. */
  readonly bucketSec?: number;
}

export interface OptimumResult {
  /** QoE_lin of the best schedule found. */
  readonly qoe: number;
  /** Rung per segment. */
  readonly rungs: readonly number[];
  /** The schedule replayed through `simulate`: timeline and full QoE report. */
  readonly replay: SimResult;
}

export function solveOptimum(trace: SimTrace, ladder: SimLadder, options: OptimumOptions = {}): OptimumResult {
  const o = resolveSimulateOptions(options);
  const bucketSec = options.bucketSec ?? 0.1;
  if (!(bucketSec > 0)) throw new SimulationError(`bucketSec must be > 0, got ${bucketSec}`);
  const { minRung, maxRung } = allowedRungs(ladder.rungs, o.caps);
  const segments = ladder.segments;
  const n = segments.length;
  if (n === 0) throw new SimulationError('the ladder has no segments');
  const rttSec = o.rttMs / 1000;
  const rate = o.playbackRate;
  const mu = o.qoe.rebufferPenaltyPerSec;
  const switchWeight = o.qoe.switchPenaltyPerMbps;
  const startupCharged = o.qoe.startupCountsAsRebuffer;
  const mbps = ladder.rungs.map((rung) => rung.qoeBitrateBps / 1e6);
  const rungCount = ladder.rungs.length;

  // Playback starts after segment `startIndex` (durations do not depend on the rung).
  let startIndex = n - 1;
  for (let k = 0, buffered = 0; k < n; k++) {
    buffered += segments[k]!.durationSec;
    if (buffered >= o.startupBufferSec) {
      startIndex = k;
      break;
    }
  }
  let maxBufferSec = o.bufferCapSec;
  for (let k = 0, buffered = 0; k <= startIndex; k++) maxBufferSec = Math.max(maxBufferSec, (buffered += segments[k]!.durationSec));
  const buckets = Math.floor(maxBufferSec / bucketSec) + 2;
  const cells = rungCount * buckets;

  let qoe = new Float64Array(cells).fill(Number.NEGATIVE_INFINITY);
  let clock = new Float64Array(cells);
  let level = new Float64Array(cells);
  let nextQoe = new Float64Array(cells);
  let nextClock = new Float64Array(cells);
  let nextLevel = new Float64Array(cells);
  const from: Int32Array[] = [];

  const bucketOf = (bufferSec: number): number => Math.min(buckets - 1, Math.floor(bufferSec / bucketSec));

  // Segment 0: nothing plays yet, the whole download is startup delay.
  {
    const first = new Int32Array(cells).fill(-1);
    const segment = segments[0]!;
    for (let r = minRung; r <= maxRung; r++) {
      const end = downloadEndSec(trace, o.traceOffsetSec, segment.bytesByRung[r]!, rttSec);
      const elapsed = end - o.traceOffsetSec;
      const cell = r * buckets + bucketOf(segment.durationSec);
      const value = mbps[r]! - (startupCharged ? mu * elapsed : 0);
      if (value > qoe[cell]!) {
        qoe[cell] = value;
        clock[cell] = end;
        level[cell] = segment.durationSec;
      }
    }
    from.push(first);
  }

  for (let k = 1; k < n; k++) {
    const segment = segments[k]!;
    const playing = k > startIndex;
    nextQoe.fill(Number.NEGATIVE_INFINITY);
    const back = new Int32Array(cells).fill(-1);
    for (let r = minRung; r <= maxRung; r++) {
      for (let b = 0; b < buckets; b++) {
        const cell = r * buckets + b;
        const value = qoe[cell]!;
        if (value === Number.NEGATIVE_INFINITY) continue;
        let t = clock[cell]!;
        let buffer = level[cell]!;
        if (playing) {
          const wait = capWaitSec(buffer, segment.durationSec, o.bufferCapSec, rate);
          if (wait > 0) {
            const drain = wait * rate;
            buffer = drain < buffer ? buffer - drain : 0;
            t += wait;
          }
        }
        for (let r2 = minRung; r2 <= maxRung; r2++) {
          const end = downloadEndSec(trace, t, segment.bytesByRung[r2]!, rttSec);
          const elapsed = end - t;
          let after: number;
          let penaltySec: number;
          if (playing) {
            const drain = elapsed * rate;
            if (drain < buffer) {
              after = buffer - drain;
              penaltySec = 0;
            } else {
              after = 0;
              penaltySec = end - (t + buffer / rate);
            }
          } else {
            after = buffer;
            penaltySec = startupCharged ? elapsed : 0;
          }
          after += segment.durationSec;
          const gained = value + mbps[r2]! - switchWeight * Math.abs(mbps[r2]! - mbps[r]!) - mu * penaltySec;
          const target = r2 * buckets + bucketOf(after);
          const best = nextQoe[target]!;
          if (gained > best || (gained === best && after > nextLevel[target]!)) {
            nextQoe[target] = gained;
            nextClock[target] = end;
            nextLevel[target] = after;
            back[target] = cell;
          }
        }
      }
    }
    from.push(back);
    [qoe, nextQoe] = [nextQoe, qoe];
    [clock, nextClock] = [nextClock, clock];
    [level, nextLevel] = [nextLevel, level];
  }

  let bestCell = -1;
  for (let cell = 0; cell < cells; cell++) {
    if (bestCell === -1 || qoe[cell]! > qoe[bestCell]!) bestCell = cell;
  }
  const rungs = new Array<number>(n);
  for (let k = n - 1, cell = bestCell; k >= 0; k--) {
    rungs[k] = Math.floor(cell / buckets);
    cell = from[k]![cell]!;
  }
  const value = qoe[bestCell]!;
  const replay = simulate(trace, ladder, schedulePolicy(rungs, 'optimum'), options);
  if (Math.abs(replay.qoe.qoe - value) > 1e-6 * Math.max(1, Math.abs(value))) {
    throw new SimulationError(`optimum schedule replays to QoE ${replay.qoe.qoe}, the DP computed ${value}: the two models disagree`);
  }
  return { qoe: value, rungs, replay };
}
