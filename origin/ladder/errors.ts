/** What went wrong while generating a ladder. */
export type LadderErrorCode =
  | 'ffmpeg-not-found'
  | 'invalid-options'
  | 'probe-failed'
  | 'no-rungs'
  | 'encode-failed'
  | 'aborted';

/**
 * The one error the ladder generator throws on purpose. `code` is stable; `message` is meant
 * for a person (the CLI prints it without a stack).
 */
export class LadderError extends Error {
  readonly code: LadderErrorCode;

  constructor(code: LadderErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LadderError';
    this.code = code;
  }
}
