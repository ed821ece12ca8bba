import { parseRetryAfterSec } from './policy.js';

/** What one probe request found. */
export interface ProbeResult {
  /** The origin answered with something other than a network error, 408, 429 or 5xx. */
  readonly reachable: boolean;
  /** `Retry-After` of a 429/503, seconds. */
  readonly retryAfterSec: number | null;
}

export type NetworkProbe = (url: string, timeoutMs: number) => Promise<ProbeResult>;

/**
 * Asks the origin for the manifest (`cache: 'no-store'`, so no cache answers for it) and reads only
 * the status line: can the source load again? Never throws.
 */
export function createFetchProbe(fetchFn: typeof fetch, credentials: RequestCredentials, nowEpochMs: () => number): NetworkProbe {
  return async (url, timeoutMs) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetchFn(url, { cache: 'no-store', credentials, signal: controller.signal });
      void response.body?.cancel().catch(() => undefined);
      const status = response.status;
      const failing = status === 408 || status === 429 || status >= 500;
      return {
        reachable: !failing,
        retryAfterSec: failing ? parseRetryAfterSec(response.headers.get('Retry-After'), nowEpochMs()) : null,
      };
    } catch {
      return { reachable: false, retryAfterSec: null };
    } finally {
      clearTimeout(timer);
    }
  };
}
