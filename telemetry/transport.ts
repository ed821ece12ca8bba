import type { TelemetryTransportFn } from './config.js';
import type { BeaconBatch } from './types.js';

/** What became of one request. */
export type SendOutcome =
  /** 2xx, or the embedder's transport resolved. */
  | { kind: 'delivered' }
  /** Network error, timeout, 408, 429, 5xx, or the embedder's transport rejected: try again later. */
  | { kind: 'retry'; reason: string }
  /** Any other 4xx: the collector will never take these beacons. */
  | { kind: 'rejected'; status: number }
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
}

/** Plain text needs no CORS preflight (JSON would): the collector parses the body as JSON either way. */
const CONTENT_TYPE = 'text/plain;charset=UTF-8';

/**
 * POSTs batches as JSON with `fetch(…, { keepalive: true })`; the final flush uses
 * `navigator.sendBeacon`, or a keepalive fetch when custom headers must go along (sendBeacon
 * cannot send headers) or sendBeacon refused the payload.
 */
export function httpTransport(options: HttpTransportOptions): Transport {
  const post = (batch: BeaconBatch): Promise<Response> =>
    options.fetch(options.endpoint, {
      method: 'POST',
      keepalive: true,
      credentials: 'omit',
      headers: { 'Content-Type': CONTENT_TYPE, ...options.headers },
      body: JSON.stringify(batch),
    });
  return {
    async send(batch) {
      let response: Response;
      try {
        response = await post(batch);
      } catch (error) {
        return { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
      }
      return outcomeOf(response.status);
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
        post(batch).catch(() => undefined);
        return true;
      } catch {
        return false;
      }
    },
  };
}

export function outcomeOf(status: number): SendOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 413) return { kind: 'too-large' };
  if (status === 408 || status === 429 || status >= 500 || status === 0) return { kind: 'retry', reason: `HTTP ${status}` };
  return { kind: 'rejected', status };
}

/** The embedder's function as a Transport: resolved = delivered, rejected or thrown = retry. */
export function customTransport(fn: TelemetryTransportFn): Transport {
  return {
    async send(batch) {
      try {
        await fn(batch, { final: false });
        return { kind: 'delivered' };
      } catch (error) {
        return { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
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
