import type { ServerResponse } from 'node:http';
import { CodedError } from '../../contracts/coded-error.js';
import { ControlError } from '../http/control-error.js';
import { sendJsonError } from '../http/respond.js';

/** Every error the resume API answers with has one of these codes. */
export type ProgressErrorCode =
  /** No `Authorization: Bearer <token>`, or a malformed one (401). */
  | 'UNAUTHORIZED'
  /** Not a media id: 1 to 128 of `A-Z a-z 0-9 . _ ~ : @ -` (400). */
  | 'BAD_MEDIA_ID'
  /** The body is not a valid position (see `field`) (400). */
  | 'INVALID_PROGRESS'
  /** No saved position for this viewer and video (404). */
  | 'NOT_FOUND'
  /** The server keeps a newer position (last writer wins); `current` holds it (409). */
  | 'STALE_WRITE'
  /** The route exists, the method does not (405). */
  | 'METHOD_NOT_ALLOWED';

const STATUS: Record<ProgressErrorCode, number> = {
  UNAUTHORIZED: 401,
  BAD_MEDIA_ID: 400,
  INVALID_PROGRESS: 400,
  NOT_FOUND: 404,
  STALE_WRITE: 409,
  METHOD_NOT_ALLOWED: 405,
};

export class ProgressError extends CodedError<ProgressErrorCode> {
  override readonly name = 'ProgressError';
  readonly field: string | null;

  constructor(code: ProgressErrorCode, message: string, options: { field?: string | null } = {}) {
    super(code, message);
    this.field = options.field ?? null;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/**
 * Answers `{ error: { code, message, field? }, serverTimeMs, ...extra }`. Body errors of the shared
 * reader (ControlError: `BAD_JSON`, `EMPTY_BODY`, `BODY_TOO_LARGE`) keep their code and status.
 */
export function sendProgressError(res: ServerResponse, error: ProgressError | ControlError, serverTimeMs: number, extra: object = {}): void {
  const headers: Record<string, string> = {};
  if (error instanceof ProgressError && error.code === 'UNAUTHORIZED') headers['WWW-Authenticate'] = 'Bearer realm="progress"';
  if (error instanceof ProgressError && error.code === 'METHOD_NOT_ALLOWED') headers['Allow'] = 'GET, HEAD, PUT, DELETE, OPTIONS';
  const field = error.field === null ? {} : { field: error.field };
  sendJsonError(res, error.status, { code: error.code, message: error.message, ...field }, {
    headers,
    closeConnection: error instanceof ControlError && error.code === 'BODY_TOO_LARGE',
    extra: { serverTimeMs, ...extra },
  });
}
