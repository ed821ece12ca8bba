/**
 * The one error base of vod-player and vod-origin: a string `code` in UPPER_SNAKE_CASE, the
 * original `cause`, and a `name` per subclass. Every typed error (VodPlayerError, ResumeStoreError,
 * AbrConfigError, the origin's errors, …) extends it, so callers can branch on `code` everywhere.
 */
export class CodedError<Code extends string = string> extends Error {
  readonly code: Code;
  override readonly cause: unknown;

  constructor(code: Code, message: string, options: { cause?: unknown } = {}) {
    super(message);
    this.code = code;
    this.cause = options.cause;
  }
}

/** True for any vod-player/vod-origin typed error, whatever its class. */
export function isCodedError(value: unknown): value is CodedError {
  return value instanceof CodedError;
}
