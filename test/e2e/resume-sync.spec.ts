import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from '@playwright/test';
import type { RequestLogEntry } from '../../origin/server/types.js';
import type { VodPlayer } from '../../src/component.js';
import type { ResumeRecord } from '../../src/resume/types.js';
import { expect, test } from './fixtures.js';
import { events, recordEvents, waitForTime } from './support.js';

// Resume writes that survive: two tabs writing offline, and a resume API that fails for a while.
// Real Chromium plays the real ladder from the origin; the resume API is the origin's
// (`/s/<session>/progress/<mediaId>`, so this test's request log shows every request that reached
// it, and this test's fault rules apply to it). hls.js only, as in resume.spec.ts.

interface Viewer {
  mediaId: string;
  token: string;
}

/** A fresh viewer token and media id per test (ids without `.`, so they read the same in a path glob or regex). */
function viewer(label: string): Viewer {
  const id = randomUUID().slice(0, 8);
  return { mediaId: `film-${label}-${id}`, token: `viewer-${id}` };
}

async function openWithResume(page: Page, src: string, resumeUrl: string, params: Viewer): Promise<void> {
  const query = new URLSearchParams({ src, engine: 'hls.js', 'media-id': params.mediaId, 'resume-url': resumeUrl, 'resume-token': params.token });
  await page.goto(`${process.env.E2E_SITE_URL}/demo/index.html?${query}`);
}

async function newTab(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await recordEvents(page);
  return page;
}

const player = (page: Page) => page.locator('vod-player');

async function seekAndPause(page: Page, timeSec: number): Promise<void> {
  await player(page).evaluate(async (el: VodPlayer, t: number) => {
    el.pause();
    el.currentTime = t;
    await new Promise<void>((resolve) => el.addEventListener('seeked', () => resolve(), { once: true }));
  }, timeSec);
}

async function play(page: Page): Promise<void> {
  await player(page).evaluate((el: VodPlayer) => el.play());
}

/** Pauses (a save) and returns where. */
async function pause(page: Page): Promise<number> {
  return player(page).evaluate((el: VodPlayer) => {
    el.pause();
    return el.currentTime;
  });
}

/** Seconds buffered from the playhead on. */
async function bufferedAheadSec(page: Page): Promise<number> {
  return player(page).evaluate((el: VodPlayer) => {
    const ranges = el.buffered;
    if (!ranges) return 0;
    for (let i = 0; i < ranges.length; i += 1) {
      if (ranges.start(i) <= el.currentTime + 0.5 && ranges.end(i) > el.currentTime) return ranges.end(i) - el.currentTime;
    }
    return 0;
  });
}

/** The write queued for `mediaId` in this browser's localStorage (every tab shares it), or null. */
async function queuedWrite(page: Page, mediaId: string): Promise<ResumeRecord | null> {
  return page.evaluate((id) => {
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i);
      if (!key?.endsWith(`:pending/${id}`)) continue;
      const value = JSON.parse(localStorage.getItem(key) ?? 'null') as ResumeRecord | null;
      return typeof value?.positionSec === 'number' ? value : null;
    }
    return null;
  }, mediaId);
}

/**
 * What the origin holds for this viewer, read over HTTP like any client; null on 404. Read outside
 * the test's session (`<origin>/progress/…`: the same rows), so that neither its fault rules nor
 * its request log see these reads.
 */
async function stored(originUrl: string, v: Viewer): Promise<ResumeRecord | null> {
  const response = await fetch(`${originUrl}/progress/${v.mediaId}`, { headers: { Authorization: `Bearer ${v.token}` } });
  return response.ok ? ((await response.json()) as ResumeRecord) : null;
}

/** The PUTs of `mediaId` that reached the origin (this test's session), in arrival order. */
async function putsOf(log: () => Promise<RequestLogEntry[]>, mediaId: string): Promise<RequestLogEntry[]> {
  return (await log()).filter((entry) => entry.method === 'PUT' && entry.path === `/progress/${mediaId}`).sort((a, b) => a.startMs - b.startMs);
}

async function storeFailures(page: Page): Promise<unknown[]> {
  return (await events(page, 'vod-error')).filter((e) => e.detail.error?.code === 'RESUME_STORE_FAILED').map((e) => e.detail.error);
}

test.describe('resume writes survive', () => {
  test('two tabs write one video offline: back online, the server holds the later write and the earlier was superseded, not lost', async ({
    browser,
    origin,
  }) => {
    const v = viewer('tabs');
    const resumeUrl = `${origin.base}/progress`;
    const context = await browser.newContext();
    try {
      const [tabA, tabB] = [await newTab(context), await newTab(context)];
      await openWithResume(tabA, origin.hls, resumeUrl, v);
      await openWithResume(tabB, origin.hls, resumeUrl, v);
      await Promise.all([waitForTime(tabA, 1), waitForTime(tabB, 1)]);
      // Online: park A at 30 s and B at 10 s, each with media buffered ahead to play offline.
      await seekAndPause(tabA, 30);
      await seekAndPause(tabB, 10);
      await expect.poll(() => bufferedAheadSec(tabA), { timeout: 20_000 }).toBeGreaterThan(6);
      await expect.poll(() => bufferedAheadSec(tabB), { timeout: 20_000 }).toBeGreaterThan(6);
      const putsBeforeOffline = (await putsOf(origin.log, v.mediaId)).length;

      await context.setOffline(true);
      expect(await tabA.evaluate(() => navigator.onLine)).toBe(false);

      // Tab A watches 30 → 32 s and pauses: its write is queued in the shared storage.
      await play(tabA);
      await waitForTime(tabA, 32, 15_000);
      const pausedA = await pause(tabA);
      await expect.poll(async () => (await queuedWrite(tabB, v.mediaId))?.positionSec, { timeout: 5_000 }).toBeCloseTo(pausedA, 2);
      const writeA = (await queuedWrite(tabB, v.mediaId))!;

      // More than the 5 s clock-skew tolerance later, tab B watches 10 → 12 s and pauses: a later
      // write, though not as far into the video (so only its timestamp can make it win).
      await tabB.waitForTimeout(6_000);
      await play(tabB);
      await waitForTime(tabB, 12, 15_000);
      const pausedB = await pause(tabB);
      await expect.poll(async () => (await queuedWrite(tabA, v.mediaId))?.positionSec, { timeout: 5_000 }).toBeCloseTo(pausedB, 2);
      const writeB = (await queuedWrite(tabA, v.mediaId))!;
      expect(writeB.updatedAt - writeA.updatedAt).toBeGreaterThan(5_000);
      // A's write was superseded in the queue by the later one, in both tabs' view.
      expect(await queuedWrite(tabB, v.mediaId)).toEqual(writeB);
      // Nothing reached the origin while offline.
      expect(await putsOf(origin.log, v.mediaId)).toHaveLength(putsBeforeOffline);

      await context.setOffline(false);
      await expect
        .poll(async () => (await stored(origin.url, v))?.positionSec, { timeout: 15_000, message: 'the later write reaches the server' })
        .toBeCloseTo(pausedB, 2);
      const onServer = (await stored(origin.url, v))!;
      // B's own timestamp (converted to the server's clock: the same machine, so within a second).
      expect(Math.abs(onServer.updatedAt - writeB.updatedAt)).toBeLessThan(1_000);
      await expect.poll(() => queuedWrite(tabA, v.mediaId), { timeout: 5_000 }).toBeNull();
      const sent = (await putsOf(origin.log, v.mediaId)).slice(putsBeforeOffline);
      expect(sent.length).toBeGreaterThanOrEqual(1);
      expect(sent.map((entry) => entry.status).every((status) => status === 200)).toBe(true); // no stale (409) write went out
      expect(await storeFailures(tabA)).toEqual([]);
      expect(await storeFailures(tabB)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test("a tab closed while offline: the other tab's later writes keep its queued write, and send it once back online", async ({
    browser,
    origin,
  }) => {
    const a = viewer('a');
    const b = { mediaId: viewer('b').mediaId, token: a.token }; // the same viewer, another video
    const resumeUrl = `${origin.base}/progress`;
    const context = await browser.newContext();
    try {
      const [tabA, tabB] = [await newTab(context), await newTab(context)];
      await openWithResume(tabA, origin.hls, resumeUrl, a);
      await openWithResume(tabB, origin.hls, resumeUrl, b);
      await Promise.all([waitForTime(tabA, 1), waitForTime(tabB, 1)]);
      await seekAndPause(tabA, 40);
      await seekAndPause(tabB, 20);
      await expect.poll(() => bufferedAheadSec(tabA), { timeout: 20_000 }).toBeGreaterThan(6);
      await expect.poll(() => bufferedAheadSec(tabB), { timeout: 20_000 }).toBeGreaterThan(8);

      const putsOfABefore = (await putsOf(origin.log, a.mediaId)).length;

      await context.setOffline(true);
      await play(tabA);
      await waitForTime(tabA, 42, 15_000);
      const pausedA = await pause(tabA);
      await expect.poll(async () => (await queuedWrite(tabB, a.mediaId))?.positionSec, { timeout: 5_000 }).toBeCloseTo(pausedA, 2);
      await tabA.close(); // its memory is gone; only the shared storage has its write

      // Tab B writes several times (it rewrites its own entry each time) while A's entry waits.
      await play(tabB);
      await waitForTime(tabB, 26, 15_000); // the 4 s interval saves, then the pause
      const pausedB = await pause(tabB);
      await expect.poll(async () => (await queuedWrite(tabB, b.mediaId))?.positionSec, { timeout: 5_000 }).toBeCloseTo(pausedB, 2);
      expect((await queuedWrite(tabB, a.mediaId))?.positionSec).toBeCloseTo(pausedA, 2); // A's write is still there
      expect(await putsOf(origin.log, a.mediaId)).toHaveLength(putsOfABefore); // nothing reached the origin offline

      await context.setOffline(false);
      await expect.poll(async () => (await stored(origin.url, a))?.positionSec, { timeout: 15_000 }).toBeCloseTo(pausedA, 2);
      await expect.poll(async () => (await stored(origin.url, b))?.positionSec, { timeout: 15_000 }).toBeCloseTo(pausedB, 2);
      // Tab A is closed: the PUT that carried its write came from tab B.
      const sentForA = (await putsOf(origin.log, a.mediaId)).slice(putsOfABefore);
      expect(sentForA.map((entry) => entry.status)).toContain(200);
      await expect.poll(() => queuedWrite(tabB, a.mediaId), { timeout: 5_000 }).toBeNull();
      expect(await storeFailures(tabB)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('the resume API answers 503 (Retry-After: 2) twice and 500 once: the write is retried with backoff until it lands', async ({
    page,
    origin,
    network,
  }) => {
    const v = viewer('flaky');
    const resumeUrl = `${origin.base}/progress`;
    const { pageErrors } = await recordEvents(page);
    await openWithResume(page, origin.hls, resumeUrl, v);
    await waitForTime(page, 1);
    // Only the PUTs of this video fail (the read at load is done); rules fire in order.
    await network.fault(`503:path=/progress/${v.mediaId},count=2,retryAfter=2,id=busy`);
    await network.fault(`500:path=/progress/${v.mediaId},count=1,id=broken`);
    const before = (await putsOf(origin.log, v.mediaId)).length;

    await seekAndPause(page, 20); // the seek's save, while paused: one write
    await expect.poll(async () => (await stored(origin.url, v))?.positionSec, { timeout: 30_000, message: 'the write lands' }).toBeCloseTo(20, 1);

    const puts = (await putsOf(origin.log, v.mediaId)).slice(before);
    expect(puts.map((entry) => entry.status)).toEqual([503, 503, 500, 200]);
    expect(puts.map((entry) => entry.fault?.split(':')[0] ?? null)).toEqual(['busy', 'busy', 'broken', null]);
    const gapsMs = puts.slice(1).map((entry, i) => entry.startMs - puts[i]!.startMs);
    expect(gapsMs[0]).toBeGreaterThanOrEqual(1_900); // Retry-After: 2 (the backoff alone: 0.5–1.5 s)
    expect(gapsMs[1]).toBeGreaterThanOrEqual(1_900); // Retry-After again (the backoff: 1–3 s)
    expect(gapsMs[2]).toBeGreaterThanOrEqual(1_900); // the third backoff: 4 s ± 50%
    expect(await storeFailures(page)).toEqual([]); // retried failures are not the viewer's problem
    expect(pageErrors).toEqual([]);
  });
});
