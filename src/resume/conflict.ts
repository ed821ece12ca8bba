/**
 * Which of two saved positions wins: last writer wins by `updatedAt`, with a rule for skewed
 * clocks. PURE: `nowEpochMs` is an argument.
 *
 * The clock-skew rule:
 *  1. A timestamp from the future counts as `nowEpochMs`: a device whose clock runs ahead cannot
 *     win every later conflict.
 *  2. Timestamps closer than `skewToleranceMs` cannot be ordered by clocks that may disagree:
 *     the records count as concurrent, and the one further into the video wins (re-watching a
 *     few seconds is cheaper than losing progress). Equal positions: the second argument (the
 *     remote, shared record) wins.
 *  3. Otherwise the later `updatedAt` wins.
 * The remote store converts between the server's clock and the device's (see `clock-offset.ts`),
 * so the timestamps compared here are on one clock up to the round-trip time.
 */
import type { ResumeRecord } from './types.js';

/** Default for `skewToleranceMs`: 5 s. */
export const DEFAULT_SKEW_TOLERANCE_MS = 5_000;

export interface ConflictOptions {
  /** Now, on the clock of `updatedAt` (milliseconds since the Unix epoch). */
  nowEpochMs: number;
  skewToleranceMs?: number;
}

/** The winner between `local` and `remote` (either may be null). */
export function pickRecord(
  local: ResumeRecord | null,
  remote: ResumeRecord | null,
  options: ConflictOptions,
): ResumeRecord | null {
  if (local === null) return remote;
  if (remote === null) return local;
  return compareRecords(local, remote, options) > 0 ? local : remote;
}

/** > 0 when `a` wins over `b`, < 0 when `b` wins, 0 when they are the same save. */
export function compareRecords(a: ResumeRecord, b: ResumeRecord, options: ConflictOptions): number {
  const toleranceMs = options.skewToleranceMs ?? DEFAULT_SKEW_TOLERANCE_MS;
  const aMs = Math.min(a.updatedAt, options.nowEpochMs);
  const bMs = Math.min(b.updatedAt, options.nowEpochMs);
  if (Math.abs(aMs - bMs) > toleranceMs) return aMs - bMs;
  return a.positionSec - b.positionSec;
}
