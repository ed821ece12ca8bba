/**
 * What the synced store does when sending a queued write fails, and how long it waits before the
 * next try. PURE: time (`nowEpochMs`) and chance (`random`) are arguments.
 *
 * | failure                                   | action                                                    |
 * |-------------------------------------------|-----------------------------------------------------------|
 * | no answer (`NETWORK`, timeouts too), 5xx, 408 | retry with backoff; the write stays queued (and persisted) |
 * | 429, 503 with `Retry-After`               | retry, not before `Retry-After`                           |
 * | 401, 403                                  | retry with backoff, and at once when the token changes    |
 * | 409 (`STALE_WRITE`)                       | superseded: the server keeps a newer position, adopt it   |
 * | any other 4xx, `BAD_RESPONSE`             | drop the queued write (it would fail again); the local copy stays |
 *
 * The backoff is telemetry's (`backoffDelayMs`: first delay × 2^(attempt−1), capped, ± jitter),
 * so the SDK has one formula for it.
 */
import { backoffDelayMs, type BackoffPolicy } from '../../telemetry/backoff.js';
import type { ResumeStoreError } from './errors.js';

export interface ResumeRetryPolicy extends BackoffPolicy {
  /** A `Retry-After` longer than this is cut to it, ms (a server asking for an hour should not park progress that long). */
  maxRetryAfterMs: number;
}

/**
 * Defaults: 1 s, 2 s, 4 s … capped at 60 s, ± 50% jitter; `Retry-After` honoured up to 10 min.
 * Retries go on while the page lives (at most one a minute once capped); the write stays queued in
 * storage meanwhile, so the next page load carries on.
 */
export const DEFAULT_RESUME_RETRY_POLICY: Readonly<ResumeRetryPolicy> = Object.freeze({
  firstDelayMs: 1_000,
  maxDelayMs: 60_000,
  jitter: 0.5,
  maxRetryAfterMs: 600_000,
});

/** The defaults with `partial` on top; values that are not finite numbers ≥ 0 are ignored (jitter is cut to 1). */
export function resolveRetryPolicy(partial: Partial<ResumeRetryPolicy> = {}): ResumeRetryPolicy {
  const policy: ResumeRetryPolicy = { ...DEFAULT_RESUME_RETRY_POLICY };
  for (const key of Object.keys(DEFAULT_RESUME_RETRY_POLICY) as Array<keyof ResumeRetryPolicy>) {
    const value = partial[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) policy[key] = value;
  }
  policy.jitter = Math.min(1, policy.jitter);
  return policy;
}

export type WriteFailureAction =
  /** Try again later; the write stays queued. `retryAfterMs`: the server's `Retry-After`, if any. */
  | { action: 'retry'; retryAfterMs: number | null }
  /** The server keeps a newer position (409): the queued write is done with, the newer one is adopted. */
  | { action: 'superseded' }
  /** The server refused this write for good: it leaves the queue. */
  | { action: 'drop' };

/** The action for a failed send (see the table above). */
export function writeFailureAction(error: ResumeStoreError): WriteFailureAction {
  if (error.code === 'STALE_WRITE') return { action: 'superseded' };
  if (error.retryable) return { action: 'retry', retryAfterMs: error.retryAfterMs };
  return { action: 'drop' };
}

/**
 * Delay before retry number `attempt` (1, 2, …), ms: the backoff, or the server's `Retry-After`
 * (cut to `maxRetryAfterMs`) when that is longer, plus up to `jitter × firstDelayMs` so that the
 * clients a 503 turned away do not all come back in the same instant. Never sooner than `Retry-After`.
 */
export function retryDelayMs(attempt: number, retryAfterMs: number | null, policy: ResumeRetryPolicy, random: () => number): number {
  const backoffMs = backoffDelayMs(attempt, policy, random);
  if (retryAfterMs === null || !(retryAfterMs >= 0)) return backoffMs;
  const askedMs = Math.min(retryAfterMs, policy.maxRetryAfterMs);
  if (askedMs <= backoffMs) return backoffMs;
  return Math.round(askedMs + random() * policy.jitter * policy.firstDelayMs);
}

/**
 * `Retry-After` (RFC 9110 §10.2.3) as a delay from `nowEpochMs`, ms: delay-seconds (`120`) or an
 * HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`; a past date is 0). Null when absent or unreadable.
 */
export function parseRetryAfterMs(value: string | null | undefined, nowEpochMs: number): number | null {
  const text = (value ?? '').trim();
  if (text === '') return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return null; // "1.5", "-3": neither form
  const dateMs = Date.parse(text);
  if (!Number.isFinite(dateMs)) return null;
  return Math.max(0, dateMs - nowEpochMs);
}
