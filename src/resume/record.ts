/** Reading a ResumeRecord from untrusted JSON (storage, HTTP). PURE. */
import type { ResumeRecord } from './types.js';

/** The record in `value`, or null when it is not a well-formed one. Extra fields are dropped. */
export function parseRecord(value: unknown): ResumeRecord | null {
  if (value === null || typeof value !== 'object') return null;
  const { positionSec, durationSec, completed, updatedAt } = value as Record<string, unknown>;
  if (typeof positionSec !== 'number' || !Number.isFinite(positionSec) || positionSec < 0) return null;
  if (typeof durationSec !== 'number' || !Number.isFinite(durationSec) || durationSec <= 0) return null;
  if (typeof completed !== 'boolean') return null;
  if (typeof updatedAt !== 'number' || !Number.isFinite(updatedAt)) return null;
  return { positionSec, durationSec, completed, updatedAt };
}

/** Positions closer than this (seconds) are the same place in the video. */
export const SAME_PLACE_SEC = 1;

/** True when both put the viewer at the same place (within SAME_PLACE_SEC, same `completed`), whenever saved. */
export function samePlace(a: ResumeRecord, b: ResumeRecord): boolean {
  return a.completed === b.completed && Math.abs(a.positionSec - b.positionSec) < SAME_PLACE_SEC;
}
