import type { Page } from '@playwright/test';

export const ENGINES = [
  { engine: 'hls.js', manifest: 'master.m3u8' },
  { engine: 'dash.js', manifest: 'manifest.mpd' },
  { engine: 'shaka', manifest: 'manifest.mpd' },
] as const;

export interface RecordedEvent {
  type: string;
  atMs: number;
  detail: Record<string, unknown> & {
    error?: { code: string; fatal: boolean; message: string; detail: Record<string, unknown> };
    to?: { index: number; height: number };
    auto?: boolean;
    engine?: string;
  };
}

const VOD_EVENTS = [
  'vod-loadedmetadata', 'vod-ready', 'vod-qualitychange', 'vod-rebufferstart', 'vod-rebufferend',
  'vod-error', 'vod-enginechange', 'vod-resume', 'vod-recovering', 'vod-recovered',
];

/** Records every vod-* event (they bubble and are composed) and every page error, from page start. */
export async function recordEvents(page: Page): Promise<{ pageErrors: string[] }> {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.addInitScript((types: string[]) => {
    const store: unknown[] = [];
    Object.assign(window, { __vodEvents: store });
    for (const type of types) {
      document.addEventListener(type, (event) => {
        const detail = (event as CustomEvent).detail as Record<string, unknown>;
        const error = detail.error as { code: string; fatal: boolean; message: string; detail: unknown } | undefined;
        store.push({
          type,
          atMs: performance.now(),
          detail: JSON.parse(
            JSON.stringify({
              ...detail,
              error: error && { code: error.code, fatal: error.fatal, message: error.message, detail: error.detail },
            }),
          ),
        });
      });
    }
  }, VOD_EVENTS);
  return { pageErrors };
}

export async function events(page: Page, type?: string): Promise<RecordedEvent[]> {
  const all = await page.evaluate(() => (window as unknown as { __vodEvents: RecordedEvent[] }).__vodEvents);
  return type ? all.filter((event) => event.type === type) : all;
}

export async function waitForTime(page: Page, minSec: number, timeoutMs = 30_000): Promise<void> {
  try {
    await page.waitForFunction((t) => (document.querySelector('vod-player')?.currentTime ?? 0) >= t, minSec, {
      timeout: timeoutMs,
    });
  } catch (error) {
    throw new Error(`currentTime never reached ${minSec} s; player: ${await describePlayer(page)}`, { cause: error });
  }
}

/** A one-line picture of the player for failure messages: time, buffer, state, last events. */
export async function describePlayer(page: Page): Promise<string> {
  return page
    .evaluate(() => {
      const el = document.querySelector('vod-player') as (HTMLElement & {
        currentTime: number; paused: boolean; readyState: number; buffered: TimeRanges; engineName?: string;
      }) | null;
      if (!el) return 'no <vod-player>';
      const ranges: string[] = [];
      for (let i = 0; i < el.buffered.length; i += 1) ranges.push(`${el.buffered.start(i).toFixed(2)}-${el.buffered.end(i).toFixed(2)}`);
      const recorded = (window as unknown as { __vodEvents?: { type: string }[] }).__vodEvents ?? [];
      return JSON.stringify({
        engine: el.engineName, currentTime: el.currentTime, paused: el.paused, readyState: el.readyState,
        buffered: ranges, lastEvents: recorded.slice(-8).map((e) => e.type),
      });
    })
    .catch((error: unknown) => `unavailable (${String(error)})`);
}
