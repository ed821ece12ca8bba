import { CodedError } from '../../contracts/coded-error.js';

/** What went wrong while generating a ladder. */
export type LadderErrorCode =
  | 'FFMPEG_NOT_FOUND'
  | 'INVALID_OPTIONS'
  | 'PROBE_FAILED'
  | 'NO_RUNGS'
  | 'ENCODE_FAILED'
  | 'ABORTED';

/**
 * The one error the ladder generator throws on purpose. `code` is stable; `message` is meant
 * for a person (the CLI prints it without a stack).
 */
export class LadderError extends CodedError<LadderErrorCode> {
  override readonly name = 'LadderError';

  constructor(code: LadderErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
