/**
 * The one error resume stores throw. The player turns it into a non-fatal `vod-error` with code
 * `RESUME_STORE_FAILED`; playback never waits on it.
 */
import type { ResumeRecord } from './types.js';

export type ResumeStoreErrorCode =
  /** The storage cannot be used (localStorage disabled, blocked, or missing). */
  | 'storage-unavailable'
  /** The storage is full. */
  | 'quota-exceeded'
  /** The request did not get an answer: offline, DNS, CORS, connection reset, or timeout. */
  | 'network'
  /** The server answered with an error status (see `httpStatus`). */
  | 'http'
  /** The server answered 2xx with something that is not a saved position. */
  | 'bad-response'
  /** The server kept a newer position than the one written (409); `current` holds it. */
  | 'stale-write';

export class ResumeStoreError extends Error {
  override readonly name = 'ResumeStoreError';
  readonly code: ResumeStoreErrorCode;
  /** Which store failed. */
  readonly store: 'local' | 'remote';
  readonly httpStatus: number | null;
  readonly url: string | null;
  /** For `stale-write`: the position the server kept, on this device's clock. */
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
    super(message, { cause: options.cause });
    this.code = code;
    this.store = options.store;
    this.httpStatus = options.httpStatus ?? null;
    this.url = options.url ?? null;
    this.current = options.current ?? null;
  }

  /** Worth trying again later: no answer, a 5xx, 408 or 429. A write that failed so stays queued. */
  get retryable(): boolean {
    if (this.code === 'network') return true;
    const status = this.httpStatus ?? 0;
    return this.code === 'http' && (status >= 500 || status === 408 || status === 429);
  }
}
