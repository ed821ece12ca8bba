/**
 * Bandwidth traces for simulation: a piecewise-constant rate, looping after its last step, with
 * exact integrals. The file format (`{ name?, kind?, steps }`) is read and validated by
 * `contracts/trace.ts`, shared with the origin's throttle; this module builds the SimTrace. Pure:
 * parsing takes already-parsed JSON.
 */
import { checkTraceSteps, parseTraceFile, stepIndexAt as stepAt, stepReaching, TraceFormatError, type TraceFormatErrorCode, type TraceStep } from '../contracts/trace.js';

export { TraceFormatError, type TraceFormatErrorCode, type TraceStep } from '../contracts/trace.js';

/** Why a trace cannot be simulated: a format error, or `NEVER_DELIVERS` (all outage). */
export type SimTraceErrorCode = TraceFormatErrorCode | 'NEVER_DELIVERS';

export interface SimTrace {
  readonly name: string;
  /** `fcc`, `hsdpa`, `lte`… from the file, or `unknown`. */
  readonly kind: string;
  readonly steps: readonly TraceStep[];
  /** One pass, seconds (> 0). */
  readonly durationSec: number;
  /** Bits one pass delivers (> 0: a trace that is all outage is rejected). */
  readonly totalBits: number;
  /** `startSec[i]` is when step i begins; `startSec[n]` = durationSec. */
  readonly startSec: Float64Array;
  /** `bitsBefore[i]` is what steps before i deliver; `bitsBefore[n]` = totalBits. */
  readonly bitsBefore: Float64Array;
  /** Rate of step i, bits/s. */
  readonly bps: Float64Array;
}

/**
 * Builds a trace. Throws TraceFormatError for empty, non-finite, negative or zero-length steps
 * (the codes of `contracts/trace.ts`), and `NEVER_DELIVERS` for a trace that is all outage.
 */
export function createSimTrace(name: string, steps: readonly (readonly number[])[], kind = 'unknown'): SimTrace {
  return buildSimTrace(name, kind, checkTraceSteps(name, steps));
}

/** Reads `{ name?, kind?, steps }` JSON (other fields ignored). */
export function parseSimTrace(json: unknown, fallbackName = 'inline'): SimTrace {
  const file = parseTraceFile(json, fallbackName);
  return buildSimTrace(file.name, file.kind, file.steps);
}

function buildSimTrace(name: string, kind: string, steps: readonly TraceStep[]): SimTrace {
  const n = steps.length;
  const startSec = new Float64Array(n + 1);
  const bitsBefore = new Float64Array(n + 1);
  const bps = new Float64Array(n);
  steps.forEach(([durationSec, kbps], i) => {
    bps[i] = kbps * 1000;
    startSec[i + 1] = startSec[i]! + durationSec;
    bitsBefore[i + 1] = bitsBefore[i]! + kbps * 1000 * durationSec;
  });
  const totalBits = bitsBefore[n]!;
  if (!(totalBits > 0)) {
    throw new TraceFormatError<SimTraceErrorCode>('NEVER_DELIVERS', `trace "${name}" never delivers a bit: a download would never end`);
  }
  return { name, kind, steps, durationSec: startSec[n]!, totalBits, startSec, bitsBefore, bps };
}

/** A constant-rate trace (tests, hand-checked cases). */
export function constantTrace(kbps: number, durationSec = 1000, name = `constant-${kbps}kbps`): SimTrace {
  return createSimTrace(name, [[durationSec, kbps]], 'constant');
}

/** Time-weighted mean rate of one pass, kbps. */
export function traceMeanKbps(trace: SimTrace): number {
  return trace.totalBits / trace.durationSec / 1000;
}

/** Rate at `tSec` (bits/s), looping; steps are closed on the left. */
export function rateBpsAt(trace: SimTrace, tSec: number): number {
  const t = wrap(trace, tSec);
  return trace.bps[stepIndexAt(trace, t)]!;
}

/** Exactly the bits delivered over [t0Sec, t1Sec] (≥ 0), looping as often as needed. */
export function bitsBetween(trace: SimTrace, t0Sec: number, t1Sec: number): number {
  if (!(t1Sec > t0Sec)) return 0;
  return Math.max(0, cumulativeBits(trace, t1Sec) - cumulativeBits(trace, t0Sec));
}

/**
 * Seconds from `fromSec` until `bits` more are delivered: the inverse of `bitsBetween`. Finite for
 * any trace (a looping trace with totalBits > 0 always delivers); 0 for bits ≤ 0. Outage steps
 * are crossed by the prefix sums, never divided by.
 */
export function secondsToDeliver(trace: SimTrace, fromSec: number, bits: number): number {
  if (!(bits > 0)) return 0;
  const start = Math.max(0, fromSec);
  return Math.max(0, timeOfCumulativeBits(trace, cumulativeBits(trace, start) + bits) - start);
}

function wrap(trace: SimTrace, tSec: number): number {
  if (!(tSec > 0)) return 0;
  return tSec < trace.durationSec ? tSec : tSec % trace.durationSec;
}

function cumulativeBits(trace: SimTrace, tSec: number): number {
  if (!(tSec > 0)) return 0;
  const loops = Math.floor(tSec / trace.durationSec);
  const within = tSec - loops * trace.durationSec;
  const i = stepIndexAt(trace, within);
  return loops * trace.totalBits + trace.bitsBefore[i]! + trace.bps[i]! * (within - trace.startSec[i]!);
}

function timeOfCumulativeBits(trace: SimTrace, target: number): number {
  // Reaching exactly k·totalBits happens inside pass k−1.
  const loops = Math.max(0, Math.ceil(target / trace.totalBits) - 1);
  const bits = target - loops * trace.totalBits;
  const prefix = trace.bitsBefore;
  const lo = stepReaching(prefix, trace.steps.length, bits);
  // bitsBefore[lo] < bits ≤ bitsBefore[lo + 1], so step lo has a rate > 0.
  const rate = trace.bps[lo]!;
  const within = rate > 0 ? Math.min(trace.startSec[lo + 1]!, trace.startSec[lo]! + (bits - prefix[lo]!) / rate) : trace.startSec[lo + 1]!;
  return loops * trace.durationSec + within;
}

function stepIndexAt(trace: SimTrace, tSec: number): number {
  return stepAt(trace.startSec, trace.steps.length, tSec);
}
