import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import type { LadderJson } from '../../origin/ladder/types.js';
import type { RequestLogEntry } from '../../origin/server/types.js';

export const ENGINES = [
  { engine: 'hls.js', manifest: 'master.m3u8' },
  { engine: 'dash.js', manifest: 'manifest.mpd' },
  { engine: 'shaka', manifest: 'manifest.mpd' },
] as const;

export const siteUrl = (): string => process.env.E2E_SITE_URL!;
export const originUrl = (): string => process.env.E2E_ORIGIN_URL!;

export function readLadder(): LadderJson {
  return JSON.parse(readFileSync(join(process.env.E2E_LADDER_DIR!, 'ladder.json'), 'utf8')) as LadderJson;
}

/** A session id per test, so each test reads only its own requests in the origin's log. */
export function sessionId(testInfo: TestInfo): string {
  return `t${testInfo.testId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40)}-${testInfo.repeatEachIndex}-${testInfo.retry}`;
}

export function mediaUrl(session: string, file: string): string {
  return `${originUrl()}/s/${session}/${file}`;
}

export async function originLog(session: string): Promise<RequestLogEntry[]> {
  const response = await fetch(`${originUrl()}/_origin/log?session=${encodeURIComponent(session)}`);
  return (await response.json()) as RequestLogEntry[];
}

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
  'vod-error', 'vod-enginechange',
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

/** Opens the demo page, which autoplays `src` muted with `engine`. */
export async function openDemo(page: Page, src: string, engine: string): Promise<void> {
  await page.goto(`${siteUrl()}/demo/index.html?src=${encodeURIComponent(src)}&engine=${encodeURIComponent(engine)}`);
}

export async function waitForTime(page: Page, minSec: number, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction((t) => (document.querySelector('vod-player')?.currentTime ?? 0) >= t, minSec, {
    timeout: timeoutMs,
  });
}
