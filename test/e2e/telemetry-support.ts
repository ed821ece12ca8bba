import type { Page } from '@playwright/test';
import type { TelemetryBeacon } from '../../telemetry/types.js';

/** A stored beacon as `GET /beacons?session=` returns it. */
export interface Received {
  beacon: TelemetryBeacon;
  receivedAtMs: number;
  final: boolean;
}

/** Opens the built demo with telemetry on, posting to `collector`. */
export async function openDemoWithTelemetry(page: Page, src: string, engine: string, collector: string, extra: Record<string, string> = {}): Promise<void> {
  const params = new URLSearchParams({ src, engine, telemetry: collector, ...extra });
  await page.goto(`${process.env.E2E_SITE_URL}/demo/index.html?${params.toString()}`);
}

/**
 * From page start: every beacon of `player.telemetry$` (in `window.__beacons`), and the outside
 * observer's view: calls of the video's `play()` (`play-call`), media events (`play`, `playing`)
 * and vod-* events, with `performance.now()` times.
 */
export async function recordTelemetry(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const beacons: unknown[] = [];
    const seen: Array<{ type: string; atMs: number; detail: unknown }> = [];
    Object.assign(window, { __beacons: beacons, __seen: seen });
    for (const type of ['play', 'playing', 'vod-qualitychange', 'vod-rebufferstart', 'vod-rebufferend']) {
      document.addEventListener(
        type,
        (event) => {
          const detail = (event as CustomEvent).detail as unknown;
          seen.push({ type, atMs: performance.now(), detail: detail === undefined ? null : JSON.parse(JSON.stringify(detail)) });
        },
        true,
      );
    }
    // The moment the video is asked to play (its `play` event may come later when the page is busy).
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      seen.push({ type: 'play-call', atMs: performance.now(), detail: null });
      return play.call(this);
    };
    void customElements.whenDefined('vod-player').then(() => {
      const player = document.querySelector('vod-player') as (HTMLElement & { telemetry$?: { subscribe(fn: (b: unknown) => void): unknown } }) | null;
      player?.telemetry$?.subscribe((beacon) => beacons.push(beacon));
    });
  });
}

export async function pageBeacons(page: Page): Promise<TelemetryBeacon[]> {
  return page.evaluate(() => (window as unknown as { __beacons: TelemetryBeacon[] }).__beacons);
}

export async function seenEvents(page: Page): Promise<Array<{ type: string; atMs: number; detail: Record<string, unknown> | null }>> {
  return page.evaluate(() => (window as unknown as { __seen: Array<{ type: string; atMs: number; detail: Record<string, unknown> | null }> }).__seen);
}

export async function received(collector: string, sessionId: string): Promise<Received[]> {
  const response = await fetch(`${collector}?session=${encodeURIComponent(sessionId)}`);
  return ((await response.json()) as { beacons: Received[] }).beacons;
}

export async function summary(collector: string, sessionId: string): Promise<{ complete: boolean; missingSeq: number[]; beaconCount: number }> {
  const response = await fetch(`${collector}/summary?session=${encodeURIComponent(sessionId)}`);
  return (await response.json()) as { complete: boolean; missingSeq: number[]; beaconCount: number };
}

/** `PUT <collector>/outage`: POSTs fail for `sec` seconds (`503`, `reset`, `404`, or `hang`: no answer until it ends). */
export async function setCollectorOutage(collector: string, sec: number, mode: '503' | 'reset' | '404' | 'hang'): Promise<void> {
  const response = await fetch(`${collector}/outage`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sec, mode }) });
  if (!response.ok) throw new Error(`PUT ${collector}/outage answered ${response.status}: ${await response.text()}`);
}

/** A `vod-telemetry-error` as the page saw it. */
export interface SeenTelemetryError {
  code: string;
  message: string;
  detail: { destination: string; httpStatus?: number; beaconCount: number; sessionIds: string[] };
}

/** From page start: every `vod-telemetry-error` (in `window.__telemetryErrors`). */
export async function recordTelemetryErrors(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: unknown[] = [];
    Object.assign(window, { __telemetryErrors: seen });
    document.addEventListener('vod-telemetry-error', (event) => {
      const { error } = (event as CustomEvent<{ error: { code: string; message: string; detail: unknown } }>).detail;
      seen.push(JSON.parse(JSON.stringify({ code: error.code, message: error.message, detail: error.detail })));
    });
  });
}

export async function telemetryErrors(page: Page): Promise<SeenTelemetryError[]> {
  return page.evaluate(() => (window as unknown as { __telemetryErrors: SeenTelemetryError[] }).__telemetryErrors);
}

/** Per session: the seqs the client made, how many the collector stored, and which made ones it lacks. */
export interface SeqComparison {
  sessionId: string;
  made: number;
  stored: number;
  missing: number[];
}

/** Compares, per session, the beacons a page made (`telemetry$`) with what the collector stored. */
export async function compareSeqs(collector: string, made: readonly TelemetryBeacon[]): Promise<SeqComparison[]> {
  const bySession = new Map<string, Set<number>>();
  for (const beacon of made) bySession.set(beacon.sessionId, (bySession.get(beacon.sessionId) ?? new Set()).add(beacon.seq));
  const out: SeqComparison[] = [];
  for (const [sessionId, seqs] of bySession) {
    const stored = new Set((await received(collector, sessionId)).map((r) => r.beacon.seq));
    out.push({ sessionId, made: seqs.size, stored: stored.size, missing: [...seqs].filter((seq) => !stored.has(seq)).sort((a, b) => a - b) });
  }
  return out;
}
