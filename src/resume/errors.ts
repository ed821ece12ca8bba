/**
 * The one error resume stores throw. The player turns it into a non-fatal `vod-error` with code
 * `RESUME_STORE_FAILED`; playback never waits on it.
 */
import { CodedError } from '../../contracts/coded-error.js';
import type { ResumeRecord } from './types.js';

export type ResumeStoreErrorCode =
  /** The storage cannot be used (localStorage disabled, blocked, or missing). */
  | 'STORAGE_UNAVAILABLE'
  /** The storage is full. */
  | 'QUOTA_EXCEEDED'
  /** The request did not get an answer: offline, DNS, CORS, connection reset, or timeout. */
  | 'NETWORK'
  /** The server answered with an error status (see `httpStatus`). */
  | 'HTTP'
  /** The server answered 2xx with something that is not a saved position. */
  | 'BAD_RESPONSE'
  /** The server kept a newer position than the one written (409); `current` holds it. */
  | 'STALE_WRITE';

export class ResumeStoreError extends CodedError<ResumeStoreErrorCode> {
  override readonly name = 'ResumeStoreError';
  /** Which store failed. */
  readonly store: 'local' | 'remote';
  readonly httpStatus: number | null;
  readonly url: string | null;
  /** For `STALE_WRITE`: the position the server kept, on this device's clock. */
  readonly current: ResumeRecord | null;

  constructor(
    code: ResumeStoreErrorCode,
    message: string,
    options: {
      store: 'local' | 'remote';
      httpStatus?: number;
      url?: string;
      current?: ResumeRecord | null;
      cause?: unknown;
    },
  ) {
    super(code, message, { cause: options.cause });
    this.store = options.store;
    this.httpStatus = options.httpStatus ?? null;
    this.url = options.url ?? null;
    this.current = options.current ?? null;
  }

  /** Worth trying again later: no answer, a 5xx, 408 or 429. A write that failed so stays queued. */
  get retryable(): boolean {
    if (this.code === 'NETWORK') return true;
    const status = this.httpStatus ?? 0;
    return this.code === 'HTTP' && (status >= 500 || status === 408 || status === 429);
  }
}
