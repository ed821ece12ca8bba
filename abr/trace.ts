/**
 * Bandwidth traces for simulation (the `../shared/traces` format): a piecewise-constant rate,
 * looping after its last step, with exact integrals. Pure: parsing takes already-parsed JSON.
 */

/** `[duration_s, kbps]`: the link delivers `kbps` kilobits (1000 bits) per second for `duration_s`; 0 is an outage. */
export type TraceStep = readonly [durationSec: number, kbps: number];

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

export class TraceFormatError extends Error {
  override readonly name = 'TraceFormatError';
}

/** Builds a trace. Throws TraceFormatError for empty, non-finite, negative, zero-length or all-outage steps. */
export function createSimTrace(name: string, steps: readonly (readonly number[])[], kind = 'unknown'): SimTrace {
  const n = steps.length;
  if (n === 0) throw new TraceFormatError(`trace "${name}" has no steps`);
  const startSec = new Float64Array(n + 1);
  const bitsBefore = new Float64Array(n + 1);
  const bps = new Float64Array(n);
  const checked: TraceStep[] = [];
  for (let i = 0; i < n; i++) {
    const step = steps[i]!;
    const durationSec = step[0];
    const kbps = step[1];
    if (step.length !== 2 || durationSec === undefined || kbps === undefined || !Number.isFinite(durationSec) || !Number.isFinite(kbps)) {
      throw new TraceFormatError(`trace "${name}" step ${i} must be [duration_s, kbps] of finite numbers`);
    }
    if (!(durationSec > 0)) throw new TraceFormatError(`trace "${name}" step ${i} lasts ${durationSec} s; durations must be > 0`);
    if (kbps < 0) throw new TraceFormatError(`trace "${name}" step ${i} has ${kbps} kbps; rates must be ≥ 0`);
    checked.push([durationSec, kbps]);
    bps[i] = kbps * 1000;
    startSec[i + 1] = startSec[i]! + durationSec;
    bitsBefore[i + 1] = bitsBefore[i]! + kbps * 1000 * durationSec;
  }
  const totalBits = bitsBefore[n]!;
  if (!(totalBits > 0)) throw new TraceFormatError(`trace "${name}" never delivers a bit: a download would never end`);
  return { name, kind, steps: checked, durationSec: startSec[n]!, totalBits, startSec, bitsBefore, bps };
}

/** Reads `{ name?, kind?, steps }` JSON (other fields ignored). */
export function parseSimTrace(json: unknown, fallbackName = 'inline'): SimTrace {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new TraceFormatError('a trace must be a JSON object with "steps"');
  const record = json as Record<string, unknown>;
  const name = typeof record['name'] === 'string' && record['name'] !== '' ? record['name'] : fallbackName;
  const kind = typeof record['kind'] === 'string' ? record['kind'] : 'unknown';
  const steps = record['steps'];
  if (!Array.isArray(steps) || !steps.every((step) => Array.isArray(step))) {
    throw new TraceFormatError(`trace "${name}" needs "steps": [[duration_s, kbps], …]`);
  }
  return createSimTrace(name, steps as number[][], kind);
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
  let lo = 0;
  let hi = trace.steps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (prefix[mid + 1]! >= bits) hi = mid;
    else lo = mid + 1;
  }
  // bitsBefore[lo] < bits ≤ bitsBefore[lo + 1], so step lo has a rate > 0.
  const rate = trace.bps[lo]!;
  const within = rate > 0 ? Math.min(trace.startSec[lo + 1]!, trace.startSec[lo]! + (bits - prefix[lo]!) / rate) : trace.startSec[lo + 1]!;
  return loops * trace.durationSec + within;
}

function stepIndexAt(trace: SimTrace, tSec: number): number {
  const starts = trace.startSec;
  let lo = 0;
  let hi = trace.steps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= tSec) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
