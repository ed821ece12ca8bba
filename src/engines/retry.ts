/**
 * How hard every engine retries media and playlist requests, so that a network outage of up to
 * about 25 s (a tunnel, a dead Wi-Fi access point) ends in resumed playback instead of a fatal
 * error. Engine defaults give up after 1-3 s on some requests (hls.js does not retry a status-0
 * network error at all while `navigator.onLine` is true; shaka gives up after 2 attempts).
 * Manifest loads at startup keep the engines' defaults, so a wrong URL still fails fast.
 */
export const OUTAGE_RETRY = Object.freeze({
  /** Retries after the first failure. */
  maxRetries: 8,
  /** Delay before the first retry, milliseconds; it doubles up to `maxDelayMs`. */
  firstDelayMs: 1000,
  maxDelayMs: 4000,
});

/** HTTP statuses worth retrying: no response (network), timeouts, rate limits and server errors. */
export function isRetryableStatus(status: number | undefined): boolean {
  return status === undefined || status === 0 || status === 408 || status === 429 || status >= 500;
}
