import type { PipelineSignal, SessionSignal } from '../../../telemetry/signals.js';
import type { SessionContext } from '../../../telemetry/session.js';
import { INITIAL_TELEMETRY_STATE, stepTelemetry } from '../../../telemetry/session.js';
import type { BeaconRendition, TelemetryBeacon } from '../../../telemetry/types.js';

export const EPOCH_MS = 1_700_000_000_000;

/** Event ids `e1`, `e2`, …; epoch = EPOCH_MS + monotonic time. */
export function testContext(): SessionContext {
  let n = 0;
  return { newEventId: () => `e${++n}`, epochMsAt: (atMs) => EPOCH_MS + atMs };
}

export function sessionSignal(overrides: Partial<SessionSignal> = {}): SessionSignal {
  return {
    type: 'session',
    atMs: 0,
    sessionId: 's1',
    manifestUrl: 'http://127.0.0.1/master.m3u8',
    engine: 'hls.js',
    abrMode: 'vod',
    autoplay: true,
    playerVersion: '0.1.0',
    userAgent: 'test',
    videoId: 'video-1',
    ...overrides,
  };
}

export function rendition(index: number, bitrateBps: number): BeaconRendition {
  return { index, width: 320 * (index + 1), height: 180 * (index + 1), bitrateBps, label: `${180 * (index + 1)}p` };
}

/** Runs the fold over `signals`, returning every beacon made. */
export function run(signals: readonly PipelineSignal[]): TelemetryBeacon[] {
  const ctx = testContext();
  let state = INITIAL_TELEMETRY_STATE;
  const out: TelemetryBeacon[] = [];
  for (const signal of signals) {
    const step = stepTelemetry(state, signal, ctx);
    state = step.state;
    out.push(...step.beacons);
  }
  return out;
}
