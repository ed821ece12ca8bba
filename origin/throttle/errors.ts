/** What is wrong with a bandwidth trace (its JSON, its steps, or its file). */
export type TraceErrorCode =
  /** The file is not valid JSON. */
  | 'not-json'
  /** The trace is not a JSON object. */
  | 'not-an-object'
  /** `steps` is missing or not an array. */
  | 'missing-steps'
  /** `steps` is an empty array. */
  | 'empty-steps'
  /** A step is not a `[duration_s, kbps]` pair. */
  | 'malformed-step'
  /** A step's duration or rate is not a finite number. */
  | 'not-a-number'
  /** A step lasts less than 0 s. */
  | 'negative-duration'
  /** A step lasts exactly 0 s (it would hold no time, and a loop of them never advances). */
  | 'zero-duration'
  /** A step's rate is below 0 kbps. */
  | 'negative-rate'
  /** A trace name that is not a plain file name (`a/b`, `..`), where only names are allowed. */
  | 'bad-name'
  /** No trace file by that name or path. */
  | 'not-found'
  /** A trace name prefix that fits more than one file. */
  | 'ambiguous-name'
  /** The file exists but could not be read. */
  | 'read-failed';

/** The one error trace parsing and loading throw on purpose. `message` is meant for a person. */
export class TraceError extends Error {
  override readonly name = 'TraceError';
  readonly code: TraceErrorCode;
  /** Index of the offending step, when one step is at fault. */
  readonly stepIndex: number | null;

  constructor(code: TraceErrorCode, message: string, options: { stepIndex?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.stepIndex = options.stepIndex ?? null;
  }
}

/** What is wrong with a link profile (query, control-API body or CLI flags). */
export type ProfileErrorCode =
  /** The control-API body is not a JSON object. */
  | 'not-an-object'
  /** A field this profile format does not have (likely a typo). */
  | 'unknown-field'
  /** A field that should hold a number does not. */
  | 'not-a-number'
  /** A number outside its allowed range (negative rate, huge RTT, …). */
  | 'out-of-range'
  /** Both a fixed rate and a trace were given. */
  | 'conflicting-rate'
  /** `traceMode` is not `loop` or `hold`, or is given without a trace. */
  | 'bad-trace-mode'
  /** The trace reference is empty, or a path where only names are allowed. */
  | 'bad-trace-ref'
  /** A CLI flag without its value. */
  | 'missing-value'
  /** A name that is not one of the built-in network profiles (and no traces folder has it either). */
  | 'unknown-profile';

/** The one error profile parsing throws on purpose. */
export class ProfileError extends Error {
  override readonly name = 'ProfileError';
  readonly code: ProfileErrorCode;
  /** The field (query key, JSON key or CLI flag) at fault. */
  readonly field: string | null;

  constructor(code: ProfileErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.field = options.field ?? null;
  }
}
