import { validateBatch } from '../../origin/collector/validate.js';
import type { BeaconOf, TelemetryBeacon } from '../../telemetry/types.js';
import { expect, test } from './fixtures.js';
import { ENGINES, waitForTime } from './support.js';
import { openDemoWithTelemetry, pageBeacons, received, recordTelemetry, summary, type seenEvents } from './telemetry-support.js';

function only<T extends TelemetryBeacon['type']>(beacons: readonly TelemetryBeacon[], type: T): BeaconOf<T>[] {
  return beacons.filter((beacon) => beacon.type === type) as unknown as BeaconOf<T>[];
}

test.describe('telemetry beacons', () => {
  test('a played session reaches the collector, validates, and agrees with the page and the origin log', async ({ page, origin, network }) => {
    test.setTimeout(90_000);
    const collector = `${origin.base}/beacons`;
    // A 2 Mbps link (the ABR climbs a rung or two) that goes down for 12 s, 6 s in: the buffer runs dry.
    await network.throttle({ kbps: 2_000 });
    await network.fault('outage:sec=12,afterMs=6000');
    await recordTelemetry(page);
    await openDemoWithTelemetry(page, origin.hls, 'hls.js', collector, { 'media-id': 'synthetic-120s' });
    await waitForTime(page, 20, 60_000);
    const player = page.locator('vod-player');
    const qualities = await player.evaluate((el: HTMLElement & { qualities: Array<{ label: string; bitrateBps: number }> }) =>
      el.qualities.map((q) => ({ label: q.label, bitrateBps: q.bitrateBps })),
    );
    const context = page.context();
    // Paused, nothing changes any more (no switch is rendered, no stall counted) until the page goes.
    await player.evaluate((el: HTMLElement & { pause(): void }) => el.pause());
    await page.waitForTimeout(300);
    // One look at the page right before it goes: what it saw, the beacons it made, where the playhead is.
    const { seen, made, positionSec } = await page.evaluate(() => {
      const w = window as unknown as { __seen: unknown; __beacons: unknown };
      return { seen: w.__seen, made: w.__beacons, positionSec: document.querySelector<HTMLElement & { currentTime: number }>('vod-player')!.currentTime };
    }) as { seen: Awaited<ReturnType<typeof seenEvents>>; made: TelemetryBeacon[]; positionSec: number };
    const sessionId = made[0]!.sessionId;
    // The viewer leaves: pagehide, and session_end goes out with sendBeacon. (Leaving by navigation,
    // since closing a headless tab does not always run its pagehide handlers; for a page that dies
    // without them, see the cycles test: its session_end comes from the next page load.)
    await page.goto('about:blank');

    await expect.poll(async () => (await received(collector, sessionId)).some((r) => r.beacon.type === 'session_end'), { timeout: 10_000 }).toBe(true);
    const stored = await received(collector, sessionId);
    const beacons = stored.map((r) => r.beacon);
    // Everything the page made arrived, once, in order, and validates against the published schema.
    expect(beacons.map((b) => b.eventId)).toEqual(expect.arrayContaining(made.map((b) => b.eventId)));
    expect(beacons.map((b) => b.seq)).toEqual(beacons.map((_, i) => i));
    expect(() => validateBatch({ schemaVersion: 1, sentAtMs: Date.now(), final: false, beacons })).not.toThrow();
    expect(stored.find((r) => r.beacon.type === 'session_end')?.final).toBe(true);
    expect(await summary(collector, sessionId)).toMatchObject({ complete: true, missingSeq: [] });
    const end = only(beacons, 'session_end')[0]!.data;
    expect(end.reason).toBe('pagehide');

    // Startup: from the first call of the video's play() to its first `playing`, as the page saw them.
    const playAt = seen.find((e) => e.type === 'play-call')!.atMs;
    const playingAt = seen.find((e) => e.type === 'playing' && e.atMs >= playAt)!.atMs;
    expect(Math.abs(only(beacons, 'startup')[0]!.data.startupMs - (playingAt - playAt))).toBeLessThan(100);
    expect(Math.abs((end.startupMs ?? 0) - (playingAt - playAt))).toBeLessThan(100);

    // Switches: exactly the vod-qualitychange events after the first rendition.
    const switches = seen.filter((e) => e.type === 'vod-qualitychange' && e.detail?.from !== null);
    expect(end.switchCount).toBe(switches.length);
    expect(only(beacons, 'quality_change')).toHaveLength(switches.length + 1);

    // Rebuffering: the element's stalls, total within 100 ms.
    const stallMs = seen.filter((e) => e.type === 'vod-rebufferend').reduce((sum, e) => sum + Number(e.detail?.durationMs ?? 0), 0);
    const openStall = seen.filter((e) => e.type === 'vod-rebufferstart').length > seen.filter((e) => e.type === 'vod-rebufferend').length;
    if (!openStall) expect(Math.abs(end.rebufferMs - stallMs)).toBeLessThan(100);
    expect(end.rebufferCount).toBeGreaterThanOrEqual(1);

    // Average bitrate: the origin's "what was played" (the rung of each 2 s segment) over the played span.
    const report = await origin.report();
    const rungBitrate = new Map(qualities.map((q) => [q.label, q.bitrateBps]));
    const played = report.played;
    let weighted = 0;
    let span = 0;
    for (const { segment, rung } of played) {
      const overlapSec = Math.max(0, Math.min(segment * 2, positionSec) - (segment - 1) * 2);
      weighted += overlapSec * (rungBitrate.get(rung) ?? 0);
      span += overlapSec;
    }
    expect(span).toBeGreaterThan(10);
    expect(Math.abs((end.averageBitrateBps ?? 0) / (weighted / span) - 1)).toBeLessThan(0.02);

    // CMCD: the media requests carried the beacons' session id and the video id.
    const media = (await origin.log()).filter((e) => e.kind === 'media' && e.method === 'GET');
    expect(media.length).toBeGreaterThan(3);
    for (const entry of media) expect(entry.cmcd).toMatchObject({ sid: sessionId, cid: 'synthetic-120s' });
    await context.close();
  });

  test('a collector down for 30 s loses no beacon: they arrive after the next page load', async ({ page, origin }) => {
    test.setTimeout(120_000);
    const collector = `${origin.base}/beacons`;
    await fetch(`${collector}/outage`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sec: 30 }) });
    const downSinceMs = Date.now();
    await recordTelemetry(page);
    await openDemoWithTelemetry(page, origin.hls, 'hls.js', collector);
    await waitForTime(page, 4);
    const made = await pageBeacons(page);
    const sessionId = made[0]!.sessionId;
    const context = page.context();
    await page.close({ runBeforeUnload: true }); // session_end is lost too: the collector is down
    expect(await received(collector, sessionId)).toEqual([]);

    const next = await context.newPage();
    await openDemoWithTelemetry(next, origin.hls, 'hls.js', collector);
    await expect
      .poll(async () => (await summary(collector, sessionId)).complete, { timeout: 75_000, intervals: [1_000] })
      .toBe(true);
    expect(Date.now() - downSinceMs).toBeGreaterThanOrEqual(29_000);
    const ids = (await received(collector, sessionId)).map((r) => r.beacon.eventId);
    expect(ids).toEqual(expect.arrayContaining(made.map((b) => b.eventId)));
    await next.close();
  });

  for (const { engine, manifest } of ENGINES) {
    test(`${engine} sends CMCD with the beacons' session id on its media requests`, async ({ page, origin }) => {
      const collector = `${origin.base}/beacons`;
      await recordTelemetry(page);
      await openDemoWithTelemetry(page, `${origin.base}/${manifest}`, engine, collector, { 'media-id': 'cmcd-check' });
      await waitForTime(page, 3);
      const sessionId = (await pageBeacons(page))[0]!.sessionId;
      const media = (await origin.log()).filter((e) => e.kind === 'media' && e.method === 'GET' && e.status !== 0);
      expect(media.length).toBeGreaterThan(0);
      for (const entry of media) expect(entry.cmcd).toMatchObject({ sid: sessionId, cid: 'cmcd-check' });
    });
  }

  test('open-play-close cycles lose no beacon', async ({ page, origin }) => {
    const cycles = Number(process.env.TELEMETRY_CYCLES ?? 100);
    test.setTimeout(200_000 + cycles * 3_000);
    const collector = `${origin.base}/beacons`;
    const context = page.context();
    await page.close();
    const sessions: Array<{ id: string; made: string[] }> = [];
    // A few tabs at a time (as a viewer with several tabs), so 100 cycles fit in a few minutes.
    const TABS_AT_ONCE = 4;
    const cycle = async (): Promise<void> => {
      const tab = await context.newPage();
      await recordTelemetry(tab);
      await openDemoWithTelemetry(tab, origin.hls, 'hls.js', collector);
      await waitForTime(tab, 0.5);
      const made = await pageBeacons(tab);
      sessions.push({ id: made[0]!.sessionId, made: made.map((b) => b.eventId) });
      await tab.close({ runBeforeUnload: true }); // as a viewer closing the tab: the page's unload handlers run
    };
    for (let done = 0; done < cycles; done += TABS_AT_ONCE) {
      await Promise.all(Array.from({ length: Math.min(TABS_AT_ONCE, cycles - done) }, cycle));
    }
    // What a closed page could not send goes with a later page: one more stays open until pages
    // that died without pagehide count as abandoned (90 s) and their session_end is sent.
    const last = await context.newPage();
    await openDemoWithTelemetry(last, origin.hls, 'hls.js', collector);
    const lost = async (): Promise<string[]> => {
      const out: string[] = [];
      for (const { id, made } of sessions) {
        const ids = new Set((await received(collector, id)).map((r) => r.beacon.eventId));
        const state = await summary(collector, id);
        const missing = made.filter((eventId) => !ids.has(eventId));
        if (!state.complete || missing.length > 0) out.push(`${id}: ${missing.length} made but not received, ${JSON.stringify(state).slice(0, 300)}`);
      }
      return out;
    };
    await expect.poll(lost, { timeout: 150_000, intervals: [5_000] }).toEqual([]);
  });
});
