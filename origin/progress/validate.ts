/** Parsing what a client sends to the resume API. PURE. */
import { ProgressError } from './errors.js';

/** A saved position as stored and answered. `updatedAt` is ms since the epoch on the server's clock. */
export interface ProgressRecord {
  positionSec: number;
  durationSec: number;
  completed: boolean;
  updatedAt: number;
}

/** The same rule as the player's `isMediaId`. */
export const MEDIA_ID_PATTERN = /^[A-Za-z0-9._~:@-]{1,128}$/;

/** Longest video a position may describe: one week, seconds. */
export const MAX_DURATION_SEC = 7 * 24 * 3600;

/** Largest PUT body, bytes: a position is ~100 bytes. */
export const PROGRESS_BODY_LIMIT_BYTES = 1024;

const FIELDS = new Set(['positionSec', 'durationSec', 'completed', 'updatedAt']);

export function parseMediaId(value: string): string {
  if (!MEDIA_ID_PATTERN.test(value)) {
    throw new ProgressError('bad-media-id', `not a media id: ${JSON.stringify(value.slice(0, 140))} (1 to 128 of A-Z a-z 0-9 . _ ~ : @ -)`);
  }
  return value;
}

/**
 * A PUT body: exactly `{ positionSec, durationSec, completed, updatedAt }` with
 * 0 ≤ positionSec ≤ durationSec ≤ one week, and updatedAt a positive integer (ms). A timestamp from
 * the future (past `nowMs`) is clamped to `nowMs`: a client clock running ahead cannot win every
 * later conflict.
 */
export function parseProgressBody(body: unknown, nowMs: number): ProgressRecord {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ProgressError('invalid-progress', 'the body must be a JSON object { positionSec, durationSec, completed, updatedAt }');
  }
  const fields = body as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!FIELDS.has(key)) throw new ProgressError('invalid-progress', `unknown field ${JSON.stringify(key)}`, { field: key });
  }
  const durationSec = finite(fields.durationSec, 'durationSec');
  if (durationSec <= 0 || durationSec > MAX_DURATION_SEC) {
    throw new ProgressError('invalid-progress', `durationSec must be in (0, ${MAX_DURATION_SEC}]`, { field: 'durationSec' });
  }
  const positionSec = finite(fields.positionSec, 'positionSec');
  if (positionSec < 0 || positionSec > durationSec) {
    throw new ProgressError('invalid-progress', 'positionSec must be in [0, durationSec]', { field: 'positionSec' });
  }
  if (typeof fields.completed !== 'boolean') throw new ProgressError('invalid-progress', 'completed must be true or false', { field: 'completed' });
  const updatedAt = finite(fields.updatedAt, 'updatedAt');
  if (!Number.isInteger(updatedAt) || updatedAt <= 0) {
    throw new ProgressError('invalid-progress', 'updatedAt must be a positive integer (ms since the epoch)', { field: 'updatedAt' });
  }
  return { positionSec, durationSec, completed: fields.completed, updatedAt: Math.min(updatedAt, nowMs) };
}

function finite(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ProgressError('invalid-progress', `${field} must be a finite number`, { field });
  return value;
}
