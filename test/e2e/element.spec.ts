import type { Request } from '@playwright/test';
import { expect, test } from './fixtures.js';
import type { VodPlayer } from '../../src/component.js';
import { events, recordEvents, waitForTime } from './support.js';

/** Strings that only the named library's code contains (settings keys and exported names). */
const LIBRARY_MARKERS = {
  'hls.js': 'fragLoadPolicy',
  'dash.js': 'abandonRequestsRule',
  shaka: 'shaka.Player',
} as const;

async function librariesIn(scripts: Request[]): Promise<string[]> {
  const found = new Set<string>();
  for (const request of scripts) {
    const body = (await (await request.response())?.text()) ?? '';
    for (const [library, marker] of Object.entries(LIBRARY_MARKERS)) if (body.includes(marker)) found.add(library);
  }
  return [...found].sort();
}

for (const { engine, manifest, expected } of [
  { engine: 'hls.js', manifest: 'master.m3u8', expected: ['hls.js'] },
  { engine: 'dash.js', manifest: 'manifest.mpd', expected: ['dash.js'] },
  { engine: 'shaka', manifest: 'manifest.mpd', expected: ['shaka'] },
] as const) {
  test(`a page playing with ${engine} downloads only that engine's code`, async ({ page, origin, openDemo }) => {
    const scripts: Request[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(request);
    });
    await openDemo(`${origin.base}/${manifest}`, engine);
    await waitForTime(page, 1);
    expect(await librariesIn(scripts)).toEqual(expected);
  });
}

test('changing src tears down the old engine: its requests and events stop', async ({ page, origin, openDemo }) => {
    await recordEvents(page);
  await openDemo(`${origin.base}/${'master.m3u8'}`, 'hls.js');
  await waitForTime(page, 2);
  const player = page.locator('vod-player');
  await player.evaluate((el: VodPlayer) => {
    el.engine = 'dash.js';
    el.src = el.src.replace('master.m3u8', 'manifest.mpd');
  });
  await expect.poll(() => player.evaluate((el: VodPlayer) => el.engineName)).toBe('dash.js');
  const switchedAtId = Math.max(...(await origin.log()).map((e) => e.id));
  const switchedAtMs = (await events(page, 'vod-enginechange')).at(-1)!.atMs;
  await page.waitForFunction(() => (document.querySelector('vod-player')?.currentTime ?? 0) > 3);
  await page.waitForTimeout(3_000);

  const after = (await origin.log()).filter((e) => e.id > switchedAtId);
  expect(after.length).toBeGreaterThan(0);
  expect(after.filter((e) => e.path.endsWith('.m3u8'))).toEqual([]);
  const late = (await events(page)).filter((e) => e.atMs > switchedAtMs && e.detail.engine && e.detail.engine !== 'dash.js');
  expect(late).toEqual([]);
  expect(await player.evaluate((el: VodPlayer) => el.qualities.length)).toBeGreaterThan(0);
});

test('an invalid attribute gives a non-fatal INVALID_ATTRIBUTE vod-error and playback goes on', async ({ page, origin, openDemo }) => {
  const { pageErrors } = await recordEvents(page);
  await openDemo(`${origin.base}/${'master.m3u8'}`, 'hls.js');
  await waitForTime(page, 1);
  const player = page.locator('vod-player');
  await player.evaluate((el: VodPlayer) => {
    el.setAttribute('start-time', 'soon');
    el.volume = 7;
    el.setQuality(99);
  });
  const invalid = async (): Promise<unknown[]> =>
    (await events(page, 'vod-error'))
      .filter((e) => e.detail.error?.code === 'INVALID_ATTRIBUTE')
      .map((e) => [e.detail.error?.fatal, e.detail.error?.detail.attribute])
      .sort();
  await expect.poll(invalid).toEqual([
    [false, 'quality'],
    [false, 'start-time'],
    [false, 'volume'],
  ]);
  expect((await events(page, 'vod-error')).filter((e) => e.detail.error?.fatal)).toEqual([]);
  await waitForTime(page, 3);
  expect(await player.evaluate((el: VodPlayer) => el.volume)).toBe(1);
  expect(pageErrors).toEqual([]);
});

test('start-time starts playback at that position without fetching the start', async ({ page, origin, openDemo }) => {
    const src = encodeURIComponent(`${origin.base}/${'master.m3u8'}`);
  await page.goto(`${process.env.E2E_SITE_URL}/bench/pages/element.html?src=${src}&start-time=30`);
  await waitForTime(page, 31);
  const segments = (await origin.log()).filter((e) => e.kind === 'media').map((e) => e.segment!);
  expect(Math.min(...segments)).toBeGreaterThanOrEqual(15);
});

test('the controls are reachable by role and driven by the keyboard', async ({ page, origin, openDemo }) => {
  await openDemo(`${origin.base}/${'master.m3u8'}`, 'hls.js');
  await waitForTime(page, 2);
  const player = page.locator('vod-player');

  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(page.getByRole('slider', { name: 'Seek' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^(Mute|Unmute)$/ })).toBeVisible();

  await player.focus();
  await page.keyboard.press('k');
  await expect.poll(() => player.evaluate((el: VodPlayer) => el.paused)).toBe(true);
  const pausedAt = await player.evaluate((el: VodPlayer) => el.currentTime);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => player.evaluate((el: VodPlayer) => el.currentTime)).toBeCloseTo(pausedAt + 5, 0);
  await page.keyboard.press('m');
  await expect.poll(() => player.evaluate((el: VodPlayer) => el.muted)).toBe(false);
  await page.keyboard.press(' ');
  await expect.poll(() => player.evaluate((el: VodPlayer) => el.paused)).toBe(false);

  await page.getByRole('button', { name: 'Quality' }).click();
  const items = page.getByRole('menuitemradio');
  const labels = (await items.allTextContents()).map((label) => label.trim());
  expect(labels[0]).toMatch(/^Auto/);
  expect(labels.length).toBe((await player.evaluate((el: VodPlayer) => el.qualities.length)) + 1);
});
