import type { ServerResponse } from 'node:http';
import { CodedError } from '../../contracts/coded-error.js';
import { ControlError } from '../http/control-error.js';
import { sendJsonError } from '../http/respond.js';

export type CollectorErrorCode =
  /** The body is not valid JSON, or empty. */
  | 'BAD_JSON'
  /** The body is larger than the limit (64 kB by default). */
  | 'BODY_TOO_LARGE'
  /** The body nests arrays and objects deeper than the limit (32): refused before parsing. */
  | 'TOO_DEEP'
  /** The batch does not validate against the published schema; `errors` says where. */
  | 'INVALID_BEACON'
  /** A query the route cannot use. */
  | 'BAD_QUERY'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  /** The collector was switched off (`PUT /beacons/outage`): try again later. */
  | 'COLLECTOR_DOWN'
  | 'INTERNAL';

const STATUS: Record<CollectorErrorCode, number> = {
  BAD_JSON: 400,
  BODY_TOO_LARGE: 413,
  TOO_DEEP: 400,
  INVALID_BEACON: 400,
  BAD_QUERY: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  COLLECTOR_DOWN: 503,
  INTERNAL: 500,
};

/** One schema violation: where (a JSON pointer into the batch) and what. */
export interface SchemaViolation {
  path: string;
  message: string;
}

/** The collector's one error; answered as `{ error: { code, message, errors? } }`. */
export class CollectorError extends CodedError<CollectorErrorCode> {
  override readonly name = 'CollectorError';
  readonly violations: readonly SchemaViolation[];
  readonly allow: string | null;

  constructor(code: CollectorErrorCode, message: string, options: { violations?: readonly SchemaViolation[]; allow?: string; cause?: unknown } = {}) {
    super(code, message, { cause: options.cause });
    this.violations = options.violations ?? [];
    this.allow = options.allow ?? null;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/** Maps the body reader's errors (ControlError) and anything else to a CollectorError. */
export function toCollectorError(error: unknown): CollectorError {
  if (error instanceof CollectorError) return error;
  if (error instanceof ControlError) {
    if (error.code === 'BODY_TOO_LARGE') return new CollectorError('BODY_TOO_LARGE', error.message, { cause: error });
    if (error.code === 'TOO_DEEP') return new CollectorError('TOO_DEEP', error.message, { cause: error });
    if (error.code === 'BAD_JSON' || error.code === 'EMPTY_BODY') return new CollectorError('BAD_JSON', error.message, { cause: error });
  }
  return new CollectorError('INTERNAL', error instanceof Error ? error.message : String(error), { cause: error });
}

export function sendCollectorError(res: ServerResponse, error: CollectorError): void {
  const headers: Record<string, string> = {};
  if (error.allow !== null) headers['Allow'] = error.allow;
  if (error.code === 'COLLECTOR_DOWN') headers['Retry-After'] = '1';
  sendJsonError(
    res,
    error.status,
    { code: error.code, message: error.message, ...(error.violations.length > 0 ? { errors: error.violations } : {}) },
    { headers, closeConnection: error.code === 'BODY_TOO_LARGE' },
  );
}
