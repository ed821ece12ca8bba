/**
 * When to resume and what to save. PURE: no DOM, no clock (time is an argument).
 */
import type { ResumeConfig } from './config.js';
import type { ResumeRecord } from './types.js';

export type StartDecision =
  | { action: 'resume'; positionSec: number }
  | { action: 'start-over'; reason: 'no-record' | 'too-early' | 'completed' | 'invalid' };

/**
 * Where to start from a saved record: resume at its position, unless there is none, it is under
 * `minPositionSec`, or the video was completed (flagged, or at/after `completedFraction` of the
 * duration, or at the very end): then start from 0.
 */
export function decideStart(record: ResumeRecord | null, config: ResumeConfig): StartDecision {
  if (record === null) return { action: 'start-over', reason: 'no-record' };
  const { positionSec, durationSec } = record;
  if (!Number.isFinite(positionSec) || positionSec < 0) return { action: 'start-over', reason: 'invalid' };
  if (record.completed || isCompleted(positionSec, durationSec, config)) return { action: 'start-over', reason: 'completed' };
  if (positionSec < config.minPositionSec) return { action: 'start-over', reason: 'too-early' };
  return { action: 'resume', positionSec };
}

/** At or past `completedFraction` of a known duration, or within half a second of its end. */
export function isCompleted(positionSec: number, durationSec: number, config: ResumeConfig): boolean {
  if (!Number.isFinite(durationSec) || durationSec <= 0) return false;
  return positionSec >= durationSec * config.completedFraction || positionSec >= durationSec - 0.5;
}

/**
 * The record to save for a playhead, or null when there is nothing meaningful to save (unknown or
 * infinite duration, no position). `ended` marks it completed whatever the fraction.
 */
export function recordAt(
  snapshot: { positionSec: number; durationSec: number; ended: boolean },
  nowEpochMs: number,
  config: ResumeConfig,
): ResumeRecord | null {
  const { durationSec, ended } = snapshot;
  if (!Number.isFinite(durationSec) || durationSec <= 0 || !Number.isFinite(snapshot.positionSec)) return null;
  const positionSec = Math.round(Math.min(Math.max(0, snapshot.positionSec), durationSec) * 1000) / 1000;
  return {
    positionSec,
    durationSec,
    completed: ended || isCompleted(positionSec, durationSec, config),
    updatedAt: nowEpochMs,
  };
}
