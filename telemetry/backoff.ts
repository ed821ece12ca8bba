export interface BackoffPolicy {
  /** Delay before the first retry, milliseconds. */
  firstDelayMs: number;
  /** Longest delay, milliseconds. */
  maxDelayMs: number;
  /** ± this fraction of random spread, so that many clients do not retry in step (0 to 1). */
  jitter: number;
}

/**
 * Delay before retry number `attempt` (1, 2, …): firstDelayMs × 2^(attempt−1), capped at
 * maxDelayMs, spread by ±jitter. `random` returns a number in [0, 1).
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, attempt - 1));
  const spread = 1 + policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(base * spread));
}

/**
 * The delay before the next try after failure number `attempt`: the backoff, or the collector's
 * `Retry-After` when that is longer (never past `maxDelayMs`, so a wrong header cannot park
 * delivery for hours).
 */
export function retryDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random, retryAfterMs?: number): number {
  const backoff = backoffDelayMs(attempt, policy, random);
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs)) return backoff;
  return Math.max(backoff, Math.min(policy.maxDelayMs, Math.max(0, retryAfterMs)));
}
