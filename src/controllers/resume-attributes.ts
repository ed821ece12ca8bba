import type { Parsed } from '../attributes.js';
import { VodPlayerError } from '../errors.js';
import { isMediaId } from '../resume/media-id.js';

/** Values of the `resume` attribute: `auto` resumes by itself, `prompt` asks, `off` never resumes nor saves. */
export const RESUME_MODES = ['auto', 'prompt', 'off'] as const;
export type ResumeMode = (typeof RESUME_MODES)[number];

function invalid(attribute: string, message: string): { ok: false; error: VodPlayerError } {
  return { ok: false, error: new VodPlayerError('INVALID_ATTRIBUTE', message, { fatal: false, detail: { attribute } }) };
}

/** `resume`: absent or empty means `auto`; anything else must be one of RESUME_MODES. */
export function parseResumeMode(value: string | null | undefined): Parsed<ResumeMode> {
  const normalized = (value ?? '').trim().toLowerCase();
  if (normalized === '') return { ok: true, value: 'auto' };
  const found = RESUME_MODES.find((mode) => mode === normalized);
  if (found) return { ok: true, value: found };
  return invalid('resume', `resume="${value}" is not one of ${RESUME_MODES.join(', ')}; using auto.`);
}

/** `media-id`: 1 to 128 of letters, digits and `. _ ~ : @ -`; empty means "derive it from src" (null). */
export function parseMediaId(value: string | null | undefined): Parsed<string | null> {
  const trimmed = (value ?? '').trim();
  if (trimmed === '') return { ok: true, value: null };
  if (isMediaId(trimmed)) return { ok: true, value: trimmed };
  return invalid('media-id', `media-id="${value}" is not 1 to 128 of A-Z a-z 0-9 . _ ~ : @ -; resume is off for this source.`);
}
