import type { ServerResponse } from 'node:http';
import { ControlError, sendControlJson } from '../control/errors.js';

export type CollectorErrorCode =
  /** The body is not valid JSON, or empty. */
  | 'bad-json'
  /** The body is larger than the limit (64 kB by default). */
  | 'body-too-large'
  /** The batch does not validate against the published schema; `errors` says where. */
  | 'invalid-beacon'
  /** A query the route cannot use. */
  | 'bad-query'
  | 'not-found'
  | 'method-not-allowed'
  /** The collector was switched off (`PUT /beacons/outage`): try again later. */
  | 'collector-down'
  | 'internal';

const STATUS: Record<CollectorErrorCode, number> = {
  'bad-json': 400,
  'body-too-large': 413,
  'invalid-beacon': 400,
  'bad-query': 400,
  'not-found': 404,
  'method-not-allowed': 405,
  'collector-down': 503,
  internal: 500,
};

/** One schema violation: where (a JSON pointer into the batch) and what. */
export interface SchemaViolation {
  path: string;
  message: string;
}

/** The collector's one error; answered as `{ error: { code, message, errors? } }`. */
export class CollectorError extends Error {
  override readonly name = 'CollectorError';
  readonly code: CollectorErrorCode;
  readonly violations: readonly SchemaViolation[];
  readonly allow: string | null;

  constructor(code: CollectorErrorCode, message: string, options: { violations?: readonly SchemaViolation[]; allow?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
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
    if (error.code === 'body-too-large') return new CollectorError('body-too-large', error.message, { cause: error });
    if (error.code === 'bad-json' || error.code === 'empty-body') return new CollectorError('bad-json', error.message, { cause: error });
  }
  return new CollectorError('internal', error instanceof Error ? error.message : String(error), { cause: error });
}

export function sendCollectorError(res: ServerResponse, error: CollectorError): void {
  if (res.headersSent) return;
  if (error.allow !== null) res.setHeader('Allow', error.allow);
  if (error.code === 'body-too-large') res.setHeader('Connection', 'close');
  if (error.code === 'collector-down') res.setHeader('Retry-After', '1');
  sendControlJson(res, error.status, {
    error: { code: error.code, message: error.message, ...(error.violations.length > 0 ? { errors: error.violations } : {}) },
  });
}
