import type { VodPlayer } from '../../src/index.js';
import { expect, test } from './fixtures.js';
import { ENGINES, events, recordEvents } from './support.js';

// vod-player's ABR plugged into each engine (hls.js abrController, dash.js custom rules, shaka
// abrFactory): the engine fetches what it decides, and its decisions reach vod-qualitychange.

function demoUrl(src: string, engine: string, extra: Record<string, string>): string {
  const query = new URLSearchParams({ src, engine, ...extra });
  return `${process.env.E2E_SITE_URL}/demo/index.html?${query.toString()}`;
}

for (const { engine, manifest } of ENGINES) {
  test.describe(`vod-player's ABR in ${engine}`, () => {
    test('the engine fetches only what the ABR allows: abr-max-rung=1 on an open link', async ({ page, origin }) => {
      await recordEvents(page);
      await page.goto(demoUrl(`${origin.base}/${manifest}`, engine, { 'abr-max-rung': '1' }));
      const player = page.locator('vod-player');
      // An unshaped loopback link: an engine's own ABR climbs to the top rung within seconds.
      await page.waitForFunction(() => (document.querySelector('vod-player')?.currentTime ?? 0) >= 8, undefined, { timeout: 45_000 });
      const allowed = origin.ladder.rungs.slice(0, 2).map((rung) => rung.id);
      const videoRungs = (await origin.log()).filter((e) => e.kind === 'media').map((e) => e.rung);
      expect(videoRungs.length).toBeGreaterThan(3);
      expect(new Set(videoRungs.filter((rung) => !allowed.includes(rung ?? '')))).toEqual(new Set());
      // The engine's downloads feed the ABR's estimator (cold start assumes 500 kbps).
      const estimator = await player.evaluate((el: VodPlayer) => el.abrSession?.controller.state.estimator ?? null);
      expect(estimator?.acceptedSamples).toBeGreaterThan(2);
      expect(await player.evaluate((el: VodPlayer) => el.bandwidthEstimateBps)).toBeGreaterThan(2_000_000);
      // The rendered quality carries the decision that chose it.
      const changes = await events(page, 'vod-qualitychange');
      expect(changes.length).toBeGreaterThan(0);
      const withDecision = changes.filter((e) => e.detail.abr !== null && e.detail.abr !== undefined);
      expect(withDecision.length).toBeGreaterThan(0);
      for (const change of withDecision) {
        const abr = change.detail.abr as { rule: string; reason: string; bufferSec: number };
        expect(abr.rule).toMatch(/^[a-z-]+$/);
        expect(abr.reason.length).toBeGreaterThan(5);
        expect(abr.bufferSec).toBeGreaterThanOrEqual(0);
      }
    });
  });
}

test("abr=engine leaves the engine's own ABR in charge: no decisions, reasons say engine-abr", async ({ page, origin }) => {
  await recordEvents(page);
  await page.goto(demoUrl(`${origin.base}/master.m3u8`, 'hls.js', { abr: 'engine', 'abr-max-rung': '1' }));
  await page.waitForFunction(() => (document.querySelector('vod-player')?.currentTime ?? 0) >= 8, undefined, { timeout: 45_000 });
  const player = page.locator('vod-player');
  expect(await player.evaluate((el: VodPlayer) => el.abrSession)).toBeNull();
  const changes = await events(page, 'vod-qualitychange');
  expect(changes.every((e) => e.detail.abr === null)).toBe(true);
  expect(changes.slice(1).every((e) => e.detail.reason === 'engine-abr')).toBe(true);
  // The caps belong to vod-player's ABR: hls.js's own climbs past rung 1 on an open link.
  const top = origin.ladder.rungs.at(-1)!.id;
  expect((await origin.log()).some((e) => e.kind === 'media' && e.rung === top)).toBe(true);
});

test('a returning viewer starts from the stored estimate, not from the cold-start default', async ({ page, origin, network }) => {
  await network.throttle({ kbps: 6000, rttMs: 20 });
  const url = demoUrl(`${origin.base}/master.m3u8`, 'hls.js', {});
  await page.goto(url);
  const firstRung = async (sinceId: number): Promise<string | null> => {
    await expect.poll(async () => (await origin.log()).filter((e) => e.id > sinceId && e.kind === 'media').length, { timeout: 30_000 }).toBeGreaterThan(0);
    return (await origin.log()).find((e) => e.id > sinceId && e.kind === 'media')?.rung ?? null;
  };
  const coldRung = await firstRung(0);
  // Cold start assumes 500 kbps (hls.js's default): the lowest rung first.
  expect(coldRung).toBe(origin.ladder.rungs[0]!.id);
  // Play long enough for samples to be taken and the estimate stored (every 5 s, and on unload).
  await page.waitForFunction(() => (document.querySelector('vod-player')?.currentTime ?? 0) >= 8, undefined, { timeout: 45_000 });
  const lastId = Math.max(...(await origin.log()).map((e) => e.id));
  await page.reload();
  const warmRung = await firstRung(lastId);
  const rungIndex = (id: string | null): number => origin.ladder.rungs.findIndex((rung) => rung.id === id);
  expect(rungIndex(warmRung)).toBeGreaterThan(rungIndex(coldRung));
  const seed = await page.locator('vod-player').evaluate((el: VodPlayer) => el.abrSession?.seedBandwidthBps ?? null);
  expect(seed).toBeGreaterThan(1_000_000);
});

// Abandonment: a returning viewer whose stored estimate says 20 Mbps starts on the top rung, but
// the link has collapsed to 300 kbps: that first segment would take ~17 s. hls.js and dash.js let
// the ABR abort a request in flight and fetch the segment again lower; shaka gives an AbrManager no
// such handle. (dash.js asks abandon rules on download progress only, so the link trickles rather
// than stalls.)
for (const { engine, manifest } of ENGINES.filter((e) => e.engine !== 'shaka')) {
  test(`${engine}: a first segment too big for the link is abandoned for a lower rung instead of waiting`, async ({ page, origin, network }) => {
    const host = new URL(origin.base).host;
    await page.addInitScript((key: string) => {
      localStorage.setItem(key, JSON.stringify({ bandwidthBps: 20_000_000, savedAtMs: Date.now() }));
    }, `vod-player:abr-seed:${host}`);
    await network.throttle({ kbps: 300, rttMs: 20 });
    const top = origin.ladder.rungs.at(-1)!.id;
    await page.goto(demoUrl(`${origin.base}/${manifest}`, engine, {}));
    // The top rung's first segment alone needs ~17 s at 300 kbps.
    await page.waitForFunction(() => (document.querySelector('vod-player')?.currentTime ?? 0) >= 1, undefined, { timeout: 14_000 });
    const media = (await origin.log()).filter((e) => e.kind === 'media');
    const first = media.find((e) => e.rung === top);
    expect(first, 'the seeded start asked for the top rung first').toBeDefined();
    expect(first!.aborted).toBe(true);
    // The same segment came again from a lower rung.
    expect(media.some((e) => e.segment === first!.segment && e.rung !== top && !e.aborted)).toBe(true);
    const rules = await page.locator('vod-player').evaluate((el: VodPlayer) => el.abrSession?.decisions.map((d) => d.rule) ?? []);
    expect(rules).toContain('abandon');
  });
}

// Fast links: a first-time viewer (no seed) on an open link with 40 ms RTT. The first segment is
// small (nothing is known yet); it is measured, even when its body arrives in a few milliseconds
// (Resource Timing says it crossed the network), and the planner climbs from there. The top rung
// (1080p, 4.6 Mbps with audio) fits all three links.
for (const { engine, manifest } of ENGINES) {
  for (const kbps of [8_000, 25_000, 100_000]) {
    test(`${engine}: a new viewer on an open ${kbps / 1000} Mbps link plays the top rung by the 3rd segment`, async ({ page, origin, network }) => {
      await network.throttle({ kbps, rttMs: 40 });
      await page.goto(demoUrl(`${origin.base}/${manifest}`, engine, {}));
      const video = async () => (await origin.log()).filter((e) => e.kind === 'media' && e.rung !== 'audio' && !e.aborted && e.status === 200);
      await expect.poll(async () => new Set((await video()).map((e) => e.segment)).size, { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
      const entries = await video();
      const segments = [...new Set(entries.map((e) => e.segment ?? -1))].sort((a, b) => a - b);
      const rungOf = (segment: number): string | null => entries.filter((e) => e.segment === segment).at(-1)?.rung ?? null;
      const top = origin.ladder.rungs.at(-1)!.id;
      const played = segments.slice(0, 4).map(rungOf);
      expect(played[2], `rungs of the first segments: ${played.join(', ')}`).toBe(top);
      expect(played[3]).toBe(top);
      const estimateBps = await page.locator('vod-player').evaluate((el: VodPlayer) => el.bandwidthEstimateBps);
      expect(estimateBps).toBeGreaterThan(kbps * 1000 * 0.3);
    });
  }
}
