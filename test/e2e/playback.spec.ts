import { expect, test } from './fixtures.js';
import type { VodPlayer } from '../../src/component.js';
import { ENGINES, events, recordEvents, waitForTime } from './support.js';

for (const { engine, manifest } of ENGINES) {
  test.describe(`<vod-player> with ${engine}`, () => {
    test('plays the ladder and lists the qualities of ladder.json', async ({ page, origin, openDemo }) => {
      const { pageErrors } = await recordEvents(page);
      await openDemo(`${origin.base}/${manifest}`, engine);
      await waitForTime(page, 5);

      const player = page.locator('vod-player');
      expect(await player.evaluate((el: VodPlayer) => el.engineName)).toBe(engine);
      const qualities = await player.evaluate((el: VodPlayer) => el.qualities.map((q) => ({ ...q })));
      const ladder = origin.ladder;
      expect(qualities.map((q) => [q.width, q.height])).toEqual(ladder.rungs.map((r) => [r.width, r.height]));
      for (const [i, quality] of qualities.entries()) {
        const rung = ladder.rungs[i]!;
        expect(quality.codecs).toContain(rung.codecs.split('.')[0]);
        // HLS BANDWIDTH is the peak of video + audio; DASH @bandwidth the peak of the video track alone.
        expect(quality.bitrateBps).toBeGreaterThanOrEqual(rung.videoAverageBitrateBps * 0.9);
        expect(quality.bitrateBps).toBeLessThanOrEqual(rung.peakBitrateBps * 1.1);
      }
      expect((await events(page, 'vod-ready')).length).toBe(1);
      const metadata = await events(page, 'vod-loadedmetadata');
      expect(metadata.map((e) => (e.detail.qualities as unknown[]).length)).toEqual([ladder.rungs.length]);
      expect(await events(page, 'vod-qualitychange')).not.toHaveLength(0);
      expect(pageErrors).toEqual([]);
    });

    test('pinning a rung makes the origin serve that rung and fires vod-qualitychange', async ({ page, origin, openDemo }) => {
      await recordEvents(page);
      await openDemo(`${origin.base}/${manifest}`, engine);
      await waitForTime(page, 1);
      const player = page.locator('vod-player');
      expect(await player.evaluate((el: VodPlayer) => el.qualities.length)).toBeGreaterThan(2);
      const pinAndWait = async (index: number): Promise<void> => {
        await player.evaluate((el: VodPlayer, i: number) => el.setQuality(i), index);
        await expect.poll(() => player.evaluate((el: VodPlayer) => el.quality?.index), { timeout: 30_000 }).toBe(index);
      };
      // Pin one rung first, so the engine's ABR cannot race the switch we then measure.
      const first = (await player.evaluate((el: VodPlayer) => el.quality?.index ?? 0)) === 1 ? 2 : 1;
      await pinAndWait(first);
      const target = first === 1 ? 2 : 1;
      const targetRung = origin.ladder.rungs[target]!;
      const pinnedAtId = Math.max(0, ...(await origin.log()).map((entry) => entry.id));
      const eventsBefore = (await events(page, 'vod-qualitychange')).length;

      await pinAndWait(target);

      const switches = (await events(page, 'vod-qualitychange')).slice(eventsBefore);
      expect(switches.map((e) => [e.detail.to?.index, e.detail.auto])).toEqual([[target, false]]);
      expect(await player.evaluate((el: VodPlayer) => [el.quality?.height, el.autoQuality])).toEqual([targetRung.height, false]);
      const videoAfterPin = (await origin.log()).filter((e) => e.id > pinnedAtId && e.kind === 'media');
      expect(videoAfterPin.filter((e) => e.rung === targetRung.id).length).toBeGreaterThanOrEqual(1);
      // Once the switch is done, every new video segment comes from the pinned rung.
      await waitForTime(page, (await player.evaluate((el: VodPlayer) => el.currentTime)) + 4);
      const lastTwo = (await origin.log()).filter((e) => e.kind === 'media').slice(-2);
      expect(lastTwo.map((e) => e.rung)).toEqual([targetRung.id, targetRung.id]);
    });

    test('seeks to a later position and keeps playing from there', async ({ page, origin, openDemo }) => {
      await recordEvents(page);
      await openDemo(`${origin.base}/${manifest}`, engine);
      await waitForTime(page, 1);
      const player = page.locator('vod-player');
      await player.evaluate((el: VodPlayer) => {
        el.currentTime = 60;
      });
      await waitForTime(page, 62);
      expect(await player.evaluate((el: VodPlayer) => el.paused)).toBe(false);
      // The segment holding 60 s (2 s segments, numbered from 1) was fetched; the ones before it were not all needed.
      const segments = (await origin.log()).filter((e) => e.kind === 'media').map((e) => e.segment);
      expect(segments).toContain(31);
      expect(segments).not.toContain(20);
    });

    test('a 404 manifest gives vod-error MANIFEST_LOAD_FAILED without a page error', async ({ page, origin, openDemo }) => {
      const { pageErrors } = await recordEvents(page);
      const missing = manifest.replace(/^[^.]+/, 'missing');
      await openDemo(`${origin.base}/${missing}`, engine);
      await expect.poll(async () => (await events(page, 'vod-error')).map((e) => e.detail.error?.code)).toContain('MANIFEST_LOAD_FAILED');
      const [error] = await events(page, 'vod-error');
      expect(error!.detail.error).toMatchObject({ fatal: true, detail: { httpStatus: 404 } });
      expect(pageErrors).toEqual([]);
    });

    test('a garbage manifest gives vod-error MANIFEST_PARSE_FAILED without a page error', async ({ page, openDemo }) => {
      const { pageErrors } = await recordEvents(page);
      const garbage = `${process.env.E2E_SITE_URL}/fixtures/${manifest.endsWith('.mpd') ? 'garbage.mpd' : 'garbage.m3u8'}`;
      await openDemo(garbage, engine);
      await expect.poll(async () => (await events(page, 'vod-error')).map((e) => e.detail.error?.code)).toContain('MANIFEST_PARSE_FAILED');
      expect((await events(page, 'vod-error'))[0]!.detail.error?.fatal).toBe(true);
      expect(pageErrors).toEqual([]);
    });
  });
}

test('shaka plays HLS as well as DASH', async ({ page, origin, openDemo }) => {
  await recordEvents(page);
  await openDemo(`${origin.base}/${'master.m3u8'}`, 'shaka');
  await waitForTime(page, 3);
  expect(await page.locator('vod-player').evaluate((el: VodPlayer) => el.engineName)).toBe('shaka');
});
