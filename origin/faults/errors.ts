/** What is wrong with a fault rule (control-API JSON or CLI string). */
export type FaultErrorCode =
  /** The rule (or its `fault` / `match`) is not a JSON object. */
  | 'not-an-object'
  /** A field or CLI option the rule format does not have (likely a typo). */
  | 'unknown-field'
  /** A fault type that does not exist. */
  | 'unknown-fault'
  /** A required field is missing (`durationSec` of a stall, …). */
  | 'missing-field'
  /** A field that should hold a number does not, or not an integer where one is needed. */
  | 'not-a-number'
  /** A number outside its range (a 200 status, a probability of 2, …). */
  | 'out-of-range'
  /** A file kind that does not exist. */
  | 'bad-kind'
  /** A segment range whose start is after its end, or that is not `N`, `N-M`, `N-` or `-M`. */
  | 'bad-segment-range'
  /** A `pathPattern` that is not a valid regular expression. */
  | 'bad-pattern'
  /** Fields that cannot go together (`afterBytes` and `fraction` on one truncation). */
  | 'conflicting-fields'
  /** A CLI string that does not follow the grammar. */
  | 'bad-syntax'
  /** Two rules with the same id. */
  | 'duplicate-id';

/** The one error fault-rule parsing throws on purpose. `message` is meant for a person. */
export class FaultError extends Error {
  override readonly name = 'FaultError';
  readonly code: FaultErrorCode;
  /** The field or CLI option at fault, when one is. */
  readonly field: string | null;

  constructor(code: FaultErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.field = options.field ?? null;
  }
}
