import type { CDPSession, Page } from '@playwright/test';
import { loadTrace } from '../throttle/trace-file.js';
import { rateBpsAt, type Trace, type TraceMode } from '../throttle/trace.js';

/** How bandwidth is limited: by the origin per session (faithful), or by Chromium's CDP emulation. */
export type ThrottleVia = 'origin' | 'cdp';

export interface ThrottleOptions {
  kbps: number;
  rttMs?: number;
  jitterMs?: number;
}

export interface ReplayOptions {
  /** `loop` (default) or `hold` the last step when the trace ends. */
  mode?: TraceMode;
  rttMs?: number;
}

/** A fault rule in the origin's CLI grammar (`503@media:seg=5-8,count=3`) or as JSON. */
export type FaultInput = string | Record<string, unknown>;

/** The `network` fixture: shape this test's link and inject faults. */
export interface NetworkControl {
  readonly via: ThrottleVia;
  throttle(options: ThrottleOptions): Promise<void>;
  /** Replays a trace: a name from `../shared/traces` (e.g. `fcc_trace_7540_http---www.yahoo.com`) or a file. */
  replay(traceNameOrFile: string, options?: ReplayOptions): Promise<void>;
  /** Adds a fault rule for this test's session (faults always go through the origin). */
  fault(rule: FaultInput): Promise<void>;
  /** Back to an unlimited link with no faults. */
  clear(): Promise<void>;
  dispose(): Promise<void>;
}

async function control(url: string, method: string, body?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} → ${response.status}: ${text}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

/** Throttling and faults through the origin's control API for one session. */
export function originNetwork(originUrl: string, session: string): NetworkControl {
  const base = `${originUrl}/_origin/sessions/${encodeURIComponent(session)}`;
  return {
    via: 'origin',
    async throttle({ kbps, rttMs = 0, jitterMs = 0 }) {
      await control(`${base}/profile`, 'PUT', { kbps, rttMs, jitterMs });
    },
    async replay(trace, { mode = 'loop', rttMs = 0 } = {}) {
      await control(`${base}/profile`, 'PUT', { trace, traceMode: mode, rttMs });
    },
    async fault(rule) {
      await control(`${base}/faults`, 'POST', rule); // JSON, or a string in the CLI grammar
    },
    async clear() {
      await control(`${base}/profile`, 'DELETE');
      await control(`${base}/faults`, 'PUT', []);
    },
    async dispose() {
      await control(base, 'DELETE').catch(() => undefined);
    },
  };
}

/**
 * Throttling through Chromium's `Network.emulateNetworkConditions`, for pages and media served
 * elsewhere. Less faithful than the origin's shaping (see the README): Chromium applies the limit
 * per request after the response arrives, so MSE segment fetches see bursty, delayed delivery.
 * Faults still need the origin.
 */
export function cdpNetwork(page: Page, originUrl: string, session: string): NetworkControl {
  const viaOrigin = originNetwork(originUrl, session);
  let cdp: CDPSession | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const stopReplay = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const emulate = async (bitsPerSecond: number, latencyMs: number): Promise<void> => {
    cdp ??= await page.context().newCDPSession(page);
    const unlimited = !Number.isFinite(bitsPerSecond);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: !unlimited && bitsPerSecond === 0,
      latency: latencyMs,
      downloadThroughput: unlimited ? -1 : Math.max(1, bitsPerSecond / 8),
      uploadThroughput: -1,
    });
  };
  return {
    via: 'cdp',
    async throttle({ kbps, rttMs = 0 }) {
      stopReplay();
      await emulate(kbps * 1000, rttMs);
    },
    async replay(traceNameOrFile, { mode = 'loop', rttMs = 0 } = {}) {
      stopReplay();
      const trace: Trace = await loadTrace(traceNameOrFile, { allowPaths: true });
      const startMs = Date.now();
      const step = async (): Promise<void> => {
        const tSec = (Date.now() - startMs) / 1000;
        await emulate(rateBpsAt(trace, tSec, mode), rttMs).catch(() => undefined);
        timer = setTimeout(() => void step(), 250);
      };
      await step();
    },
    fault: (rule) => viaOrigin.fault(rule),
    async clear() {
      stopReplay();
      if (cdp) await emulate(Number.POSITIVE_INFINITY, 0);
      await viaOrigin.clear();
    },
    async dispose() {
      stopReplay();
      await cdp?.detach().catch(() => undefined);
      await viaOrigin.dispose();
    },
  };
}
