import type { ServerResponse } from 'node:http';
import { CodedError } from '../../contracts/coded-error.js';
import { sendJsonError } from './respond.js';

/**
 * The JSON API error of the control routes (`/_origin/sessions/…`, `/_origin/traces`), the
 * throttle's URL profiles, the shared body reader and the API access checks (access.ts). It lives here, below the plugins, so each of
 * them raises and answers it without reaching into a sibling.
 */

/** Every error the control API answers with has one of these codes. */
export type ControlErrorCode =
  /** The body is not valid JSON. */
  | 'BAD_JSON'
  /** A PUT or POST without a body. */
  | 'EMPTY_BODY'
  /** The body is larger than the limit (64 kB by default). */
  | 'BODY_TOO_LARGE'
  /** The body nests arrays and objects deeper than the limit (32 by default). */
  | 'TOO_DEEP'
  /** A body that is not `application/json` where the route takes JSON (text/plain, a form, none declared). */
  | 'UNSUPPORTED_MEDIA_TYPE'
  /** The page sending the request (`Origin`, or `Sec-Fetch-Site: cross-site`) may not use this API. */
  | 'FORBIDDEN_ORIGIN'
  /** The `Host` header does not name this server (DNS rebinding). */
  | 'MISDIRECTED_HOST'
  /** Not a valid session id (1 to 64 of `[A-Za-z0-9_-]`). */
  | 'BAD_SESSION'
  /** A query parameter the route cannot use (`since=abc`, `kind=video`). */
  | 'BAD_QUERY'
  /** A profile body or query that does not parse (see `reason`: a ProfileErrorCode). */
  | 'INVALID_PROFILE'
  /** A trace that cannot be loaded or is malformed (see `reason`: a TraceErrorCode). */
  | 'INVALID_TRACE'
  /** Fault rules that do not parse (see `reason`: a FaultErrorCode). */
  | 'INVALID_FAULTS'
  /** No such control route. */
  | 'NOT_FOUND'
  /** The route exists, the method does not. */
  | 'METHOD_NOT_ALLOWED'
  /** A bug in the origin; the message says what. */
  | 'INTERNAL';

const STATUS: Record<ControlErrorCode, number> = {
  BAD_JSON: 400,
  EMPTY_BODY: 400,
  BODY_TOO_LARGE: 413,
  TOO_DEEP: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  FORBIDDEN_ORIGIN: 403,
  MISDIRECTED_HOST: 421,
  BAD_SESSION: 400,
  BAD_QUERY: 400,
  INVALID_PROFILE: 400,
  INVALID_TRACE: 400,
  INVALID_FAULTS: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INTERNAL: 500,
};

/** The one error the control API raises; it becomes `{ error: { code, message, reason?, field? } }`. */
export class ControlError extends CodedError<ControlErrorCode> {
  override readonly name = 'ControlError';
  /** The code of the parser error behind this one (`CONFLICTING_RATE`, `NOT_FOUND`, …), if any. */
  readonly reason: string | null;
  /** The field at fault (`kbps`, `fault.status`, …), if one is. */
  readonly field: string | null;
  /** For `METHOD_NOT_ALLOWED`: the methods the route takes (the `Allow` header). */
  readonly allow: string | null;

  constructor(
    code: ControlErrorCode,
    message: string,
    options: { reason?: string; field?: string | null; allow?: string; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.reason = options.reason ?? null;
    this.field = options.field ?? null;
    this.allow = options.allow ?? null;
  }

  get status(): number {
    return STATUS[this.code];
  }

  toJSON(): { error: { code: ControlErrorCode; message: string; reason?: string; field?: string } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.reason === null ? {} : { reason: this.reason }),
        ...(this.field === null ? {} : { field: this.field }),
      },
    };
  }
}

/** Maps one kind of typed error (a plugin's parser error) to a ControlError, or null for errors of other kinds. */
export type ControlErrorMapper = (error: unknown) => ControlError | null;

/**
 * `error` as a ControlError: itself, else what the first mapper that knows it makes of it (each
 * plugin maps its own parser errors), else `INTERNAL`.
 */
export function toControlError(error: unknown, ...mappers: readonly ControlErrorMapper[]): ControlError {
  if (error instanceof ControlError) return error;
  for (const map of mappers) {
    const mapped = map(error);
    if (mapped !== null) return mapped;
  }
  return new ControlError('INTERNAL', error instanceof Error ? error.message : String(error), { cause: error });
}

const CLOSES_CONNECTION: ReadonlySet<ControlErrorCode> = new Set(['BODY_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'FORBIDDEN_ORIGIN', 'MISDIRECTED_HOST']);

/** Answers with the error's status and `{ error: { code, message, … } }`, never cached. */
export function sendControlError(res: ServerResponse, error: ControlError): void {
  sendJsonError(res, error.status, error.toJSON().error, {
    ...(error.allow === null ? {} : { headers: { Allow: error.allow } }),
    // The rest of the body is never read (oversized, or refused before reading): close the
    // connection rather than drain it.
    closeConnection: CLOSES_CONNECTION.has(error.code),
  });
}
