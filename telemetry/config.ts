import type { BeaconBatch } from './types.js';

/**
 * The embedder's own transport: resolve when the batch is delivered, reject to have it retried
 * with backoff. `final` is true when the page is going away: use `sendBeacon` or a keepalive
 * request; then the result is not awaited and the batch stays queued for the next page load.
 */
export type TelemetryTransportFn = (batch: BeaconBatch, context: { final: boolean }) => Promise<void> | void;

/** `player.telemetry = { … }`. Every field is optional. */
export interface TelemetryOptions {
  /** Collector URL the batches are POSTed to. No endpoint and no transport: no network traffic at all. */
  endpoint?: string;
  /** Extra request headers (e.g. an API key). With headers, the final flush uses a keepalive fetch, since `sendBeacon` cannot send headers. */
  headers?: Record<string, string>;
  /** Send batches yourself instead of POSTing them to `endpoint`. */
  transport?: TelemetryTransportFn;
  /** Fraction of sessions reported, 0 to 1 (by a hash of the session id). Defaults to 1. */
  sampleRate?: number;
  /** Seconds between heartbeats. Defaults to 10. */
  heartbeatIntervalSec?: number;
  /** The embedder's viewer id, copied into every beacon. */
  viewerId?: string;
  /** The video id, copied into every beacon and sent as CMCD `cid`. Defaults to the element's `media-id` attribute. */
  videoId?: string;
  /** Batching: at most `maxCount` beacons (20) and `maxBytes` bytes (32 768) per request; a beacon waits at most `maxDelayMs` (5 000). */
  batch?: { maxCount?: number; maxBytes?: number; maxDelayMs?: number };
  /**
   * Failed requests: each request is abandoned after `requestTimeoutMs` (10 000); a failed one is
   * retried after `firstDelayMs` (1 000) doubling up to `maxDelayMs` (30 000), ±20% jitter; a
   * beacon the collector answers 5xx for `quarantineAfterServerErrors` times (5) is quarantined.
   */
  retry?: { firstDelayMs?: number; maxDelayMs?: number; requestTimeoutMs?: number; quarantineAfterServerErrors?: number };
  /** Most beacons queued (undelivered) at once. Defaults to 500; past it the oldest heartbeat (else the oldest beacon) is dropped and counted. */
  maxQueuedBeacons?: number;
  /** Keep undelivered beacons in `localStorage` and send them on the next page load. Defaults to true. */
  persist?: boolean;
  /** CMCD on media requests, with the beacons' session id: `query` (default), `header`, or false. */
  cmcd?: 'query' | 'header' | false;
  /** Report the page's Core Web Vitals as `page_vitals`. Defaults to true. */
  webVitals?: boolean;
}

export interface ResolvedTelemetryConfig {
  readonly endpoint: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly transport: TelemetryTransportFn | null;
  readonly sampleRate: number;
  readonly heartbeatIntervalSec: number;
  readonly viewerId: string | null;
  readonly videoId: string | null;
  readonly batch: { readonly maxCount: number; readonly maxBytes: number; readonly maxDelayMs: number };
  readonly retry: {
    readonly firstDelayMs: number;
    readonly maxDelayMs: number;
    readonly jitter: number;
    /** A request not answered by then is aborted and retried, milliseconds (`sendBeacon` on pagehide has none). */
    readonly requestTimeoutMs: number;
    /** 5xx answers to a beacon sent alone (while the collector takes other requests) before it is quarantined (a count). */
    readonly quarantineAfterServerErrors: number;
  };
  readonly maxQueuedBeacons: number;
  readonly persist: boolean;
  readonly cmcd: 'query' | 'header' | false;
  readonly webVitals: boolean;
}

export const DEFAULT_TELEMETRY_CONFIG: ResolvedTelemetryConfig = Object.freeze({
  endpoint: null,
  headers: Object.freeze({}),
  transport: null,
  sampleRate: 1,
  heartbeatIntervalSec: 10,
  viewerId: null,
  videoId: null,
  batch: Object.freeze({ maxCount: 20, maxBytes: 32_768, maxDelayMs: 5_000 }),
  retry: Object.freeze({ firstDelayMs: 1_000, maxDelayMs: 30_000, jitter: 0.2, requestTimeoutMs: 10_000, quarantineAfterServerErrors: 5 }),
  maxQueuedBeacons: 500,
  persist: true,
  cmcd: 'query',
  webVitals: true,
});

/** sendBeacon and keepalive fetch refuse bodies over 64 KiB; stay under the collector's 64 kB too. */
const MAX_BATCH_BYTES = 60_000;

export interface ResolvedTelemetry {
  config: ResolvedTelemetryConfig;
  /** What was wrong in the options (the default was used instead), one message each. */
  problems: string[];
}

/** Options with defaults filled in. Invalid values fall back to their default and are listed in `problems`. */
export function resolveTelemetryConfig(options: TelemetryOptions): ResolvedTelemetry {
  const problems: string[] = [];
  const d = DEFAULT_TELEMETRY_CONFIG;
  const number = (name: string, value: number | undefined, fallback: number, min: number, max: number): number => {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return value;
    problems.push(`telemetry.${name}=${String(value)} is not a number in ${min}..${max}; using ${fallback}.`);
    return fallback;
  };
  const text = (name: string, value: string | undefined): string | null => {
    if (value === undefined || value === '') return null;
    if (typeof value === 'string') return value;
    problems.push(`telemetry.${name} must be a string; ignored.`);
    return null;
  };
  let endpoint = text('endpoint', options.endpoint);
  if (endpoint !== null && !isHttpUrl(endpoint)) {
    problems.push(`telemetry.endpoint=${endpoint} is not an http(s) URL; no endpoint.`);
    endpoint = null;
  }
  const transport = typeof options.transport === 'function' ? options.transport : null;
  if (options.transport !== undefined && transport === null) problems.push('telemetry.transport must be a function; ignored.');
  const cmcd = options.cmcd === undefined ? d.cmcd : options.cmcd === 'query' || options.cmcd === 'header' || options.cmcd === false ? options.cmcd : d.cmcd;
  if (cmcd !== (options.cmcd ?? d.cmcd)) problems.push(`telemetry.cmcd=${String(options.cmcd)} is not 'query', 'header' or false; using '${d.cmcd}'.`);
  const config: ResolvedTelemetryConfig = Object.freeze({
    endpoint,
    headers: Object.freeze({ ...(options.headers ?? {}) }),
    transport,
    sampleRate: number('sampleRate', options.sampleRate, d.sampleRate, 0, 1),
    heartbeatIntervalSec: number('heartbeatIntervalSec', options.heartbeatIntervalSec, d.heartbeatIntervalSec, 0.1, 3600),
    viewerId: text('viewerId', options.viewerId),
    videoId: text('videoId', options.videoId),
    batch: Object.freeze({
      maxCount: Math.round(number('batch.maxCount', options.batch?.maxCount, d.batch.maxCount, 1, 1000)),
      maxBytes: number('batch.maxBytes', options.batch?.maxBytes, d.batch.maxBytes, 1024, MAX_BATCH_BYTES),
      maxDelayMs: number('batch.maxDelayMs', options.batch?.maxDelayMs, d.batch.maxDelayMs, 0, 600_000),
    }),
    retry: Object.freeze({
      firstDelayMs: number('retry.firstDelayMs', options.retry?.firstDelayMs, d.retry.firstDelayMs, 1, 600_000),
      maxDelayMs: number('retry.maxDelayMs', options.retry?.maxDelayMs, d.retry.maxDelayMs, 1, 3_600_000),
      jitter: d.retry.jitter,
      requestTimeoutMs: number('retry.requestTimeoutMs', options.retry?.requestTimeoutMs, d.retry.requestTimeoutMs, 100, 120_000),
      quarantineAfterServerErrors: Math.round(
        number('retry.quarantineAfterServerErrors', options.retry?.quarantineAfterServerErrors, d.retry.quarantineAfterServerErrors, 1, 100),
      ),
    }),
    maxQueuedBeacons: Math.round(number('maxQueuedBeacons', options.maxQueuedBeacons, d.maxQueuedBeacons, 1, 100_000)),
    persist: options.persist ?? d.persist,
    cmcd,
    webVitals: options.webVitals ?? d.webVitals,
  });
  return { config, problems };
}

/** True when the config sends beacons somewhere (an endpoint or a transport). */
export function hasDelivery(config: ResolvedTelemetryConfig): boolean {
  return config.endpoint !== null || config.transport !== null;
}

/** True for an http(s) URL (relative URLs resolve against the page). */
export function isHttpUrl(value: string): boolean {
  try {
    // Relative URLs resolve against the page.
    const url = new URL(value, (globalThis as { location?: { href: string } }).location?.href ?? 'http://localhost/');
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
