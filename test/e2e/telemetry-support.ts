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
