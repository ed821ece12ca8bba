import type { ServerResponse } from 'node:http';
import { FaultError } from '../faults/errors.js';
import { ProfileError, TraceError } from '../throttle/errors.js';

/** Every error the control API answers with has one of these codes. */
export type ControlErrorCode =
  /** The body is not valid JSON. */
  | 'bad-json'
  /** A PUT or POST without a body. */
  | 'empty-body'
  /** The body is larger than the limit (64 kB by default). */
  | 'body-too-large'
  /** Not a valid session id (1 to 64 of `[A-Za-z0-9_-]`). */
  | 'bad-session'
  /** A query parameter the route cannot use (`since=abc`, `kind=video`). */
  | 'bad-query'
  /** A profile body or query that does not parse (see `reason`: a ProfileErrorCode). */
  | 'invalid-profile'
  /** A trace that cannot be loaded or is malformed (see `reason`: a TraceErrorCode). */
  | 'invalid-trace'
  /** Fault rules that do not parse (see `reason`: a FaultErrorCode). */
  | 'invalid-faults'
  /** No such control route. */
  | 'not-found'
  /** The route exists, the method does not. */
  | 'method-not-allowed'
  /** A bug in the origin; the message says what. */
  | 'internal';

const STATUS: Record<ControlErrorCode, number> = {
  'bad-json': 400,
  'empty-body': 400,
  'body-too-large': 413,
  'bad-session': 400,
  'bad-query': 400,
  'invalid-profile': 400,
  'invalid-trace': 400,
  'invalid-faults': 400,
  'not-found': 404,
  'method-not-allowed': 405,
  internal: 500,
};

/** The one error the control API raises; it becomes `{ error: { code, message, reason?, field? } }`. */
export class ControlError extends Error {
  override readonly name = 'ControlError';
  readonly code: ControlErrorCode;
  /** The code of the parser error behind this one (`conflicting-rate`, `not-found`, …), if any. */
  readonly reason: string | null;
  /** The field at fault (`kbps`, `fault.status`, …), if one is. */
  readonly field: string | null;
  /** For `method-not-allowed`: the methods the route takes (the `Allow` header). */
  readonly allow: string | null;

  constructor(
    code: ControlErrorCode,
    message: string,
    options: { reason?: string; field?: string | null; allow?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
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

/** Maps the typed parser errors (profile, trace, fault) to a ControlError; anything else is `internal`. */
export function toControlError(error: unknown): ControlError {
  if (error instanceof ControlError) return error;
  if (error instanceof ProfileError) return new ControlError('invalid-profile', error.message, { reason: error.code, field: error.field, cause: error });
  if (error instanceof TraceError) return new ControlError('invalid-trace', error.message, { reason: error.code, cause: error });
  if (error instanceof FaultError) return new ControlError('invalid-faults', error.message, { reason: error.code, field: error.field, cause: error });
  return new ControlError('internal', error instanceof Error ? error.message : String(error), { cause: error });
}

/** Answers with the error's status and `{ error: { code, message, … } }`, never cached. */
export function sendControlError(res: ServerResponse, error: ControlError): void {
  if (error.allow !== null && !res.headersSent) res.setHeader('Allow', error.allow);
  // The rest of an oversized body is never read: close the connection rather than drain it.
  if (error.code === 'body-too-large' && !res.headersSent) res.setHeader('Connection', 'close');
  sendControlJson(res, error.status, error.toJSON());
}

/** A small JSON answer, never cached. Infinity and NaN become null, as in JSON.stringify. */
export function sendControlJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}
