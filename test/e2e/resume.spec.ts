import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from '@playwright/test';
import type { VodPlayer } from '../../src/component.js';
import { expect, test } from './fixtures.js';
import { events, recordEvents, waitForTime } from './support.js';

// Resume-position sync, in Chromium against the mock origin's resume API (`/progress/<mediaId>`).
// To keep the suite short, the tests seek to a few seconds before the position they need and
// watch only the last stretch in real time: what is proven (the save path, the restore before the
// first frame) is the same as watching from 0. hls.js only: resume sits above the engine adapters
// and only hands them `startTimeSec`, which the playback tests cover for every engine.

interface ResumeParams {
  mediaId: string;
  token: string;
  mode?: 'auto' | 'prompt';
}

/** A fresh media id and viewer token per test: the origin (and its database) is shared by the worker. */
function ids(): { mediaId: string; token: string } {
  const id = randomUUID().slice(0, 8);
  return { mediaId: `film-${id}`, token: `viewer-${id}` };
}

/** The demo page playing the HLS ladder with resume on, local + remote (the origin's API). */
async function openWithResume(page: Page, src: string, resumeUrl: string, params: ResumeParams): Promise<void> {
  const query = new URLSearchParams({
    src,
    engine: 'hls.js',
    'media-id': params.mediaId,
    'resume-url': resumeUrl,
    'resume-token': params.token,
    ...(params.mode ? { resume: params.mode } : {}),
  });
  await page.goto(`${process.env.E2E_SITE_URL}/demo/index.html?${query}`);
}

/** Records the player's position when its first frame is ready (`vod-ready`), to prove there was no start from 0. */
async function recordReadyPosition(page: Page): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener('vod-ready', (event) => {
      Object.assign(window, { __readyAtSec: (event.target as HTMLElement & { currentTime: number }).currentTime });
    });
  });
}

async function readyPositionSec(page: Page): Promise<number> {
  await page.waitForFunction(() => typeof (window as unknown as { __readyAtSec?: number }).__readyAtSec === 'number', null, {
    timeout: 30_000,
  });
  return page.evaluate(() => (window as unknown as { __readyAtSec: number }).__readyAtSec);
}

async function currentTimeSec(page: Page): Promise<number> {
  return page.locator('vod-player').evaluate((el: VodPlayer) => el.currentTime);
}

async function seek(page: Page, timeSec: number): Promise<void> {
  await page.locator('vod-player').evaluate((el: VodPlayer, t: number) => {
    el.currentTime = t;
  }, timeSec);
}

/** The position the origin holds for this viewer, read over HTTP like any client; null on 404. */
async function storedPosition(resumeUrl: string, mediaId: string, token: string): Promise<{ status: number; positionSec: number | null }> {
  const response = await fetch(`${resumeUrl}/${mediaId}`, { headers: { Authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { positionSec?: number };
  return { status: response.status, positionSec: response.ok ? (body.positionSec ?? null) : null };
}

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await recordEvents(page);
  await recordReadyPosition(page);
  return page;
}

test.describe('resume', () => {
  test('after watching to 30 s, a reload resumes within 2 s of that position, from its first frame', async ({ page, origin }) => {
    const viewer = ids();
    const resumeUrl = `${origin.url}/progress`;
    const { pageErrors } = await recordEvents(page);
    await recordReadyPosition(page);
    await openWithResume(page, origin.hls, resumeUrl, viewer);
    await waitForTime(page, 1);
    await seek(page, 26); // then watch 26 → 30 s in real time
    await waitForTime(page, 30);
    const watchedSec = await currentTimeSec(page);

    await page.reload(); // no pause: the page-hide save has to carry it

    const readyAtSec = await readyPositionSec(page);
    expect(Math.abs(readyAtSec - watchedSec)).toBeLessThanOrEqual(2);
    await expect.poll(() => events(page, 'vod-resume')).toHaveLength(1);
    const [resume] = await events(page, 'vod-resume');
    expect(resume?.detail).toMatchObject({ mediaId: viewer.mediaId, source: 'local', late: false });
    expect(Math.abs((resume?.detail.positionSec as number) - watchedSec)).toBeLessThanOrEqual(2);
    await waitForTime(page, watchedSec + 1); // and it plays on from there
    expect((await events(page, 'vod-error')).filter((e) => e.detail.error?.code === 'RESUME_STORE_FAILED')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  test('device B (another browser context, same viewer) resumes where device A stopped at 40 s', async ({ browser, origin }) => {
    const viewer = ids();
    const resumeUrl = `${origin.url}/progress`;
    const deviceA = await browser.newContext();
    const deviceB = await browser.newContext();
    try {
      const pageA = await newPage(deviceA);
      await openWithResume(pageA, origin.hls, resumeUrl, viewer);
      await waitForTime(pageA, 1);
      await seek(pageA, 37); // then watch 37 → 40 s
      await waitForTime(pageA, 40);
      await pageA.locator('vod-player').evaluate((el: VodPlayer) => el.pause());
      const stoppedAtSec = await currentTimeSec(pageA);
      await expect
        .poll(async () => Math.abs(((await storedPosition(resumeUrl, viewer.mediaId, viewer.token)).positionSec ?? 0) - stoppedAtSec))
        .toBeLessThan(0.01);

      const pageB = await newPage(deviceB);
      await openWithResume(pageB, origin.hls, resumeUrl, viewer);
      const readyAtSec = await readyPositionSec(pageB);
      expect(Math.abs(readyAtSec - stoppedAtSec)).toBeLessThanOrEqual(2);
      const [resume] = await events(pageB, 'vod-resume');
      expect(resume?.detail).toMatchObject({ source: 'remote', late: false });
      expect(Math.abs((resume?.detail.positionSec as number) - stoppedAtSec)).toBeLessThanOrEqual(0.5);
      await waitForTime(pageB, stoppedAtSec + 1);
    } finally {
      await deviceA.close();
      await deviceB.close();
    }
  });

  test('a hard close (renderer killed, no pause, no page-hide) loses at most 5 s of progress', async ({ browser, origin }) => {
    const viewer = ids();
    const resumeUrl = `${origin.url}/progress`;
    const context = await browser.newContext();
    try {
      const page = await newPage(context);
      await openWithResume(page, origin.hls, resumeUrl, viewer);
      await waitForTime(page, 1);
      await seek(page, 25); // saved at the seek; then only the 4 s interval saves while playing
      // Close 6.5 s later, a moment that does not line up with the save interval: without the
      // interval saves this would lose 6.5 s.
      await waitForTime(page, 31.5);
      const watchedSec = await currentTimeSec(page);
      const cdp = await context.newCDPSession(page);
      void cdp.send('Page.crash').catch(() => undefined); // the tab dies: no pagehide, no unload
      await page.waitForEvent('crash', { timeout: 10_000 });

      const stored = await storedPosition(resumeUrl, viewer.mediaId, viewer.token);
      expect(stored.status).toBe(200);
      expect(watchedSec - (stored.positionSec ?? 0)).toBeLessThanOrEqual(5);
      expect(stored.positionSec).toBeLessThanOrEqual(watchedSec);
    } finally {
      await context.close();
    }
  });

  test("another viewer's token cannot see the position: the API answers 404 and the player starts from 0", async ({ page, origin }) => {
    const owner = ids();
    const stranger = { mediaId: owner.mediaId, token: `${owner.token}-other` };
    const resumeUrl = `${origin.url}/progress`;
    // The owner saved 50 s (from any device; here straight through the API).
    const put = await fetch(`${resumeUrl}/${owner.mediaId}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${owner.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ positionSec: 50, durationSec: 120, completed: false, updatedAt: Date.now() }),
    });
    expect(put.status).toBe(200);

    expect(await storedPosition(resumeUrl, owner.mediaId, stranger.token)).toEqual({ status: 404, positionSec: null });
    await recordReadyPosition(page);
    const { pageErrors } = await recordEvents(page);
    await openWithResume(page, origin.hls, resumeUrl, stranger);
    expect(await readyPositionSec(page)).toBeLessThan(1);
    await waitForTime(page, 2);
    expect(await events(page, 'vod-resume')).toEqual([]);
    expect((await events(page, 'vod-error')).filter((e) => e.detail.error?.code === 'RESUME_STORE_FAILED')).toEqual([]);
    expect(pageErrors).toEqual([]);
    // The stranger's own progress never touched the owner's.
    expect((await storedPosition(resumeUrl, owner.mediaId, owner.token)).positionSec).toBe(50);
  });

  test('resume="prompt" waits on "Resume from 0:50 / Start over" instead of playing on its own', async ({ page, origin }) => {
    const viewer = ids();
    const resumeUrl = `${origin.url}/progress`;
    await fetch(`${resumeUrl}/${viewer.mediaId}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${viewer.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ positionSec: 50, durationSec: 120, completed: false, updatedAt: Date.now() }),
    });
    await recordEvents(page);
    await openWithResume(page, origin.hls, resumeUrl, { ...viewer, mode: 'prompt' });

    const resumeButton = page.getByRole('button', { name: 'Resume from 0:50' });
    await expect(resumeButton).toBeVisible();
    await expect(page.getByRole('group', { name: 'Resume playback' })).toBeVisible();
    expect(await page.locator('vod-player').evaluate((el: VodPlayer) => el.paused)).toBe(true);

    await page.getByRole('button', { name: 'Start over' }).click();
    await expect(resumeButton).toBeHidden();
    await waitForTime(page, 1);
    expect(await currentTimeSec(page)).toBeLessThan(10);
  });
});
