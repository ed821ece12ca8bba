// npx tsx bench/cdp-fidelity.ts — how faithful Chromium's CDP throttle (`Network.emulateNetworkConditions`,
// the QA kit's `cdpNetwork`) is for MSE segment fetches, compared with the origin's per-session
// shaping (`originNetwork`). For each rate × method: a fresh browser context, the throttle set
// before navigation, <vod-player> (hls.js) on bench/pages/element.html pinned at the top rung (above
// the link, so segments are fetched back to back) for PLAY_SEC, then from the page's Resource Timing
// and the origin's request log:
//   (a) per video segment: throughput = bytes × 8 / duration (responseEnd − startTime) vs the target;
//       "link" also counts the prorated bytes of other segments (audio) in flight at the same time;
//   (b) goodput: all .m4s bytes / (last responseEnd − first startTime) vs the target;
//   (c) TTFB = responseStart − requestStart, and the origin's own send time for the same requests.
// The origin does not send `Timing-Allow-Origin` (origin/server/cors.ts), so a cross-origin page
// sees requestStart/responseStart as 0; this bench adds the header with a tiny plugin of its own.
// Under CDP those two stamps come from the real (loopback) network below Chromium's throttle, so
// its emulated latency shows in the body time (responseEnd), not in TTFB.
// Prints a table, a conclusion, and writes bench/results/cdp-fidelity.json. Loopback only, ~3 min.
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { createOrigin } from '../origin/control/create-origin.js';
import { chromiumLaunchOptions } from '../origin/playwright/chromium.js';
import { startOrigin, type OriginPlugin } from '../origin/server/server.js';
import { buildSite, prepareLadder, repoRoot } from '../scripts/stack.js';
import { median, percentile } from './stats.js';

const RATES_KBPS = [800, 3000];
const METHODS = ['origin', 'cdp'] as const;
const RTT_MS = 40;
const PLAY_SEC = Number(process.env.BENCH_SECONDS ?? 40);

type Method = (typeof METHODS)[number];
interface Timing { path: string; startTime: number; requestStart: number; responseStart: number; responseEnd: number }
interface Fetch extends Timing { bytes: number; serverMs: number; video: boolean }

const wallStart = performance.now();
const loadBefore = loadavg()[0]!;
const timingAllowOrigin: OriginPlugin = {
  name: 'bench-timing-allow-origin',
  beforeResponse: (_req, res) => (res.setHeader('Timing-Allow-Origin', '*'), false),
};
const [ladderDir, siteDir] = await Promise.all([prepareLadder(), buildSite()]);
const site = await startOrigin({ dir: siteDir });
const origin = await createOrigin({ dir: ladderDir, plugins: [timingAllowOrigin], onError: () => undefined });
const browser = await chromium.launch(chromiumLaunchOptions());

async function run(method: Method, kbps: number): Promise<{ fetches: Fetch[]; readyMs: number; rung: string }> {
  const session = `cdpfid-${method}-${kbps}-${Date.now().toString(36)}`;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(() => performance.setResourceTimingBufferSize(10_000));
    if (method === 'origin') {
      const res = await fetch(`${origin.url}/_origin/sessions/${session}/profile`, {
        method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kbps, rttMs: RTT_MS }),
      });
      if (!res.ok) throw new Error(`PUT profile → ${res.status}: ${await res.text()}`);
    } else {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: RTT_MS, downloadThroughput: (kbps * 1000) / 8, uploadThroughput: -1 });
    }
    const t0 = performance.now();
    const src = encodeURIComponent(`${origin.url}/s/${session}/master.m3u8`);
    await page.goto(`${site.url}/bench/pages/element.html?engine=hls.js&src=${src}`);
    const count = await page.waitForFunction(() => {
      const w = window as unknown as { benchError?: string };
      return w.benchError ?? ((document.querySelector('vod-player') as unknown as { qualities: unknown[] }).qualities.length || false);
    }, null, { timeout: 60_000, polling: 20 });
    const n = await count.jsonValue();
    if (typeof n !== 'number') throw new Error(`${method} ${kbps}: player error ${String(n)}`);
    await page.evaluate((top) => (document.querySelector('vod-player') as unknown as { setQuality(i: number): void }).setQuality(top), n - 1);
    const readyMs = performance.now() - t0;
    await page.waitForTimeout(PLAY_SEC * 1000);
    const rung = await playerRung(page);
    const timings = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => new URL(e.name).pathname.endsWith('.m4s'))
        .map((e) => ({ path: new URL(e.name).pathname, startTime: e.startTime, requestStart: e.requestStart, responseStart: e.responseStart, responseEnd: e.responseEnd })),
    );
    await context.close(); // in-flight requests end (aborted) before the log is read
    return { fetches: join200s(session, timings), readyMs, rung };
  } finally {
    await context.close().catch(() => undefined);
  }
}

async function playerRung(page: Page): Promise<string> {
  return page.evaluate(() => {
    const q = (document.querySelector('vod-player') as unknown as { quality: { label: string } | null }).quality;
    return q?.label ?? 'none';
  });
}

/** Resource Timing entries matched (in order, per path) with the origin's completed GET 200s for the session. */
function join200s(session: string, timings: Timing[]): Fetch[] {
  const byPath = new Map<string, Array<{ bytes: number; transferMs: number }>>();
  for (const e of origin.log.entries({ session, method: 'GET' })) {
    if (e.status !== 200 || e.aborted || !e.path.endsWith('.m4s')) continue;
    byPath.set(e.path, [...(byPath.get(e.path) ?? []), { bytes: e.bytes, transferMs: e.transferMs }]);
  }
  const out: Fetch[] = [];
  for (const t of timings) {
    const path = t.path.replace(`/s/${session}`, '');
    const logged = byPath.get(path)?.shift();
    if (logged) out.push({ ...t, path, bytes: logged.bytes, serverMs: logged.transferMs, video: path.startsWith('/video/') });
  }
  return out;
}

function analyse(fetches: Fetch[], kbps: number) {
  const target = kbps * 1000;
  const duration = (f: Fetch): number => f.responseEnd - f.startTime;
  const overlap = (a: Fetch, b: Fetch): number => Math.max(0, Math.min(a.responseEnd, b.responseEnd) - Math.max(a.startTime, b.startTime));
  const video = fetches.filter((f) => f.video && duration(f) > 0);
  const err = video.map((f) => (f.bytes * 8) / (duration(f) / 1000) / target - 1);
  // Link view: the segment's bytes plus the share of every overlapping fetch's bytes (uniform delivery assumed).
  const linkErr = video.map((f) => {
    const shared = fetches.filter((g) => g !== f && duration(g) > 0).reduce((sum, g) => sum + (g.bytes * overlap(f, g)) / duration(g), 0);
    return ((f.bytes + shared) * 8) / (duration(f) / 1000) / target - 1;
  });
  const audioErr = fetches.filter((f) => !f.video && duration(f) > 0).map((f) => (f.bytes * 8) / (duration(f) / 1000) / target - 1);
  const first = Math.min(...fetches.map((f) => f.startTime));
  const last = Math.max(...fetches.map((f) => f.responseEnd));
  const bytes = fetches.reduce((sum, f) => sum + f.bytes, 0);
  let busyMs = 0; // union of the in-flight intervals: goodput without the player's idle gaps
  let until = -Infinity;
  for (const f of [...fetches].sort((x, y) => x.startTime - y.startTime)) {
    busyMs += Math.max(0, f.responseEnd - Math.max(f.startTime, until));
    until = Math.max(until, f.responseEnd);
  }
  const ttfb = fetches.filter((f) => f.requestStart > 0 && f.responseStart > 0).map((f) => f.responseStart - f.requestStart);
  const abs = err.map(Math.abs);
  return {
    videoSegments: video.length,
    audioSegments: fetches.length - video.length,
    medianError: median(err),
    medianAbsError: median(abs),
    p95AbsError: percentile(abs, 95),
    maxAbsError: Math.max(...abs),
    medianLinkError: median(linkErr),
    medianAudioError: median(audioErr),
    goodputKbps: (bytes * 8) / (last - first),
    goodputRatio: (bytes * 8) / ((last - first) / 1000) / target,
    busyWindowSec: (last - first) / 1000,
    inFlightSec: busyMs / 1000,
    inFlightGoodputRatio: (bytes * 8) / (busyMs / 1000) / target,
    medianTtfbMs: median(ttfb),
    p95TtfbMs: percentile(ttfb, 95),
    ttfbSamples: ttfb.length,
    /** Origin arrival → last byte vs the page's duration, median over video segments: ~1 when the server paces, ≪ 1 when the browser does. */
    medianServerToClientTime: median(video.map((f) => f.serverMs / duration(f))),
  };
}

type Row = { method: Method; kbps: number; rung: string; readyMs: number } & ReturnType<typeof analyse>;
const rows: Row[] = [];
const raw: Record<string, Fetch[]> = {};
try {
  for (const kbps of RATES_KBPS) {
    for (const method of METHODS) {
      const { fetches, readyMs, rung } = await run(method, kbps);
      if (fetches.length === 0) throw new Error(`${method} ${kbps}: no segment fetches matched`);
      raw[`${method}-${kbps}`] = fetches;
      rows.push({ method, kbps, rung, readyMs, ...analyse(fetches, kbps) });
      console.log(`done ${method} @ ${kbps} kbps: ${fetches.length} segment fetches`);
    }
  }
} finally {
  await browser.close();
  await Promise.all([site.close(), origin.close()]);
}

const pct = (v: number): string => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%` : 'n/a');
const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(0) : 'n/a');
const load = `load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`;
console.log(`\nSegment fetch fidelity, hls.js in <vod-player> pinned to the top rung, ${PLAY_SEC} s per run, target rate with RTT ${RTT_MS} ms (${load})`);
console.log('(errors: throughput/target − 1 per video segment (vseg = n; p95 of a few is their max); link: incl. prorated overlapping fetches;');
console.log(' goodput: all .m4s bytes over first start → last end; inflight: over the time a fetch was in flight; TTFB: responseStart − requestStart;');
console.log(' srv/cli: origin send time / page fetch time; ready: navigation → pinned)\n');
const head = ['method', 'kbps', 'rung', 'vseg', 'med err', 'med|err|', 'p95|err|', 'link err', 'audio err', 'goodput', 'inflight', 'TTFB med', 'TTFB p95', 'srv/cli', 'ready ms'];
const widths = [6, 5, 6, 4, 8, 8, 8, 8, 9, 8, 8, 8, 8, 7, 8];
const line = (cells: string[]): string => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(line(head));
for (const r of rows) {
  console.log(line([r.method, String(r.kbps), r.rung, String(r.videoSegments), pct(r.medianError), pct(r.medianAbsError).replace('+', ''), pct(r.p95AbsError).replace('+', ''),
    pct(r.medianLinkError), pct(r.medianAudioError), pct(r.goodputRatio - 1), pct(r.inFlightGoodputRatio - 1), ms(r.medianTtfbMs), ms(r.p95TtfbMs), r.medianServerToClientTime.toFixed(2), ms(r.readyMs)]));
}

const by = (m: Method, f: (r: Row) => string): string => rows.filter((r) => r.method === m).map(f).join(' / ');
const p95 = (m: Method): string => pct(Math.max(...rows.filter((r) => r.method === m).map((r) => r.p95AbsError))).replace('+', '');
const conclusion =
  `At ${RATES_KBPS.join(' / ')} kbps (RTT ${RTT_MS} ms), with hls.js fetching top-rung segments back to back, origin shaping delivered video segments at ` +
  `${by('origin', (r) => pct(r.medianError))} of the target (p95 |error| ≤ ${p95('origin')}, in-flight goodput ${by('origin', (r) => pct(r.inFlightGoodputRatio - 1))}) and CDP's ` +
  `\`Network.emulateNetworkConditions\` at ${by('cdp', (r) => pct(r.medianError))} (p95 |error| ≤ ${p95('cdp')}, in-flight goodput ${by('cdp', (r) => pct(r.inFlightGoodputRatio - 1))}). ` +
  `CDP paces each request inside Chromium after the origin has sent it at loopback speed (origin send time ${by('cdp', (r) => `${(r.medianServerToClientTime * 100).toFixed(0)}%`)} of the fetch), ` +
  `so the origin's session reports never see the emulated link, the emulated latency is missing from Resource Timing's TTFB (median ${by('cdp', (r) => ms(r.medianTtfbMs))} ms ` +
  `vs ${by('origin', (r) => ms(r.medianTtfbMs))} ms), and the page's own scripts are throttled too (player ready after ${by('cdp', (r) => ms(r.readyMs))} ms vs ${by('origin', (r) => ms(r.readyMs))} ms). ` +
  `Prefer origin shaping whenever the media comes from the mock origin; use CDP only for media served elsewhere, and expect it to under-deliver and to be burstier.`;
console.log(`\n${conclusion}`);

const outDir = join(repoRoot, 'bench/results');
await mkdir(outDir, { recursive: true });
const result = { date: new Date().toISOString(), config: { ratesKbps: RATES_KBPS, rttMs: RTT_MS, playSec: PLAY_SEC, engine: 'hls.js', timingAllowOriginAddedByBench: true, load }, rows, conclusion, fetches: raw };
await writeFile(join(outDir, 'cdp-fidelity.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nwrote bench/results/cdp-fidelity.json in ${((performance.now() - wallStart) / 1000).toFixed(0)} s`);
