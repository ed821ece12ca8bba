/**
 * The resume record: one saved position of one video for one viewer, as the player keeps it
 * (localStorage, its remote store) and as the origin's resume API stores and answers it. PURE.
 *
 * Two readings of untrusted JSON share the shape:
 *  - `parseResumeRecord`: lenient, for reading back what a store holds (extra fields dropped);
 *  - `checkResumeRecord`: strict, for accepting a write (exact fields, ranges, integer time).
 */

/** One saved position of one video for one viewer. */
export interface ResumeRecord {
  /** Position in the media, seconds. */
  positionSec: number;
  /** Duration of the media when it was saved, seconds. */
  durationSec: number;
  /** The viewer reached the end (or the credits): next time, start from 0. */
  completed: boolean;
  /** When it was saved, milliseconds since the Unix epoch, on the writer's clock. */
  updatedAt: number;
}

/** The record's fields, in wire order. */
export const RESUME_RECORD_FIELDS: readonly (keyof ResumeRecord)[] = Object.freeze(['positionSec', 'durationSec', 'completed', 'updatedAt']);

/** Longest video a written record may describe: one week, seconds. */
export const MAX_DURATION_SEC = 7 * 24 * 3600;

/** The record in `value`, or null when it is not a well-formed one. Extra fields are dropped. */
export function parseResumeRecord(value: unknown): ResumeRecord | null {
  if (value === null || typeof value !== 'object') return null;
  const { positionSec, durationSec, completed, updatedAt } = value as Record<string, unknown>;
  if (!isFiniteNumber(positionSec) || positionSec < 0) return null;
  if (!isFiniteNumber(durationSec) || durationSec <= 0) return null;
  if (typeof completed !== 'boolean') return null;
  if (!isFiniteNumber(updatedAt)) return null;
  return { positionSec, durationSec, completed, updatedAt };
}

/** Why a write was refused: the field at fault (null: the body as a whole) and a message for a person. */
export interface ResumeRecordProblem {
  ok: false;
  field: string | null;
  message: string;
}

/**
 * A record to be written: exactly `{ positionSec, durationSec, completed, updatedAt }` with
 * 0 ≤ positionSec ≤ durationSec ≤ MAX_DURATION_SEC, and updatedAt a positive integer (ms).
 * The first problem found is returned, fields in the order above after unknown fields.
 */
export function checkResumeRecord(value: unknown): { ok: true; record: ResumeRecord } | ResumeRecordProblem {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return problem(null, 'the body must be a JSON object { positionSec, durationSec, completed, updatedAt }');
  }
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!(RESUME_RECORD_FIELDS as readonly string[]).includes(key)) return problem(key, `unknown field ${JSON.stringify(key)}`);
  }
  const { positionSec, durationSec, completed, updatedAt } = fields;
  if (!isFiniteNumber(durationSec)) return notFinite('durationSec');
  if (durationSec <= 0 || durationSec > MAX_DURATION_SEC) return problem('durationSec', `durationSec must be in (0, ${MAX_DURATION_SEC}]`);
  if (!isFiniteNumber(positionSec)) return notFinite('positionSec');
  if (positionSec < 0 || positionSec > durationSec) return problem('positionSec', 'positionSec must be in [0, durationSec]');
  if (typeof completed !== 'boolean') return problem('completed', 'completed must be true or false');
  if (!isFiniteNumber(updatedAt)) return notFinite('updatedAt');
  if (!Number.isInteger(updatedAt) || updatedAt <= 0) return problem('updatedAt', 'updatedAt must be a positive integer (ms since the epoch)');
  return { ok: true, record: { positionSec, durationSec, completed, updatedAt } };
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function notFinite(field: string): ResumeRecordProblem {
  return problem(field, `${field} must be a finite number`);
}

function problem(field: string | null, message: string): ResumeRecordProblem {
  return { ok: false, field, message };
}
