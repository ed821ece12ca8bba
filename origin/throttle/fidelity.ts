import { linkBitsBetween, type LinkRate } from './rate.js';

/**
 * How closely delivered throughput follows a link's rate, second by second. Pure. The throttle's
 * stats use `expectedBytesPerSecond`; the rest is public API (vod-origin's index) for measuring a
 * link, as the benchmarks in bench/ do. No benchmark itself ships in the package.
 */

/** Bytes the rate allows in each whole second [i, i + 1) of the link clock, for `seconds` seconds. */
export function expectedBytesPerSecond(rate: LinkRate, seconds: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < seconds; i += 1) out.push(linkBitsBetween(rate, i, i + 1) / 8);
  return out;
}

/**
 * Relative error of each second, `(delivered - expected) / expected`. Seconds where the link
 * allowed nothing (an outage) are skipped: no ratio exists, and `outageLeakBytes` counts what
 * was delivered in them anyway.
 */
export function perSecondErrors(expectedBytes: readonly number[], deliveredBytes: readonly number[]): { errors: number[]; outageLeakBytes: number } {
  const errors: number[] = [];
  let outageLeakBytes = 0;
  expectedBytes.forEach((expected, i) => {
    const delivered = deliveredBytes[i] ?? 0;
    if (expected > 0) errors.push((delivered - expected) / expected);
    else outageLeakBytes += delivered;
  });
  return { errors, outageLeakBytes };
}

export interface ErrorSummary {
  readonly count: number;
  /** Median of the signed errors (bias). */
  readonly medianError: number;
  /** Median and 95th percentile of |error|. */
  readonly medianAbsError: number;
  readonly p95AbsError: number;
  readonly maxAbsError: number;
}

export function summarizeErrors(errors: readonly number[]): ErrorSummary {
  const abs = errors.map(Math.abs).sort((a, b) => a - b);
  const signed = [...errors].sort((a, b) => a - b);
  return {
    count: errors.length,
    medianError: quantile(signed, 0.5),
    medianAbsError: quantile(abs, 0.5),
    p95AbsError: quantile(abs, 0.95),
    maxAbsError: abs.at(-1) ?? 0,
  };
}

/** Linear-interpolated quantile of sorted values; 0 for none. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] ?? 0;
  const high = sorted[upper] ?? low;
  return low + (high - low) * (position - lower);
}
