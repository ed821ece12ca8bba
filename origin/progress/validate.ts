/**
 * Parsing what a client sends to the resume API. PURE. The record and the media-id rule are the
 * player's too: both live in contracts/ (`resume-record.ts`, `media-id.ts`).
 */
import { isMediaId, MEDIA_ID_RULE } from '../../contracts/media-id.js';
import { checkResumeRecord, type ResumeRecord } from '../../contracts/resume-record.js';
import { ProgressError } from './errors.js';

/** A saved position as stored and answered (the shared ResumeRecord). `updatedAt` is ms since the epoch on the server's clock. */
export type ProgressRecord = ResumeRecord;

/** Largest PUT body, bytes: a position is ~100 bytes. */
export const PROGRESS_BODY_LIMIT_BYTES = 1024;

export function parseMediaId(value: string): string {
  if (!isMediaId(value)) {
    throw new ProgressError('BAD_MEDIA_ID', `not a media id: ${JSON.stringify(value.slice(0, 140))} (${MEDIA_ID_RULE})`);
  }
  return value;
}

/**
 * A PUT body: what `checkResumeRecord` accepts, exactly `{ positionSec, durationSec, completed,
 * updatedAt }` with 0 ≤ positionSec ≤ durationSec ≤ one week, and updatedAt a positive integer
 * (ms). A timestamp from the future (past `nowEpochMs`) is clamped to `nowEpochMs`: a client clock
 * running ahead cannot win every later conflict. Throws ProgressError `INVALID_PROGRESS` naming the field.
 */
export function parseProgressBody(body: unknown, nowEpochMs: number): ProgressRecord {
  const checked = checkResumeRecord(body);
  if (!checked.ok) throw new ProgressError('INVALID_PROGRESS', checked.message, { field: checked.field });
  return { ...checked.record, updatedAt: Math.min(checked.record.updatedAt, nowEpochMs) };
}
