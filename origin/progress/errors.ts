import type { ServerResponse } from 'node:http';
import { ControlError, sendControlJson } from '../control/errors.js';

/** Every error the resume API answers with has one of these codes. */
export type ProgressErrorCode =
  /** No `Authorization: Bearer <token>`, or a malformed one (401). */
  | 'unauthorized'
  /** Not a media id: 1 to 128 of `A-Z a-z 0-9 . _ ~ : @ -` (400). */
  | 'bad-media-id'
  /** The body is not a valid position (see `field`) (400). */
  | 'invalid-progress'
  /** No saved position for this viewer and video (404). */
  | 'not-found'
  /** The server keeps a newer position (last writer wins); `current` holds it (409). */
  | 'stale-write'
  /** The route exists, the method does not (405). */
  | 'method-not-allowed';

const STATUS: Record<ProgressErrorCode, number> = {
  unauthorized: 401,
  'bad-media-id': 400,
  'invalid-progress': 400,
  'not-found': 404,
  'stale-write': 409,
  'method-not-allowed': 405,
};

export class ProgressError extends Error {
  override readonly name = 'ProgressError';
  readonly code: ProgressErrorCode;
  readonly field: string | null;

  constructor(code: ProgressErrorCode, message: string, options: { field?: string } = {}) {
    super(message);
    this.code = code;
    this.field = options.field ?? null;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/**
 * Answers `{ error: { code, message, field? }, serverTimeMs, ...extra }`. Body errors of the shared
 * reader (ControlError: `bad-json`, `empty-body`, `body-too-large`) keep their code and status.
 */
export function sendProgressError(res: ServerResponse, error: ProgressError | ControlError, serverTimeMs: number, extra: object = {}): void {
  if (error instanceof ProgressError && error.code === 'unauthorized') res.setHeader('WWW-Authenticate', 'Bearer realm="progress"');
  if (error instanceof ProgressError && error.code === 'method-not-allowed') res.setHeader('Allow', 'GET, HEAD, PUT, DELETE, OPTIONS');
  if (error instanceof ControlError && error.code === 'body-too-large') res.setHeader('Connection', 'close');
  const field = error.field === null ? {} : { field: error.field };
  sendControlJson(res, error.status, { error: { code: error.code, message: error.message, ...field }, serverTimeMs, ...extra });
}
