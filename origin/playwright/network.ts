import type { CDPSession, Page } from '@playwright/test';
import { isNetworkProfileName, networkProfile, type NetworkProfileName } from '../throttle/network-profiles.js';
import { loadTrace } from '../throttle/trace-file.js';
import { rateBpsAt, type Trace, type TraceMode } from '../throttle/trace.js';

/** How bandwidth is limited: by the origin per session (faithful), or by Chromium's CDP emulation. */
export type ThrottleVia = 'origin' | 'cdp';

export interface ThrottleOptions {
  kbps: number;
  rttMs?: number;
  jitterMs?: number;
}

/** Overrides of a network profile's own settings. */
export interface UseOptions {
  /** `loop` or `hold` the last step when the trace ends. Defaults to the profile's own mode. */
  mode?: TraceMode;
  /** Defaults to the profile's own RTT. */
  rttMs?: number;
  /** Defaults to the profile's own jitter (origin shaping only). */
  jitterMs?: number;
}

export interface ReplayOptions {
  /** `loop` (default for a file) or `hold` the last step when the trace ends. */
  mode?: TraceMode;
  /** Latency before each response's first byte, ms. Defaults to 0 for a file. */
  rttMs?: number;
  /** Defaults to 0 for a file (origin shaping only). */
  jitterMs?: number;
}

/** A fault rule in the origin's CLI grammar (`503@media:seg=5-8,count=3`) or as JSON. */
export type FaultInput = string | Record<string, unknown>;

/** The `network` fixture: shape this test's link and inject faults. */
export interface NetworkControl {
  readonly via: ThrottleVia;
  /** A fixed rate, with a latency before each response's first byte. */
  throttle(options: ThrottleOptions): Promise<void>;
  /**
   * A built-in network profile by name (`slow-3g`, `fast-3g`, `slow-4g`, `fast-4g`, `cable`,
   * `commute`, `cliff`, `oscillating`, `outage-10s`; see `listNetworkProfiles()`), with its own RTT
   * and mode unless `options` give others. Throws ProfileError `UNKNOWN_PROFILE` for another name.
   */
  use(profile: NetworkProfileName, options?: UseOptions): Promise<void>;
  /**
   * Replays a trace file, `{ "steps": [[durationSec, kbps], …] }`: a path, relative to the test's
   * working directory, read in this process and sent to the origin inline, so any file works. A
   * network profile's name is taken too (as `use`). Throws TraceError for a missing or malformed
   * file, ProfileError for a bare name that is no profile.
   */
  replay(fileOrProfile: string, options?: ReplayOptions): Promise<void>;
  /** Adds a fault rule for this test's session (faults always go through the origin). */
  fault(rule: FaultInput): Promise<void>;
  /** Back to an unlimited link with no faults. */
  clear(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * One control-API call from Node: JSON bodies with `Content-Type: application/json` (the origin
 * refuses anything else with 415), and fetch's own `Host` (127.0.0.1:<port>), no `Origin`.
 */
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

/** A trace file by path (relative to the working directory); a bare name must be a profile's. */
function readTrace(fileOrProfile: string): Promise<Trace> {
  return loadTrace(fileOrProfile, { allowPaths: true });
}

/**
 * Throttling and faults through the origin's control API for one session. Profiles go by name
 * (the origin builds the same trace); files go inline. `dispose` leaves the session to its owner
 * (the `origin` fixture attaches its log on failure, then forgets it).
 */
export function originNetwork(originUrl: string, session: string): NetworkControl {
  const base = `${originUrl}/_origin/sessions/${encodeURIComponent(session)}`;
  const network: NetworkControl = {
    via: 'origin',
    async throttle({ kbps, rttMs = 0, jitterMs = 0 }) {
      await control(`${base}/profile`, 'PUT', { kbps, rttMs, jitterMs });
    },
    async use(name, { mode, rttMs, jitterMs } = {}) {
      const profile = networkProfile(name);
      await control(`${base}/profile`, 'PUT', {
        trace: profile.name,
        ...(mode === undefined ? {} : { traceMode: mode }),
        ...(rttMs === undefined ? {} : { rttMs }),
        ...(jitterMs === undefined ? {} : { jitterMs }),
      });
    },
    async replay(fileOrProfile, options = {}) {
      if (isNetworkProfileName(fileOrProfile)) return network.use(fileOrProfile, options);
      const trace = await readTrace(fileOrProfile);
      const { mode = 'loop', rttMs = 0, jitterMs = 0 } = options;
      await control(`${base}/profile`, 'PUT', { trace: { name: trace.name, steps: trace.steps }, traceMode: mode, rttMs, jitterMs });
    },
    async fault(rule) {
      await control(`${base}/faults`, 'POST', rule); // JSON, or a string in the CLI grammar
    },
    async clear() {
      await control(`${base}/profile`, 'DELETE');
      await control(`${base}/faults`, 'PUT', []);
    },
    async dispose() {
      // Nothing to undo here: the session (profile, faults, log) belongs to the `origin` fixture.
    },
  };
  return network;
}

/**
 * Throttling through Chromium's `Network.emulateNetworkConditions`, for pages and media served
 * elsewhere. Less faithful than the origin's shaping (see the README): Chromium applies the limit
 * per request after the response arrives, so MSE segment fetches see bursty, delayed delivery.
 * A profile or trace is replayed by changing the emulated rate every 250 ms; jitter is not
 * emulated. Faults still need the origin.
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
  const replayTrace = async (trace: Trace, mode: TraceMode, rttMs: number): Promise<void> => {
    stopReplay();
    const startMs = Date.now();
    const step = async (): Promise<void> => {
      const tSec = (Date.now() - startMs) / 1000;
      await emulate(rateBpsAt(trace, tSec, mode), rttMs).catch(() => undefined);
      timer = setTimeout(() => void step(), 250);
    };
    await step();
  };
  const network: NetworkControl = {
    via: 'cdp',
    async throttle({ kbps, rttMs = 0 }) {
      stopReplay();
      await emulate(kbps * 1000, rttMs);
    },
    async use(name, { mode, rttMs } = {}) {
      const profile = networkProfile(name);
      await replayTrace(profile.build(), mode ?? profile.mode, rttMs ?? profile.rttMs);
    },
    async replay(fileOrProfile, options = {}) {
      if (isNetworkProfileName(fileOrProfile)) return network.use(fileOrProfile, options);
      await replayTrace(await readTrace(fileOrProfile), options.mode ?? 'loop', options.rttMs ?? 0);
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
  return network;
}
