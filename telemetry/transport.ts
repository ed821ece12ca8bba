import { asyncScheduler, type SchedulerLike } from 'rxjs';
import type { TelemetryTransportFn } from './config.js';
import type { BeaconBatch } from './types.js';

/** What became of one request. */
export type SendOutcome =
  /** 2xx, or the embedder's transport resolved. */
  | { kind: 'delivered' }
  /**
   * Nothing says the beacons are at fault: a network error, no answer within the timeout, 408,
   * 425, 429, or the embedder's transport rejected. Try again later.
   */
  | { kind: 'retry'; reason: 'network' | 'timeout' | 'http' | 'transport'; message: string; retryAfterMs?: number }
  /** 5xx: the collector failed on these beacons; try again later (a beacon that keeps failing alone is quarantined). */
  | { kind: 'server-error'; status: number; retryAfterMs?: number }
  /**
   * 401, 403, 404, 405, 410, or another 4xx that is not about the beacons: the endpoint or its
   * credentials are wrong (or not deployed yet). Keep the beacons and back off.
   */
  | { kind: 'endpoint-rejected'; status: number }
  /** 400 or 422: the collector refuses these beacons (one of them is invalid). */
  | { kind: 'invalid'; status: number }
  /** 413: send fewer beacons per request. */
  | { kind: 'too-large' };

export interface Transport {
  send(batch: BeaconBatch): Promise<SendOutcome>;
  /**
   * The page is going away: hand the batch to the browser (`sendBeacon` or a keepalive fetch)
   * without waiting. Returns false when the browser refused it.
   */
  sendFinal(batch: BeaconBatch): boolean;
}

export interface HttpTransportOptions {
  endpoint: string;
  headers: Readonly<Record<string, string>>;
  fetch: typeof globalThis.fetch;
  /** `navigator.sendBeacon`, bound; null where there is none. */
  sendBeacon: ((url: string, data: BodyInit) => boolean) | null;
  /** A request not answered by then is aborted (outcome `retry`, reason `timeout`), milliseconds. */
  timeoutMs: number;
  /** Runs the timeout (virtual time in tests). Defaults to rxjs' asyncScheduler. */
  scheduler?: SchedulerLike;
  /** Wall-clock ms, to read an HTTP-date `Retry-After`. Defaults to `Date.now`. */
  epochMs?: () => number;
}

/** Plain text needs no CORS preflight (JSON would): the collector parses the body as JSON either way. */
const CONTENT_TYPE = 'text/plain;charset=UTF-8';

/**
 * POSTs batches as JSON with `fetch`, aborted (AbortController) when not answered within
 * `timeoutMs`. These are not keepalive requests: Chromium does not cancel a keepalive fetch when
 * it is aborted (the connection stays open until the server answers), so a collector that hangs
 * would pile up connections; and a request cut short by the page going away is sent again by the
 * final flush anyway. The final flush uses `navigator.sendBeacon` (which has no timeout: the
 * browser owns it), or a keepalive fetch when custom headers must go along (sendBeacon cannot send
 * headers) or sendBeacon refused the payload.
 */
export function httpTransport(options: HttpTransportOptions): Transport {
  const scheduler = options.scheduler ?? asyncScheduler;
  const epochMs = options.epochMs ?? Date.now;
  const post = (batch: BeaconBatch, how: { keepalive: true } | { keepalive: false; signal: AbortSignal }): Promise<Response> =>
    options.fetch(options.endpoint, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'Content-Type': CONTENT_TYPE, ...options.headers },
      body: JSON.stringify(batch),
      ...how,
    });
  return {
    async send(batch) {
      const controller = new AbortController();
      let timedOut = false;
      const timer = scheduler.schedule(() => {
        timedOut = true;
        controller.abort();
      }, options.timeoutMs);
      try {
        const response = await post(batch, { keepalive: false, signal: controller.signal });
        return outcomeOf(response.status, retryAfterMs(response.headers.get('retry-after'), epochMs()));
      } catch (error) {
        if (timedOut) return { kind: 'retry', reason: 'timeout', message: `no answer within ${options.timeoutMs} ms` };
        return { kind: 'retry', reason: 'network', message: error instanceof Error ? error.message : String(error) };
      } finally {
        timer.unsubscribe();
      }
    },
    sendFinal(batch) {
      const hasHeaders = Object.keys(options.headers).length > 0;
      if (!hasHeaders && options.sendBeacon) {
        try {
          if (options.sendBeacon(options.endpoint, new Blob([JSON.stringify(batch)], { type: CONTENT_TYPE }))) return true;
        } catch {
          // fall through to a keepalive fetch
        }
      }
      try {
        post(batch, { keepalive: true }).catch(() => undefined);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** The policy for an HTTP status (see SendOutcome); `retryAfterMs` from the answer's `Retry-After`, if any. */
export function outcomeOf(status: number, retryAfter?: number | null): SendOutcome {
  const after = retryAfter !== null && retryAfter !== undefined ? { retryAfterMs: retryAfter } : {};
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 413) return { kind: 'too-large' };
  if (status === 400 || status === 422) return { kind: 'invalid', status };
  if (status === 408 || status === 425 || status === 429) return { kind: 'retry', reason: 'http', message: `HTTP ${status}`, ...after };
  if (status >= 500 && status < 600) return { kind: 'server-error', status, ...after };
  if (status >= 400 && status < 500) return { kind: 'endpoint-rejected', status };
  // 0 (an opaque answer), 1xx, 3xx (a redirect fetch did not follow), or nonsense: nothing known, try again.
  return { kind: 'retry', reason: 'http', message: `HTTP ${status}`, ...after };
}

/** `Retry-After` (seconds, or an HTTP date) in milliseconds from now; null when absent or unreadable. */
export function retryAfterMs(header: string | null, nowEpochMs: number): number | null {
  if (header === null || header.trim() === '') return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const atMs = Date.parse(text);
  return Number.isFinite(atMs) ? Math.max(0, atMs - nowEpochMs) : null;
}

export interface CustomTransportOptions {
  /** The embedder's promise not settled by then counts as a failure (outcome `retry`, reason `timeout`), milliseconds. */
  timeoutMs: number;
  scheduler?: SchedulerLike;
}

/** The embedder's function as a Transport: resolved = delivered; rejected, thrown or not settled within the timeout = retry. */
export function customTransport(fn: TelemetryTransportFn, options: CustomTransportOptions): Transport {
  const scheduler = options.scheduler ?? asyncScheduler;
  return {
    async send(batch) {
      let timer: { unsubscribe(): void } | null = null;
      const timeout = new Promise<SendOutcome>((resolve) => {
        timer = scheduler.schedule(() => resolve({ kind: 'retry', reason: 'timeout', message: `the transport did not settle within ${options.timeoutMs} ms` }), options.timeoutMs);
      });
      const sent = (async (): Promise<SendOutcome> => {
        try {
          await fn(batch, { final: false });
          return { kind: 'delivered' };
        } catch (error) {
          return { kind: 'retry', reason: 'transport', message: error instanceof Error ? error.message : String(error) };
        }
      })();
      try {
        return await Promise.race([sent, timeout]);
      } finally {
        (timer as { unsubscribe(): void } | null)?.unsubscribe();
      }
    },
    sendFinal(batch) {
      try {
        const result = fn(batch, { final: true });
        if (result instanceof Promise) result.catch(() => undefined);
        return true;
      } catch {
        return false;
      }
    },
  };
}
