import { checkTraceSteps, parseTraceFile, stepIndexAt as stepAt, stepReaching, TraceFormatError, type TraceStep } from '../../contracts/trace.js';
import { TraceError } from './errors.js';

/**
 * Bandwidth traces as the throttle replays them: a piecewise-constant rate over time that loops or
 * holds after its last step, and exact integrals of it. The file format (`{ "steps":
 * [[duration_s, kbps], …] }`) is read and validated by `contracts/trace.ts`, shared with the ABR
 * simulator. Pure: no I/O, no clock; time is an argument in seconds from trace t = 0.
 */

export type { TraceStep } from '../../contracts/trace.js';

/** After its last step a trace starts over (`loop`) or keeps the last step's rate (`hold`). */
export type TraceMode = 'loop' | 'hold';

export const TRACE_MODES: readonly TraceMode[] = ['loop', 'hold'];

/** A validated trace with prefix sums, built by `createTrace` / `parseTrace` only. */
export interface Trace {
  readonly name: string;
  readonly steps: readonly TraceStep[];
  /** Sum of the step durations; > 0. */
  readonly durationSec: number;
  /** Bits one pass over the trace delivers. */
  readonly totalBits: number;
  /** `stepStartSec[i]` is when step i begins; one entry more than steps, the last is `durationSec`. */
  readonly stepStartSec: readonly number[];
  /** `bitsBefore[i]` is what the steps before i deliver; one entry more than steps, the last is `totalBits`. */
  readonly bitsBefore: readonly number[];
}

/**
 * Builds a trace from steps, validated by `checkTraceSteps` (durations finite and > 0, rates
 * finite and >= 0, 0 being an outage). Throws TraceError with the step index.
 */
export function createTrace(name: string, steps: readonly (readonly unknown[])[]): Trace {
  return buildTrace(name, asTraceError(() => checkTraceSteps(name, steps)));
}

/**
 * Reads a trace from parsed JSON: `{ name?, steps: [[duration_s, kbps], …] }` (other fields, like
 * `kind` and `source`, are ignored). `fallbackName` names a trace whose JSON has no `name`.
 * Throws TraceError.
 */
export function parseTrace(json: unknown, fallbackName = 'inline'): Trace {
  const file = asTraceError(() => parseTraceFile(json, fallbackName));
  return buildTrace(file.name, file.steps);
}

function buildTrace(name: string, steps: readonly TraceStep[]): Trace {
  const stepStartSec: number[] = [0];
  const bitsBefore: number[] = [0];
  let atSec = 0;
  let bits = 0;
  for (const [durationSec, kbps] of steps) {
    atSec += durationSec;
    bits += kbps * 1000 * durationSec;
    stepStartSec.push(atSec);
    bitsBefore.push(bits);
  }
  return Object.freeze({
    name,
    steps,
    durationSec: atSec,
    totalBits: bits,
    stepStartSec: Object.freeze(stepStartSec),
    bitsBefore: Object.freeze(bitsBefore),
  });
}

/** Runs a format check, raising its TraceFormatError as the throttle's TraceError (same code, message and step). */
function asTraceError<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw error instanceof TraceFormatError ? TraceError.fromFormatError(error) : error;
  }
}

/** Time-weighted mean rate over one pass, kbps. */
export function meanKbps(trace: Trace): number {
  return trace.totalBits / trace.durationSec / 1000;
}

/**
 * The trace's rate at `tSec` (bits/s). Steps are closed on the left: at a boundary the new step
 * holds. Times before 0 read as 0. In `loop` mode t = durationSec is step 0 again; in `hold` mode
 * every time past the end is the last step.
 */
export function rateBpsAt(trace: Trace, tSec: number, mode: TraceMode): number {
  const n = trace.steps.length;
  if (!(tSec > 0)) return stepKbps(trace, 0) * 1000;
  if (tSec >= trace.durationSec) {
    if (mode === 'hold') return stepKbps(trace, n - 1) * 1000;
    tSec = tSec % trace.durationSec;
  }
  return stepKbps(trace, stepIndexAt(trace, tSec)) * 1000;
}

/**
 * Exactly the bits the trace delivers over [t0Sec, t1Sec]: the integral of the rate, in O(log n)
 * via prefix sums and a binary search, however long the span and however many loops it covers.
 * Returns 0 when t1Sec <= t0Sec; times before 0 read as 0.
 */
export function bitsBetween(trace: Trace, t0Sec: number, t1Sec: number, mode: TraceMode): number {
  if (!(t1Sec > t0Sec)) return 0;
  return Math.max(0, cumulativeBits(trace, t1Sec, mode) - cumulativeBits(trace, t0Sec, mode));
}

/**
 * Seconds from `fromSec` until the trace has delivered `bits` more: the inverse of `bitsBetween`.
 * Infinity when it never will (a `hold` trace ending in an outage, a trace that is all outage).
 * 0 for `bits` <= 0.
 */
export function secondsToDeliver(trace: Trace, fromSec: number, bits: number, mode: TraceMode): number {
  if (!(bits > 0)) return 0;
  const startSec = Math.max(0, fromSec);
  const atSec = timeOfCumulativeBits(trace, cumulativeBits(trace, startSec, mode) + bits, mode);
  return Math.max(0, atSec - startSec);
}

/** Bits delivered over [0, tSec]. */
function cumulativeBits(trace: Trace, tSec: number, mode: TraceMode): number {
  if (!(tSec > 0)) return 0;
  const { durationSec, totalBits } = trace;
  if (tSec >= durationSec) {
    if (mode === 'hold') return totalBits + stepKbps(trace, trace.steps.length - 1) * 1000 * (tSec - durationSec);
    const loops = Math.floor(tSec / durationSec);
    return loops * totalBits + bitsWithinPass(trace, tSec - loops * durationSec);
  }
  return bitsWithinPass(trace, tSec);
}

/** Bits delivered over [0, tSec] for 0 <= tSec <= durationSec. */
function bitsWithinPass(trace: Trace, tSec: number): number {
  if (tSec >= trace.durationSec) return trace.totalBits;
  const i = stepIndexAt(trace, tSec);
  return at(trace.bitsBefore, i) + stepKbps(trace, i) * 1000 * (tSec - at(trace.stepStartSec, i));
}

/** The earliest time at which `cumulativeBits` reaches `targetBits`; Infinity if never. */
function timeOfCumulativeBits(trace: Trace, targetBits: number, mode: TraceMode): number {
  const { durationSec, totalBits } = trace;
  if (!(targetBits > 0)) return 0;
  if (mode === 'hold') {
    if (targetBits <= totalBits) return timeWithinPass(trace, targetBits);
    const lastBps = stepKbps(trace, trace.steps.length - 1) * 1000;
    return lastBps > 0 ? durationSec + (targetBits - totalBits) / lastBps : Infinity;
  }
  if (!(totalBits > 0)) return Infinity;
  // Reaching exactly k·totalBits happens inside pass k-1, not at the start of pass k.
  const loops = Math.ceil(targetBits / totalBits) - 1;
  return loops * durationSec + timeWithinPass(trace, targetBits - loops * totalBits);
}

/** The earliest time within one pass at which the pass has delivered `bits` (0 < bits <= totalBits). */
function timeWithinPass(trace: Trace, bits: number): number {
  const prefix = trace.bitsBefore;
  // First step i whose end reaches `bits`; then bitsBefore[i] < bits, so step i's rate is > 0.
  const lo = stepReaching(prefix, trace.steps.length, bits);
  const bps = stepKbps(trace, lo) * 1000;
  if (!(bps > 0)) return at(trace.stepStartSec, lo + 1);
  return Math.min(at(trace.stepStartSec, lo + 1), at(trace.stepStartSec, lo) + (bits - at(prefix, lo)) / bps);
}

/** Index of the step holding `tSec`, for 0 <= tSec < durationSec. */
function stepIndexAt(trace: Trace, tSec: number): number {
  return stepAt(trace.stepStartSec, trace.steps.length, tSec);
}

function stepKbps(trace: Trace, index: number): number {
  return trace.steps[index]?.[1] ?? 0;
}

function at(values: readonly number[], index: number): number {
  return values[index] ?? 0;
}
