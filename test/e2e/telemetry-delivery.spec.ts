import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { waitForTime } from './support.js';
import {
  compareSeqs,
  openDemoWithTelemetry,
  pageBeacons,
  recordTelemetry,
  recordTelemetryErrors,
  setCollectorOutage,
  telemetryErrors,
  type SeqComparison,
} from './telemetry-support.js';

/**
 * Telemetry loses nothing silently: Chromium plays the real ladder from the origin while its
 * collector misbehaves, and every beacon the page made (per session, by seq) ends up stored.
 */

/** Polls until the collector stored every beacon the pages made so far (snapshot first), bounded. */
async function expectNothingLost(collector: string, pages: Page[], timeoutMs: number): Promise<SeqComparison[]> {
  const made = (await Promise.all(pages.map(pageBeacons))).flat();
  let last: SeqComparison[] = [];
  await expect
    .poll(
      async () => {
        last = await compareSeqs(collector, made);
        return last.flatMap((s) => s.missing.map((seq) => `${s.sessionId}#${seq}`));
      },
      { timeout: timeoutMs, intervals: [1_000] },
    )
    .toEqual([]);
  return last;
}

function note(info: ReturnType<typeof test.info>, label: string, seqs: SeqComparison[]): void {
  const text = seqs.map((s) => `${s.sessionId}: made ${s.made}, stored ${s.stored}, missing ${s.missing.length}`).join('; ');
  info.annotations.push({ type: label, description: text });
  console.log(`[${label}] ${text}`);
}

/** POSTs to the collector in this test's request log. */
async function beaconPosts(origin: { log(): Promise<Array<{ method: string; path: string; status: number; aborted: boolean; transferMs: number; startMs: number }>> }) {
  return (await origin.log()).filter((entry) => entry.method === 'POST' && entry.path.includes('/beacons'));
}

test.describe('telemetry delivery', () => {
  test('a collector answering 404 for 20 s, then 200: nothing lost, and the page is told once', async ({ page, origin }) => {
    test.setTimeout(60_000);
    const collector = `${origin.base}/beacons`;
    await setCollectorOutage(collector, 20, '404');
    const upAtMs = Date.now() + 20_000;
    await recordTelemetry(page);
    await recordTelemetryErrors(page);
    await openDemoWithTelemetry(page, origin.hls, 'hls.js', collector);
    await waitForTime(page, 2, 20_000);
    // While refused: beacons stay queued (and persisted); the page heard of it once.
    await expect.poll(async () => (await telemetryErrors(page)).length, { timeout: 15_000 }).toBe(1);
    await page.waitForTimeout(Math.max(0, upAtMs - Date.now()) + 500);
    const seqs = await expectNothingLost(collector, [page], 30_000);
    note(test.info(), '404 for 20 s', seqs);
    expect(seqs.length).toBe(1);
    const errors = await telemetryErrors(page);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'TELEMETRY_ENDPOINT_REJECTED', detail: { destination: collector, httpStatus: 404, sessionIds: [seqs[0]!.sessionId] } });
    const posts = await beaconPosts(origin);
    expect(posts.filter((post) => post.status === 404).length).toBeGreaterThanOrEqual(3); // it backed off, and tried again
    expect(posts.filter((post) => post.status === 404).length).toBeLessThanOrEqual(8);
  });

  test('a collector that accepts the connection and never answers for 20 s: requests time out, nothing lost', async ({ page, origin }) => {
    test.setTimeout(60_000);
    const collector = `${origin.base}/beacons`;
    await setCollectorOutage(collector, 20, 'hang');
    const upAtMs = Date.now() + 20_000;
    await recordTelemetry(page);
    await recordTelemetryErrors(page);
    await openDemoWithTelemetry(page, origin.hls, 'hls.js', collector);
    await waitForTime(page, 2, 20_000);
    await page.waitForTimeout(Math.max(0, upAtMs - Date.now()) + 500);
    const seqs = await expectNothingLost(collector, [page], 30_000);
    note(test.info(), 'hang for 20 s', seqs);
    // The first request was abandoned by the client after its 10 s timeout (not by the collector).
    const posts = await beaconPosts(origin);
    const abandoned = posts.filter((post) => post.aborted && post.status === 0);
    expect(abandoned.length).toBeGreaterThanOrEqual(1);
    expect(abandoned[0]!.transferMs).toBeGreaterThan(9_000);
    expect(abandoned[0]!.transferMs).toBeLessThan(13_000);
    expect(await telemetryErrors(page)).toEqual([]); // nothing given up, nothing refused
  });

  test('two tabs offline, then online: neither overwrites the other’s queue, nothing lost', async ({ page, origin }) => {
    test.setTimeout(60_000);
    const collector = `${origin.base}/beacons`;
    const context = page.context();
    const tabs = [page, await context.newPage()];
    for (const tab of tabs) {
      await recordTelemetry(tab);
      await openDemoWithTelemetry(tab, origin.hls, 'hls.js', collector);
    }
    await Promise.all(tabs.map((tab) => waitForTime(tab, 2, 20_000)));
    const sessions = await Promise.all(tabs.map(async (tab) => (await pageBeacons(tab))[0]!.sessionId));
    expect(new Set(sessions).size).toBe(2);

    await context.setOffline(true);
    // Offline for 12 s: heartbeats (every 10 s), stalls and errors pile up in each tab's queue.
    for (const tab of tabs) await tab.locator('vod-player').evaluate((el: HTMLElement & { currentTime: number }) => (el.currentTime = 1));
    await page.waitForTimeout(12_000);
    const queued = await page.evaluate(() =>
      Object.keys(localStorage)
        .filter((key) => key.startsWith('vod-telemetry:v1:') && !key.endsWith(':end'))
        .map((key) => ({ key, sessions: [...new Set((JSON.parse(localStorage.getItem(key) ?? '{}') as { beacons: Array<{ sessionId: string }> }).beacons.map((b) => b.sessionId))] })),
    );
    // One key per tab, each holding only its own tab's session.
    expect(queued.map((q) => q.sessions).sort()).toEqual(sessions.map((id) => [id]).sort());
    await context.setOffline(false);
    await page.waitForTimeout(1_000);
    const seqs = await expectNothingLost(collector, tabs, 30_000);
    note(test.info(), 'two tabs offline 12 s', seqs);
    expect(seqs.map((s) => s.sessionId).sort()).toEqual([...sessions].sort());
  });
});
