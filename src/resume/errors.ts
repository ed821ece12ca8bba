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
  /** The request did not get an answer: offline, DNS, CORS, connection reset, or timeout (`timedOut`). */
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
  /** The server's `Retry-After` (429, 503, …) as a delay, ms; null when it sent none (or CORS hid it). */
  readonly retryAfterMs: number | null;
  /** For `NETWORK`: no answer came within the remote store's `timeoutMs`, and the request was abandoned. */
  readonly timedOut: boolean;

  constructor(
    code: ResumeStoreErrorCode,
    message: string,
    options: {
      store: 'local' | 'remote';
      httpStatus?: number;
      url?: string;
      current?: ResumeRecord | null;
      retryAfterMs?: number | null;
      timedOut?: boolean;
      cause?: unknown;
    },
  ) {
    super(code, message, { cause: options.cause });
    this.store = options.store;
    this.httpStatus = options.httpStatus ?? null;
    this.url = options.url ?? null;
    this.current = options.current ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.timedOut = options.timedOut ?? false;
  }

  /**
   * Worth trying again later: no answer (network, timeout), a 5xx, 408, 429, or 401 / 403 (the
   * credentials may be renewed). A write that failed so stays queued; see `retry-policy.ts`.
   */
  get retryable(): boolean {
    if (this.code === 'NETWORK') return true;
    return this.code === 'HTTP' && isRetryableStatus(this.httpStatus ?? 0);
  }
}

/** 5xx, 401, 403, 408 and 429: statuses a later request may not get. Any other 4xx would fail again. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 401 || status === 403 || status === 408 || status === 429;
}
