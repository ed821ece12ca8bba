import { CodedError } from '../../contracts/coded-error.js';
import type { TraceFormatError, TraceFormatErrorCode } from '../../contracts/trace.js';
import { ControlError } from '../http/control-error.js';

/** What is wrong with a bandwidth trace (its JSON, its steps, or its file). */
export type TraceErrorCode =
  /** The file's JSON or steps do not follow the trace format (see contracts/trace.ts). */
  | TraceFormatErrorCode
  /** The file is not valid JSON. */
  | 'NOT_JSON'
  /** A trace name that is not a plain file name (`a/b`, `..`), where only names are allowed. */
  | 'BAD_NAME'
  /** No trace file by that name or path. */
  | 'NOT_FOUND'
  /** A trace name prefix that fits more than one file. */
  | 'AMBIGUOUS_NAME'
  /** The file exists but could not be read. */
  | 'READ_FAILED';

/** The one error trace parsing and loading throw on purpose. `message` is meant for a person. */
export class TraceError extends CodedError<TraceErrorCode> {
  override readonly name = 'TraceError';
  /** Index of the offending step, when one step is at fault. */
  readonly stepIndex: number | null;

  constructor(code: TraceErrorCode, message: string, options: { stepIndex?: number | null; cause?: unknown } = {}) {
    super(code, message, { cause: options.cause });
    this.stepIndex = options.stepIndex ?? null;
  }

  /** The shared format check's error as the throttle's: same code, message, step and cause. */
  static fromFormatError(error: TraceFormatError): TraceError {
    return new TraceError(error.code, error.message, { stepIndex: error.stepIndex, cause: error.cause });
  }
}

/** What is wrong with a link profile (query, control-API body or CLI flags). */
export type ProfileErrorCode =
  /** The control-API body is not a JSON object. */
  | 'NOT_AN_OBJECT'
  /** A field this profile format does not have (likely a typo). */
  | 'UNKNOWN_FIELD'
  /** A field that should hold a number does not. */
  | 'NOT_A_NUMBER'
  /** A number outside its allowed range (negative rate, huge RTT, …). */
  | 'OUT_OF_RANGE'
  /** Both a fixed rate and a trace were given. */
  | 'CONFLICTING_RATE'
  /** `traceMode` is not `loop` or `hold`, or is given without a trace. */
  | 'BAD_TRACE_MODE'
  /** The trace reference is empty, or a path where only names are allowed. */
  | 'BAD_TRACE_REF'
  /** A CLI flag without its value. */
  | 'MISSING_VALUE'
  /** A name that is not one of the built-in network profiles (and no traces folder has it either). */
  | 'UNKNOWN_PROFILE'
  /** Profile keys in the URL of a request without a session (`/s/<id>/…` or `X-Vod-Session`): a GET never changes the shared link. */
  | 'NEEDS_SESSION';

/** The one error profile parsing throws on purpose. */
export class ProfileError extends CodedError<ProfileErrorCode> {
  override readonly name = 'ProfileError';
  /** The field (query key, JSON key or CLI flag) at fault. */
  readonly field: string | null;

  constructor(code: ProfileErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(code, message, { cause: options.cause });
    this.field = options.field ?? null;
  }
}

/**
 * A profile or trace that does not parse or load, as the control API answers it (also for a
 * profile in a URL query): `INVALID_PROFILE` / `INVALID_TRACE` with the parser's code as `reason`.
 * Null for other errors.
 */
export function linkControlError(error: unknown): ControlError | null {
  if (error instanceof ProfileError) return new ControlError('INVALID_PROFILE', error.message, { reason: error.code, field: error.field, cause: error });
  if (error instanceof TraceError) return new ControlError('INVALID_TRACE', error.message, { reason: error.code, cause: error });
  return null;
}
