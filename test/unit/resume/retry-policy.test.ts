import { describe, expect, it } from 'vitest';
import { ResumeStoreError } from '../../../src/resume/errors.js';
import {
  DEFAULT_RESUME_RETRY_POLICY,
  parseRetryAfterMs,
  resolveRetryPolicy,
  retryDelayMs,
  writeFailureAction,
} from '../../../src/resume/retry-policy.js';

const NOW = 1_700_000_000_000;
const http = (status: number, retryAfterMs: number | null = null) =>
  new ResumeStoreError('HTTP', `answered ${status}`, { store: 'remote', httpStatus: status, retryAfterMs });
const middle = () => 0.5; // no jitter either way

describe('writeFailureAction', () => {
  it('retries network errors, timeouts, 5xx, 401, 403, 408 and 429', () => {
    const retried = [
      new ResumeStoreError('NETWORK', 'offline', { store: 'remote' }),
      new ResumeStoreError('NETWORK', 'timed out', { store: 'remote', timedOut: true }),
      http(500),
      http(502),
      http(503, 2_000),
      http(401),
      http(403),
      http(408),
      http(429, 1_000),
    ];
    expect(retried.map((error) => writeFailureAction(error))).toEqual([
      { action: 'retry', retryAfterMs: null },
      { action: 'retry', retryAfterMs: null },
      { action: 'retry', retryAfterMs: null },
      { action: 'retry', retryAfterMs: null },
      { action: 'retry', retryAfterMs: 2_000 },
      { action: 'retry', retryAfterMs: null },
      { action: 'retry', retryAfterMs: null },
      { action: 'retry', retryAfterMs: null },
      { action: 'retry', retryAfterMs: 1_000 },
    ]);
  });

  it('drops other 4xx and answers that are not understood', () => {
    for (const status of [400, 404, 405, 413, 415, 422]) expect(writeFailureAction(http(status))).toEqual({ action: 'drop' });
    expect(writeFailureAction(new ResumeStoreError('BAD_RESPONSE', 'garbage', { store: 'remote' }))).toEqual({ action: 'drop' });
  });

  it('treats a 409 as superseded by a newer position', () => {
    expect(writeFailureAction(new ResumeStoreError('STALE_WRITE', 'newer kept', { store: 'remote', httpStatus: 409 }))).toEqual({ action: 'superseded' });
  });
});

describe('retryDelayMs', () => {
  const policy = DEFAULT_RESUME_RETRY_POLICY;

  it('doubles from 1 s up to the 60 s cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((attempt) => retryDelayMs(attempt, null, policy, middle))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('spreads each delay by ±50% with the injected chance', () => {
    expect(retryDelayMs(3, null, policy, () => 0)).toBe(2_000);
    expect(retryDelayMs(3, null, policy, () => 0.999_999)).toBe(6_000);
  });

  it('waits at least Retry-After when it is longer than the backoff, with a little spread on top', () => {
    expect(retryDelayMs(1, 7_000, policy, () => 0)).toBe(7_000);
    expect(retryDelayMs(1, 7_000, policy, middle)).toBe(7_250);
  });

  it('keeps the backoff when Retry-After is shorter', () => {
    expect(retryDelayMs(4, 1_000, policy, middle)).toBe(8_000);
  });

  it('cuts an outlandish Retry-After to maxRetryAfterMs', () => {
    expect(retryDelayMs(1, 86_400_000, policy, () => 0)).toBe(600_000);
  });

  it('resolves a partial policy over the defaults', () => {
    expect(resolveRetryPolicy({ firstDelayMs: 200, jitter: 3, maxDelayMs: -1 })).toEqual({ ...policy, firstDelayMs: 200, jitter: 1 });
  });
});

describe('parseRetryAfterMs', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfterMs('120', NOW)).toBe(120_000);
    expect(parseRetryAfterMs(' 0 ', NOW)).toBe(0);
  });

  it('reads an HTTP-date relative to now, a past one as 0', () => {
    const in30s = new Date(NOW + 30_000).toUTCString();
    expect(parseRetryAfterMs(in30s, NOW)).toBe(30_000);
    expect(parseRetryAfterMs(new Date(NOW - 30_000).toUTCString(), NOW)).toBe(0);
  });

  it('reads nothing from an absent or malformed header', () => {
    for (const value of [null, undefined, '', '1.5', '-3', 'soon-ish']) expect(parseRetryAfterMs(value, NOW)).toBeNull();
  });
});
