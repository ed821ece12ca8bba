import { CodedError } from '../../contracts/coded-error.js';
import { ControlError } from '../http/control-error.js';

/** What is wrong with a fault rule (control-API JSON or CLI string). */
export type FaultErrorCode =
  /** The rule (or its `fault` / `match`) is not a JSON object. */
  | 'NOT_AN_OBJECT'
  /** A field or CLI option the rule format does not have (likely a typo). */
  | 'UNKNOWN_FIELD'
  /** A fault type that does not exist. */
  | 'UNKNOWN_FAULT'
  /** A required field is missing (`durationSec` of a stall, …). */
  | 'MISSING_FIELD'
  /** A field that should hold a number does not, or not an integer where one is needed. */
  | 'NOT_A_NUMBER'
  /** A number outside its range (a 200 status, a probability of 2, …). */
  | 'OUT_OF_RANGE'
  /** A file kind that does not exist. */
  | 'BAD_KIND'
  /** A segment range whose start is after its end, or that is not `N`, `N-M`, `N-` or `-M`. */
  | 'BAD_SEGMENT_RANGE'
  /** A `pathGlob` (CLI `path=`) that is not a usable glob (see glob.ts). */
  | 'BAD_GLOB'
  /** `match.pathPattern`, the regular expression of vod-origin 0.2: use `match.pathGlob`. */
  | 'RENAMED_FIELD'
  /** A text field that is empty, too long or has characters it cannot have (`codecs`, `contentType`). */
  | 'BAD_TEXT'
  /** Fields that cannot go together (`afterBytes` and `fraction` on one truncation). */
  | 'CONFLICTING_FIELDS'
  /** A CLI string that does not follow the grammar. */
  | 'BAD_SYNTAX'
  /** Two rules with the same id. */
  | 'DUPLICATE_ID';

/** The one error fault-rule parsing throws on purpose. `message` is meant for a person. */
export class FaultError extends CodedError<FaultErrorCode> {
  override readonly name = 'FaultError';
  /** The field or CLI option at fault, when one is. */
  readonly field: string | null;

  constructor(code: FaultErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(code, message, { cause: options.cause });
    this.field = options.field ?? null;
  }
}

/** Fault rules that do not parse, as the control API answers them: `INVALID_FAULTS` with the parser's code as `reason`. Null for other errors. */
export function faultControlError(error: unknown): ControlError | null {
  if (error instanceof FaultError) return new ControlError('INVALID_FAULTS', error.message, { reason: error.code, field: error.field, cause: error });
  return null;
}
