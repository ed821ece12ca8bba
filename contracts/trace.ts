/**
 * The bandwidth trace format, read and validated once for every side that replays traces: the ABR
 * simulator (`abr/trace.ts`, SimTrace) and the origin's throttle (`origin/throttle/trace.ts`, its
 * loop/hold schedule). PURE: it takes already-parsed JSON, and each side builds its own structure
 * from the steps it returns.
 *
 *     { "name": "fcc_trace_7451_http---www.yahoo.com", "kind": "fcc", "steps": [[5.0, 1093], [5.0, 1127], …] }
 *
 * `steps` is a piecewise-constant rate: `[duration_s, kbps]` delivers `kbps` kilobits (1000 bits)
 * per second for `duration_s` seconds, then the next step starts; step 0 starts at t = 0. A rate of
 * 0 is an outage. Other fields (`source`, …) are ignored.
 */
import { CodedError } from './coded-error.js';

/** `[duration_s, kbps]`: the link delivers `kbps` kilobits (1000 bits) per second for `duration_s`; 0 is an outage. */
export type TraceStep = readonly [durationSec: number, kbps: number];

/** What is wrong with a trace's JSON or its steps. */
export type TraceFormatErrorCode =
  /** The trace is not a JSON object. */
  | 'NOT_AN_OBJECT'
  /** `steps` is missing or not an array. */
  | 'MISSING_STEPS'
  /** `steps` is an empty array. */
  | 'EMPTY_STEPS'
  /** A step is not a `[duration_s, kbps]` pair. */
  | 'MALFORMED_STEP'
  /** A step's duration or rate is not a finite number. */
  | 'NOT_A_NUMBER'
  /** A step lasts less than 0 s. */
  | 'NEGATIVE_DURATION'
  /** A step lasts exactly 0 s (it would hold no time, and a loop of them never advances). */
  | 'ZERO_DURATION'
  /** A step's rate is below 0 kbps. */
  | 'NEGATIVE_RATE';

/**
 * A trace that does not follow the format. `stepIndex` names the offending step, when one is.
 * `Code` is widened by users that refuse more (abr's SimTrace refuses a trace that never delivers).
 */
export class TraceFormatError<Code extends string = TraceFormatErrorCode> extends CodedError<Code> {
  override readonly name: string = 'TraceFormatError';
  readonly stepIndex: number | null;

  constructor(code: Code, message: string, options: { stepIndex?: number | null; cause?: unknown } = {}) {
    super(code, message, { cause: options.cause });
    this.stepIndex = options.stepIndex ?? null;
  }
}

/** A trace file as read: its name (or the fallback), its kind (or `unknown`) and its validated steps. */
export interface TraceFile {
  readonly name: string;
  /** `fcc`, `hsdpa`, `lte`… from the file, or `unknown`. */
  readonly kind: string;
  readonly steps: readonly TraceStep[];
}

/**
 * Reads a trace from parsed JSON: `{ name?, kind?, steps: [[duration_s, kbps], …] }`.
 * `fallbackName` names a trace whose JSON has no `name`. Throws TraceFormatError.
 */
export function parseTraceFile(json: unknown, fallbackName = 'inline'): TraceFile {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TraceFormatError('NOT_AN_OBJECT', `a trace must be a JSON object with "steps", got ${describe(json)}`);
  }
  const record = json as Record<string, unknown>;
  const name = typeof record['name'] === 'string' && record['name'] !== '' ? record['name'] : fallbackName;
  const kind = typeof record['kind'] === 'string' ? record['kind'] : 'unknown';
  const steps = record['steps'];
  if (!Array.isArray(steps)) {
    throw new TraceFormatError('MISSING_STEPS', `trace "${name}" needs "steps": [[duration_s, kbps], …], got ${describe(steps)}`);
  }
  const pairs = steps.map((step: unknown, index) => {
    if (!Array.isArray(step)) throw malformed(name, step, index);
    return step as unknown[];
  });
  return { name, kind, steps: checkTraceSteps(name, pairs) };
}

/**
 * Validates steps: at least one; each a pair of finite numbers; durations > 0 (a 0 s step holds no
 * time, and a trace of them would never advance); rates ≥ 0 (0 is an outage). Returns them frozen.
 * Throws TraceFormatError with the step index.
 */
export function checkTraceSteps(name: string, steps: readonly (readonly unknown[])[]): readonly TraceStep[] {
  if (steps.length === 0) throw new TraceFormatError('EMPTY_STEPS', `trace "${name}" has no steps`);
  return Object.freeze(steps.map((step, index) => Object.freeze(checkStep(name, step, index))));
}

/**
 * Index of the step holding `tSec` (0 ≤ tSec < duration), by binary search over the step start
 * times (`startSec[i]` is when step i begins; steps are closed on the left).
 */
export function stepIndexAt(startSec: ArrayLike<number>, stepCount: number, tSec: number): number {
  let lo = 0;
  let hi = stepCount - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((startSec[mid] ?? 0) <= tSec) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The first step by whose end one pass has delivered `bits` (0 < bits ≤ total), by binary search
 * over the prefix sums (`bitsBefore[i]` is what the steps before i deliver). Then
 * `bitsBefore[i] < bits`, so that step's rate is > 0.
 */
export function stepReaching(bitsBefore: ArrayLike<number>, stepCount: number, bits: number): number {
  let lo = 0;
  let hi = stepCount - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((bitsBefore[mid + 1] ?? 0) >= bits) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function checkStep(name: string, step: readonly unknown[], index: number): TraceStep {
  if (step.length !== 2) throw malformed(name, step, index);
  const [durationSec, kbps] = step;
  const at = { stepIndex: index };
  if (typeof durationSec !== 'number' || !Number.isFinite(durationSec)) {
    throw new TraceFormatError('NOT_A_NUMBER', `trace "${name}" step ${index}: duration must be a finite number of seconds, got ${describe(durationSec)}`, at);
  }
  if (typeof kbps !== 'number' || !Number.isFinite(kbps)) {
    throw new TraceFormatError('NOT_A_NUMBER', `trace "${name}" step ${index}: rate must be a finite number of kbps, got ${describe(kbps)}`, at);
  }
  if (durationSec < 0) throw new TraceFormatError('NEGATIVE_DURATION', `trace "${name}" step ${index} lasts ${durationSec} s; durations must be > 0`, at);
  if (durationSec === 0) throw new TraceFormatError('ZERO_DURATION', `trace "${name}" step ${index} lasts 0 s; drop it, durations must be > 0`, at);
  if (kbps < 0) throw new TraceFormatError('NEGATIVE_RATE', `trace "${name}" step ${index} has ${kbps} kbps; rates must be ≥ 0 (0 is an outage)`, at);
  return [durationSec, kbps];
}

function malformed(name: string, step: unknown, index: number): TraceFormatError {
  return new TraceFormatError('MALFORMED_STEP', `trace "${name}" step ${index} must be [duration_s, kbps], got ${describe(step)}`, { stepIndex: index });
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  if (text === undefined) return typeof value;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
