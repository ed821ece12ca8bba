/**
 * The remote store: a small HTTP API, one URL per video (`<url>/<mediaId>`), authorised by headers
 * the embedder gives (usually `Authorization: Bearer <token>`). The mock origin's `/progress`
 * routes implement it.
 *
 *   GET    → 200 `{ positionSec, durationSec, completed, updatedAt, serverTimeMs? }`, 404 when none
 *   PUT    ← `{ positionSec, durationSec, completed, updatedAt }` → 2xx; 409 `{ current }` when the
 *            server keeps a newer position (last writer wins)
 *   DELETE → 2xx or 404
 *
 * When answers carry `serverTimeMs`, timestamps are converted between the server's clock and the
 * device's (`clock-offset.ts`), so devices with skewed clocks compare on one clock.
 *
 * Every request is abandoned after `timeoutMs` (`NETWORK` with `timedOut`). An error answer's `Retry-After` is read
 * into `ResumeStoreError.retryAfterMs` (cross-origin, the API must list it in
 * `Access-Control-Expose-Headers`, as the mock origin's does). This store never retries by itself:
 * the synced store does (`retry-policy.ts`).
 */
import { estimateOffsetMs, toDeviceClock, toServerClock } from './clock-offset.js';
import { ResumeStoreError } from './errors.js';
import { parseRecord } from './record.js';
import { parseRetryAfterMs } from './retry-policy.js';
import { systemScheduler, type ResumeRecord, type ResumeStore, type Scheduler } from './types.js';

export interface RemoteStoreOptions {
  /** Base URL; a video's URL is `<url>/<encodeURIComponent(mediaId)>`. */
  url: string;
  /** Request headers (e.g. `{ Authorization: 'Bearer …' }`), or a function read on every request (rotating tokens). */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** Abandon a request after this long, ms. Defaults to 5000. */
  timeoutMs?: number;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Defaults to the system clock. */
  scheduler?: Scheduler;
}

export const DEFAULT_REMOTE_TIMEOUT_MS = 5_000;

export interface RemoteResumeStore extends ResumeStore {
  readonly source: 'remote';
  setBeforeUnload(mediaId: string, record: ResumeRecord): void;
  /** Server clock minus device clock, ms, from the last answer carrying `serverTimeMs` (0 before). */
  readonly clockOffsetMs: number;
}

export function createRemoteStore(options: RemoteStoreOptions): RemoteResumeStore {
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_REMOTE_TIMEOUT_MS;
  const scheduler = options.scheduler ?? systemScheduler;
  const doFetch = (input: string, init: RequestInit): Promise<Response> => (options.fetch ?? globalThis.fetch)(input, init);
  const headers = (): Record<string, string> =>
    typeof options.headers === 'function' ? options.headers() : { ...(options.headers ?? {}) };
  let offsetMs = 0;

  const urlOf = (mediaId: string): string => `${base}/${encodeURIComponent(mediaId)}`;
  const toWire = (record: ResumeRecord): ResumeRecord => ({ ...record, updatedAt: toServerClock(record.updatedAt, offsetMs) });
  const fromWire = (value: unknown): ResumeRecord | null => {
    const record = parseRecord(value);
    return record && { ...record, updatedAt: toDeviceClock(record.updatedAt, offsetMs) };
  };

  /** One request with a timeout; reads the JSON answer (or null), `Retry-After` and the server clock. */
  async function request(method: string, url: string, body?: ResumeRecord): Promise<{ status: number; json: unknown; retryAfterMs: number | null }> {
    const controller = new AbortController();
    const cancelTimeout = scheduler.setTimeout(() => controller.abort(), timeoutMs);
    const sentAtMs = scheduler.epochMs();
    try {
      const response = await doFetch(url, {
        method,
        headers: body ? { ...headers(), 'Content-Type': 'application/json' } : headers(),
        body: body ? JSON.stringify(body) : undefined,
        signal: controller.signal,
        cache: 'no-store',
      });
      const text = await response.text();
      let json: unknown = null;
      try {
        json = text === '' ? null : JSON.parse(text);
      } catch {
        json = null;
      }
      const serverTimeMs = (json as { serverTimeMs?: unknown } | null)?.serverTimeMs;
      if (typeof serverTimeMs === 'number' && Number.isFinite(serverTimeMs)) {
        offsetMs = estimateOffsetMs(sentAtMs, scheduler.epochMs(), serverTimeMs);
      }
      const retryAfterMs = response.ok ? null : parseRetryAfterMs(response.headers.get('Retry-After'), scheduler.epochMs());
      return { status: response.status, json, retryAfterMs };
    } catch (cause) {
      if (controller.signal.aborted) {
        throw new ResumeStoreError('NETWORK', `${method} ${url} timed out after ${timeoutMs} ms`, { store: 'remote', url, timedOut: true, cause });
      }
      throw new ResumeStoreError('NETWORK', `${method} ${url} failed: ${String(cause)}`, { store: 'remote', url, cause });
    } finally {
      cancelTimeout();
    }
  }

  function httpError(method: string, url: string, answer: { status: number; json: unknown; retryAfterMs: number | null }): ResumeStoreError {
    const { status, json, retryAfterMs } = answer;
    const message = (json as { error?: { message?: unknown } } | null)?.error?.message;
    return new ResumeStoreError('HTTP', `${method} ${url} answered ${status}${typeof message === 'string' ? `: ${message}` : ''}`, {
      store: 'remote',
      httpStatus: status,
      url,
      retryAfterMs,
    });
  }

  return {
    source: 'remote',
    get clockOffsetMs() {
      return offsetMs;
    },
    async get(mediaId) {
      const url = urlOf(mediaId);
      const answer = await request('GET', url);
      const { status, json } = answer;
      if (status === 404) return null;
      if (status < 200 || status > 299) throw httpError('GET', url, answer);
      const record = fromWire(json);
      if (record === null) throw new ResumeStoreError('BAD_RESPONSE', `GET ${url} did not answer a saved position`, { store: 'remote', url, httpStatus: status });
      return record;
    },
    async set(mediaId, record) {
      const url = urlOf(mediaId);
      const answer = await request('PUT', url, toWire(record));
      const { status, json } = answer;
      if (status === 409) {
        const current = fromWire((json as { current?: unknown } | null)?.current);
        throw new ResumeStoreError('STALE_WRITE', `PUT ${url}: the server keeps a newer position`, { store: 'remote', url, httpStatus: status, current });
      }
      if (status < 200 || status > 299) throw httpError('PUT', url, answer);
    },
    async clear(mediaId) {
      const url = urlOf(mediaId);
      const answer = await request('DELETE', url);
      if (answer.status !== 404 && (answer.status < 200 || answer.status > 299)) throw httpError('DELETE', url, answer);
    },
    setBeforeUnload(mediaId, record) {
      // sendBeacon cannot carry an Authorization header nor PUT: a keepalive fetch outlives the page too.
      try {
        void doFetch(urlOf(mediaId), {
          method: 'PUT',
          headers: { ...headers(), 'Content-Type': 'application/json' },
          body: JSON.stringify(toWire(record)),
          keepalive: true,
          cache: 'no-store',
        }).catch(() => undefined);
      } catch {
        // Nothing can be reported while the page goes away.
      }
    },
  };
}
