import { CodedError } from '../contracts/coded-error.js';
import { allowedRungs } from './rules/context.js';
import type { SimLadder } from './ladder.js';
import type { SimPolicy } from './policy.js';
import { computeQoe, DEFAULT_QOE_WEIGHTS, type QoeReport, type QoeWeights } from './qoe.js';
import { bitsBetween, secondsToDeliver, type SimTrace } from './trace.js';
import type { PlayerSnapshot, RungCaps } from './types.js';

/**
 * Trace × ladder × policy → timeline and QoE. Pure and deterministic: the clock is simulated.
 *
 * The model (shared with `optimum.ts`, which must agree with it exactly):
 *  - Segments are fetched one at a time, in order. A request costs `rttMs` before its first byte
 *    (default 40 ms: a typical broadband / LTE round trip; the traces carry no latency), then its
 *    bytes (video + audio, see `ladder.ts`) arrive at the trace's rate: the download time is the
 *    exact integral of the piecewise-constant rate, looping the trace when the session outlasts
 *    it. Outage steps (0 kbps) are crossed by prefix sums, never divided by.
 *  - Playback starts once `startupBufferSec` are buffered (default 2 s: one segment, as the
 *    engines start on the first appended segment); the time until then is the startup delay.
 *  - The buffer drains at `playbackRate` while playing; an empty buffer is a stall until the next
 *    segment arrives.
 *  - Buffer cap (default 30 s): a request starts only when the segment fits under the cap;
 *    otherwise the player waits while the buffer drains. No policy ever idles voluntarily, and
 *    since starting later never finishes sooner, idling would never help.
 *  - A policy with `shouldAbandon` is polled every `abandonCheckMs` (default 200 ms) during a
 *    download with the request's progress; on abandon the bytes so far are lost, the same segment
 *    is requested again at the lower rung, and it is not polled again for that segment.
 *  - The media is `ladder.segments`; after the last one arrives the buffer plays out.
 */
export interface SimulateOptions {
  /** Request round trip (time to first byte), ms. Defaults to 40. */
  readonly rttMs?: number;
  /** Buffer needed before playback starts, seconds. Defaults to 2. */
  readonly startupBufferSec?: number;
  /** Buffer cap, seconds. Defaults to 30. */
  readonly bufferCapSec?: number;
  /** Media seconds per wall second, > 0. Defaults to 1. */
  readonly playbackRate?: number;
  /** Abandon polling interval, ms. Defaults to 200. */
  readonly abandonCheckMs?: number;
  /** Caps passed to the policy in every snapshot. Defaults to none. */
  readonly caps?: RungCaps;
  /** Where in the trace the session starts, seconds. Defaults to 0. */
  readonly traceOffsetSec?: number;
  readonly qoe?: Partial<QoeWeights>;
}

export interface ResolvedSimulateOptions {
  readonly rttMs: number;
  readonly startupBufferSec: number;
  readonly bufferCapSec: number;
  readonly playbackRate: number;
  readonly abandonCheckMs: number;
  readonly caps: RungCaps | undefined;
  readonly traceOffsetSec: number;
  readonly qoe: QoeWeights;
}

export interface SimAbandonment {
  readonly atSec: number;
  readonly fromRung: number;
  readonly toRung: number;
  readonly bytesLoaded: number;
  readonly reason: string;
}

export interface SimDownload {
  readonly segmentIndex: number;
  /** The rung finally fetched. */
  readonly rung: number;
  /** When the (final) request started / the segment arrived, seconds since session start. */
  readonly startSec: number;
  readonly endSec: number;
  readonly bytes: number;
  /** Seconds waited for room under the buffer cap before deciding. */
  readonly waitSec: number;
  readonly bufferBeforeSec: number;
  readonly bufferAfterSec: number;
  readonly rule: string;
  readonly reason: string;
  readonly abandoned: SimAbandonment | null;
}

export interface SimStall {
  readonly startSec: number;
  readonly durationSec: number;
}

export interface SimSwitch {
  readonly segmentIndex: number;
  readonly atSec: number;
  readonly fromRung: number;
  readonly toRung: number;
  readonly reason: string;
}

export interface BufferSample {
  readonly tSec: number;
  readonly bufferSec: number;
}

export interface SimTimeline {
  readonly downloads: readonly SimDownload[];
  readonly stalls: readonly SimStall[];
  readonly switches: readonly SimSwitch[];
  readonly bufferSec: readonly BufferSample[];
  /** Session start to playback start, seconds. */
  readonly startupSec: number;
  /** Session start to the end of playback, seconds. */
  readonly endSec: number;
}

export interface SimResult {
  readonly policy: string;
  readonly trace: string;
  readonly ladder: string;
  /** Final rung of every segment, in order. */
  readonly rungs: readonly number[];
  readonly timeline: SimTimeline;
  readonly qoe: QoeReport;
}

/** Options, a ladder or a policy choice a simulation cannot run with, or a failed model check (code `SIMULATION_FAILED`). */
export class SimulationError extends CodedError<'SIMULATION_FAILED'> {
  override readonly name = 'SimulationError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('SIMULATION_FAILED', message, options);
  }
}

export function resolveSimulateOptions(options: SimulateOptions = {}): ResolvedSimulateOptions {
  const resolved: ResolvedSimulateOptions = {
    rttMs: options.rttMs ?? 40,
    startupBufferSec: options.startupBufferSec ?? 2,
    bufferCapSec: options.bufferCapSec ?? 30,
    playbackRate: options.playbackRate ?? 1,
    abandonCheckMs: options.abandonCheckMs ?? 200,
    caps: options.caps,
    traceOffsetSec: options.traceOffsetSec ?? 0,
    qoe: { ...DEFAULT_QOE_WEIGHTS, ...options.qoe },
  };
  if (!(resolved.rttMs >= 0)) throw new SimulationError(`rttMs must be ≥ 0, got ${resolved.rttMs}`);
  if (!(resolved.startupBufferSec >= 0)) throw new SimulationError(`startupBufferSec must be ≥ 0, got ${resolved.startupBufferSec}`);
  if (!(resolved.playbackRate > 0)) throw new SimulationError(`playbackRate must be > 0, got ${resolved.playbackRate}`);
  if (!(resolved.abandonCheckMs > 0)) throw new SimulationError(`abandonCheckMs must be > 0, got ${resolved.abandonCheckMs}`);
  if (!(resolved.traceOffsetSec >= 0)) throw new SimulationError(`traceOffsetSec must be ≥ 0, got ${resolved.traceOffsetSec}`);
  return resolved;
}

/** When a request started at `startSec` for `bytes` has fully arrived (trace seconds). */
export function downloadEndSec(trace: SimTrace, startSec: number, bytes: number, rttSec: number): number {
  return startSec + rttSec + secondsToDeliver(trace, startSec + rttSec, bytes * 8);
}

/** Seconds to wait before requesting a segment of `durationSec` so it fits under the cap. */
export function capWaitSec(bufferSec: number, durationSec: number, capSec: number, playbackRate: number): number {
  const excess = bufferSec + durationSec - capSec;
  return excess > 0 ? Math.min(excess, bufferSec) / playbackRate : 0;
}

export function simulate(trace: SimTrace, ladder: SimLadder, policy: SimPolicy, options: SimulateOptions = {}): SimResult {
  const o = resolveSimulateOptions(options);
  if (ladder.rungs.length === 0 || ladder.segments.length === 0) throw new SimulationError('the ladder needs rungs and segments');
  const rttSec = o.rttMs / 1000;
  const rate = o.playbackRate;
  const t0 = o.traceOffsetSec;
  const { minRung, maxRung } = allowedRungs(ladder.rungs, o.caps);

  let t = t0;
  let buffer = 0;
  let playing = false;
  let startupSec = 0;
  let stallOpenAt: number | null = null;
  let lastRung: number | null = null;
  const downloads: SimDownload[] = [];
  const stalls: SimStall[] = [];
  const switches: SimSwitch[] = [];
  const bufferSamples: BufferSample[] = [];
  const rungs: number[] = [];

  /** Wall time passes with no new media. */
  const advance = (dtSec: number): void => {
    if (!(dtSec > 0)) return;
    if (playing) {
      const drain = dtSec * rate;
      if (drain < buffer) {
        buffer -= drain;
      } else {
        if (stallOpenAt === null) {
          stallOpenAt = t + buffer / rate;
          bufferSamples.push({ tSec: stallOpenAt - t0, bufferSec: 0 });
        }
        buffer = 0;
      }
    }
    t += dtSec;
  };

  const remainingAfter: number[] = new Array<number>(ladder.segments.length + 1).fill(0);
  for (let k = ladder.segments.length - 1; k >= 0; k--) remainingAfter[k] = remainingAfter[k + 1]! + ladder.segments[k]!.durationSec;

  const snapshotAt = (index: number, nowSec: number, bufferSec: number): PlayerSnapshot => {
    const segment = ladder.segments[index]!;
    return {
      mediaRemainingSec: remainingAfter[index]!,
      nowMs: (nowSec - t0) * 1000,
      bufferSec,
      rungs: ladder.rungs,
      nextSegment: { index, durationSec: segment.durationSec, bytesByRung: segment.bytesByRung },
      lastRung,
      playbackRate: rate,
      bufferGoalSec: o.bufferCapSec,
      ...(o.caps !== undefined ? { caps: o.caps } : {}),
    };
  };

  for (let index = 0; index < ladder.segments.length; index++) {
    const segment = ladder.segments[index]!;
    const waitSec = playing ? capWaitSec(buffer, segment.durationSec, o.bufferCapSec, rate) : 0;
    advance(waitSec);
    bufferSamples.push({ tSec: t - t0, bufferSec: buffer });
    const bufferBeforeSec = buffer;
    const snapshot = snapshotAt(index, t, buffer);
    const choice = policy.decide(snapshot);
    if (!Number.isInteger(choice.rung) || choice.rung < minRung || choice.rung > maxRung) {
      throw new SimulationError(`policy ${policy.name} chose rung ${choice.rung} for segment ${index}; allowed ${minRung}–${maxRung}`);
    }
    let rung = choice.rung;
    let abandoned: SimAbandonment | null = null;
    let start = t;
    let end = downloadEndSec(trace, start, segment.bytesByRung[rung]!, rttSec);

    if (policy.shouldAbandon !== undefined) {
      const stepSec = o.abandonCheckMs / 1000;
      for (let check = start + stepSec; check < end; check += stepSec) {
        const bytes = segment.bytesByRung[rung]!;
        const firstByteAt = start + rttSec;
        const bytesLoaded = check > firstByteAt ? Math.min(bytes, bitsBetween(trace, firstByteAt, check) / 8) : 0;
        const elapsedSec = check - start;
        const bufferNow = playing ? Math.max(0, buffer - elapsedSec * rate) : buffer;
        const verdict = policy.shouldAbandon(
          {
            rung,
            bytesLoaded,
            bytesTotal: bytes,
            elapsedMs: elapsedSec * 1000,
            ...(check >= firstByteAt ? { ttfbMs: o.rttMs } : {}),
          },
          { ...snapshot, nowMs: (check - t0) * 1000, bufferSec: bufferNow },
        );
        if (verdict.abandon && Number.isInteger(verdict.toRung) && verdict.toRung < rung && verdict.toRung >= minRung) {
          advance(elapsedSec);
          policy.onDownloaded?.({
            bytes: bytesLoaded,
            durationMs: elapsedSec * 1000,
            ...(check >= firstByteAt ? { ttfbMs: o.rttMs } : {}),
            nowMs: (t - t0) * 1000,
            aborted: true,
          });
          abandoned = { atSec: t - t0, fromRung: rung, toRung: verdict.toRung, bytesLoaded, reason: verdict.reason };
          rung = verdict.toRung;
          start = t;
          end = downloadEndSec(trace, start, segment.bytesByRung[rung]!, rttSec);
          break;
        }
      }
    }

    advance(end - start);
    if (stallOpenAt !== null) {
      stalls.push({ startSec: stallOpenAt - t0, durationSec: t - stallOpenAt });
      stallOpenAt = null;
    }
    buffer += segment.durationSec;
    bufferSamples.push({ tSec: t - t0, bufferSec: buffer });
    const bytes = segment.bytesByRung[rung]!;
    policy.onDownloaded?.({ bytes, durationMs: (end - start) * 1000, ttfbMs: o.rttMs, nowMs: (t - t0) * 1000 });
    const reason = abandoned !== null ? `${choice.reason ?? ''}; ${abandoned.reason}` : (choice.reason ?? '');
    if (lastRung !== null && rung !== lastRung) {
      switches.push({ segmentIndex: index, atSec: start - t0, fromRung: lastRung, toRung: rung, reason });
    }
    downloads.push({
      segmentIndex: index,
      rung,
      startSec: start - t0,
      endSec: t - t0,
      bytes,
      waitSec,
      bufferBeforeSec,
      bufferAfterSec: buffer,
      rule: choice.rule ?? policy.name,
      reason,
      abandoned,
    });
    rungs.push(rung);
    lastRung = rung;
    if (!playing && (buffer >= o.startupBufferSec || index === ladder.segments.length - 1)) {
      playing = true;
      startupSec = t - t0;
    }
  }

  const endSec = t - t0 + buffer / rate;
  bufferSamples.push({ tSec: endSec, bufferSec: 0 });
  const stallSec = stalls.reduce((sum, stall) => sum + stall.durationSec, 0);
  const qoe = computeQoe(
    {
      segmentBitratesBps: rungs.map((rung) => ladder.rungs[rung]!.qoeBitrateBps),
      stallSec,
      stallCount: stalls.length,
      startupSec,
      mediaSec: ladder.segments.reduce((sum, segment) => sum + segment.durationSec, 0),
    },
    o.qoe,
  );
  return {
    policy: policy.name,
    trace: trace.name,
    ladder: ladder.name,
    rungs,
    timeline: { downloads, stalls, switches, bufferSec: bufferSamples, startupSec, endSec },
    qoe,
  };
}
