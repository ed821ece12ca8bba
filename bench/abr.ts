// npm run bench:abr — vod-player's ABR against each engine's own, in real Chromium, playing the
// default synthetic ladder (240p–1080p, 120 s of 2 s segments) from the mock origin shaped by
// real network traces from ../shared/traces. The ABR-sim benchmark's counterpart on real parts.
//
//   npm run bench:abr
//   BENCH_ABR_TRACES=fcc_trace_806330_http---www.amazon.com BENCH_ABR_ENGINES=hls.js BENCH_ABR_PARALLEL=1 npm run bench:abr
//   BENCH_ABR_TRACES_DIR=/tmp/fades BENCH_ABR_TRACES=deep-fade-3g npm run bench:abr
//
// Each case: a fresh browser context (no cache, no stored seed: a first-time viewer) opens
// bench/pages/element.html with <vod-player abr="vod|engine" engine="…">; the session's link
// follows the trace from the first request (looped), with 40 ms RTT. It plays to the end.
//  - played rungs: the origin's "what was played" view (last completed download per segment);
//  - stalls: the element's viewer-true rebuffer count and seconds (frozen frames included);
//  - startup: navigation → first frame;
//  - wasted: video bytes downloaded and not played (aborted, or superseded by a re-download).
// QoE_lin = Σ R_k − 4.3 · (startup + stall s) − Σ |R_k − R_{k−1}|, R in Mbps of the rung's video
// bitrate (abr/qoe.ts), and the offline optimum for the same trace and ladder (abr/optimum.ts,
// with the same 40 ms RTT) puts it in proportion. The two modes of an engine run side by side on
// the same trace, so they share the machine's load.
//
// Prints a table per engine and writes bench/results/abr.json.
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import {
  computeQoe,
  fractionOfOptimum,
  ladderFromJson,
  parseSimTrace,
  solveOptimum,
  type LadderJsonLike,
} from '../abr/index.js';
import { createOrigin } from '../origin/control/create-origin.js';
import { chromiumLaunchOptions } from '../origin/playwright/chromium.js';
import { startOrigin } from '../origin/server/server.js';
import { buildSite, prepareLadder, repoRoot } from '../scripts/stack.js';

// 8 dev traces: two FCC broadband, four HSDPA (two with deep fades: 15–17 s under 300 kbps on the
// tram and the metro), two LTE (the bicycle one with a 10 s outage).
const DEFAULT_TRACES = [
  'fcc_trace_806330_http---www.amazon.com',
  'fcc_trace_8747_http---www.amazon.com',
  'hsdpa_norway_tram.ljabru-jernbanetorget-report.2011-01-31_1045CET',
  'hsdpa_norway_metro.kalbakken-jernbanetorget-report.2010-09-21_0742CEST',
  'hsdpa_norway_train.vestby-oslo-report.2011-02-11_1530CET',
  'hsdpa_norway_bus.ljansbakken-oslo-report.2010-09-28_1407CEST',
  'lte_belgium_report_tram_0002',
  'lte_belgium_report_bicycle_0002',
];
const TRACES = (process.env.BENCH_ABR_TRACES?.split(',') ?? DEFAULT_TRACES).map((name) => name.trim()).filter(Boolean);
const PARALLEL = Math.max(1, Number(process.env.BENCH_ABR_PARALLEL ?? 2));
const RTT_MS = 40;
/** A case that has not ended by then is cut and reported as incomplete. */
const CASE_LIMIT_MS = 240_000;
const ENGINES = [
  { engine: 'hls.js', manifest: 'master.m3u8' },
  { engine: 'dash.js', manifest: 'manifest.mpd' },
  { engine: 'shaka', manifest: 'manifest.mpd' },
].filter(({ engine }) => !process.env.BENCH_ABR_ENGINES || process.env.BENCH_ABR_ENGINES.split(',').includes(engine));
const MODES = ['vod', 'engine'] as const;
type Mode = (typeof MODES)[number];

interface CaseResult {
  engine: string;
  mode: Mode;
  trace: string;
  completed: boolean;
  qoe: number;
  optimumQoe: number;
  fractionOfOptimum: number;
  avgBitrateMbps: number;
  stallSec: number;
  stallCount: number;
  startupSec: number;
  switches: number;
  playedSegments: number;
  wastedMB: number;
  downloadedMB: number;
  wallSec: number;
  /** Non-fatal vod-error events (code: message). */
  warnings: string[];
}

// BENCH_ABR_TRACES_DIR: a folder of trace files in the same format (e.g. a synthetic deep-fade case).
const tracesDir = process.env.BENCH_ABR_TRACES_DIR ?? join(repoRoot, '../shared/traces');
const ladderDir = await prepareLadder();
const siteDir = await buildSite('dist/bench-site');
const ladderJson = JSON.parse(await readFile(join(ladderDir, 'ladder.json'), 'utf8')) as LadderJsonLike & {
  rungs: Array<{ id: string; index: number }>;
};
const simLadder = ladderFromJson(ladderJson);
const site = await startOrigin({ dir: siteDir });
const media = await createOrigin({ dir: ladderDir, tracesDir });
const browser = await chromium.launch(chromiumLaunchOptions());

/** Video bitrate credited to a rung in QoE: the same numbers the simulator and the optimum use. */
const rungIds = [...ladderJson.rungs].sort((a, b) => a.index - b.index).map((rung) => rung.id);
const rungBitrateBps = new Map(simLadder.rungs.map((rung, i) => [rungIds[i] ?? String(i), rung.qoeBitrateBps]));

async function optimumFor(trace: string): Promise<number> {
  const simTrace = parseSimTrace(JSON.parse(await readFile(join(tracesDir, `${trace}.json`), 'utf8')), trace);
  return solveOptimum(simTrace, simLadder, { rttMs: RTT_MS }).qoe;
}

async function runCase(browser: Browser, engine: string, manifest: string, mode: Mode, trace: string, optimumQoe: number): Promise<CaseResult> {
  const session = `abr-${engine.replace(/[^a-z]/gi, '')}-${mode}-${trace.replace(/[^a-z0-9]/gi, '').slice(0, 24)}-${Date.now() % 1e6}`;
  await media.throttle.setProfileSpec(session, { rate: { kind: 'trace-ref', ref: trace, mode: 'loop' }, rttMs: RTT_MS, jitterMs: 0 });
  const context = await browser.newContext();
  const startedMs = Date.now();
  try {
    const page = await context.newPage();
    const src = `${media.url}/s/${session}/${manifest}`;
    await page.goto(`${site.url}/bench/pages/element.html?${new URLSearchParams({ engine, abr: mode, src })}`);
    const ended = await page
      .waitForFunction(
        () => {
          const w = window as unknown as { vodPlayer?: { media: HTMLVideoElement | null }; benchError?: string };
          return w.benchError ?? w.vodPlayer?.media?.ended === true;
        },
        null,
        { timeout: CASE_LIMIT_MS, polling: 500 },
      )
      .then((handle) => handle.jsonValue())
      .catch(() => false);
    if (typeof ended === 'string') throw new Error(`${engine} ${mode} ${trace}: vod-error ${ended}`);
    const player = await page.evaluate(() => {
      if (!(window as { vodPlayer?: unknown }).vodPlayer) throw new Error('the bench page did not load');
      const w = window as unknown as {
        firstFrameMs?: number;
        vodPlayer: { rebufferStats: { count: number; totalMs: number }; currentTime: number };
        benchWarnings?: string[];
      };
      return {
        firstFrameMs: w.firstFrameMs ?? Number.NaN,
        stats: w.vodPlayer.rebufferStats,
        currentTime: w.vodPlayer.currentTime,
        warnings: w.benchWarnings ?? [],
      };
    });
    const report = await media.sessions.report(session);
    const played = report.played.filter((s) => s.startSec === null || s.startSec < player.currentTime + 0.01);
    const qoe = computeQoe({
      segmentBitratesBps: played.map((s) => rungBitrateBps.get(s.rung) ?? 0),
      stallSec: player.stats.totalMs / 1000,
      stallCount: player.stats.count,
      startupSec: player.firstFrameMs / 1000,
      mediaSec: player.currentTime,
    });
    const downloaded = media.sessions.entries(session).reduce((sum, e) => sum + (e.kind === 'media' ? e.bytes : 0), 0);
    return {
      engine,
      mode,
      trace,
      completed: ended === true,
      qoe: qoe.qoe,
      optimumQoe,
      fractionOfOptimum: fractionOfOptimum(qoe.qoe, optimumQoe),
      avgBitrateMbps: qoe.avgBitrateMbps,
      stallSec: qoe.stallSec,
      stallCount: qoe.stallCount,
      startupSec: qoe.startupSec,
      switches: qoe.switches,
      playedSegments: played.length,
      wastedMB: report.summary.wastedBytes / 1e6,
      downloadedMB: downloaded / 1e6,
      wallSec: (Date.now() - startedMs) / 1000,
      warnings: player.warnings,
    };
  } finally {
    await context.close();
    media.sessions.forget(session);
  }
}

// Jobs: each engine × trace runs its two modes side by side (PARALLEL = 2), so they share the load.
const jobs: Array<() => Promise<CaseResult>> = [];
const optimum = new Map<string, number>();
for (const trace of TRACES) optimum.set(trace, await optimumFor(trace));
for (const trace of TRACES) {
  for (const { engine, manifest } of ENGINES) {
    for (const mode of MODES) jobs.push(() => runCase(browser, engine, manifest, mode, trace, optimum.get(trace) ?? 0));
  }
}
const results: CaseResult[] = [];
const failures: string[] = [];
const t0 = Date.now();
let next = 0;
await Promise.all(
  Array.from({ length: PARALLEL }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      let result: CaseResult;
      try {
        result = await job();
      } catch (error) {
        failures.push(String(error));
        console.error(`case failed: ${String(error)}`);
        continue;
      }
      results.push(result);
      console.log(
        `${result.engine.padEnd(7)} ${result.mode.padEnd(6)} ${result.trace.slice(0, 40).padEnd(40)} QoE ${result.qoe.toFixed(1).padStart(6)} ` +
          `(${(100 * result.fractionOfOptimum).toFixed(0)}% of optimum ${result.optimumQoe.toFixed(1)}) ` +
          `${result.avgBitrateMbps.toFixed(2)} Mbps, stalls ${result.stallCount}/${result.stallSec.toFixed(1)} s, ` +
          `startup ${result.startupSec.toFixed(2)} s, ${result.switches} switches, wasted ${result.wastedMB.toFixed(1)} MB` +
          `${result.completed ? '' : ' (INCOMPLETE)'}${result.warnings.length ? ` warnings: ${result.warnings.join(' | ')}` : ''}`,
      );
    }
  }),
);
await browser.close();
await Promise.all([site.close(), media.close()]);

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const summary = ENGINES.flatMap(({ engine }) =>
  MODES.map((mode) => {
    const rows = results.filter((r) => r.engine === engine && r.mode === mode);
    return {
      engine,
      abr: mode === 'vod' ? 'vod-player' : `${engine} default`,
      cases: rows.length,
      meanQoe: mean(rows.map((r) => r.qoe)),
      meanFractionOfOptimum: mean(rows.map((r) => r.fractionOfOptimum)),
      avgBitrateMbps: mean(rows.map((r) => r.avgBitrateMbps)),
      stallSec: rows.reduce((a, r) => a + r.stallSec, 0),
      stallCount: rows.reduce((a, r) => a + r.stallCount, 0),
      startupSec: mean(rows.map((r) => r.startupSec)),
      switches: mean(rows.map((r) => r.switches)),
      wastedMB: rows.reduce((a, r) => a + r.wastedMB, 0),
      incomplete: rows.filter((r) => !r.completed).length,
    };
  }),
);
if (failures.length > 0) console.log(`\n${failures.length} case(s) failed and are left out:\n${failures.join('\n')}`);
console.log(`\n${TRACES.length} traces × ${ENGINES.length} engines × 2 ABRs in ${((Date.now() - t0) / 60000).toFixed(1)} min\n`);
console.log('| engine | ABR | mean QoE_lin | % of optimum | avg bitrate | stalls (count / s, all traces) | startup | switches | wasted MB |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
for (const row of summary) {
  console.log(
    `| ${row.engine} | ${row.abr} | ${row.meanQoe.toFixed(1)} | ${(100 * row.meanFractionOfOptimum).toFixed(1)}% | ${row.avgBitrateMbps.toFixed(2)} Mbps | ` +
      `${row.stallCount} / ${row.stallSec.toFixed(1)} | ${row.startupSec.toFixed(2)} s | ${row.switches.toFixed(1)} | ${row.wastedMB.toFixed(1)} |` +
      (row.incomplete ? ` ${row.incomplete} incomplete` : ''),
  );
}
// vod-player's ABR against each engine's default, on the traces both completed: the issue's bar is
// ≥ 1.25 × each default's mean QoE, and total rebuffering ≤ half that of the default with the least.
const headToHead = ENGINES.map(({ engine }) => {
  const ours = results.filter((r) => r.engine === engine && r.mode === 'vod');
  const theirs = results.filter((r) => r.engine === engine && r.mode === 'engine');
  const paired = ours.flatMap((o) => {
    const t = theirs.find((r) => r.trace === o.trace);
    return t ? [{ ours: o, theirs: t }] : [];
  });
  return {
    engine,
    traces: paired.length,
    qoeRatio: mean(paired.map((p) => p.ours.qoe)) / mean(paired.map((p) => p.theirs.qoe)),
    wins: paired.filter((p) => p.ours.qoe >= p.theirs.qoe).length,
    oursStallSec: paired.reduce((a, p) => a + p.ours.stallSec, 0),
    theirsStallSec: paired.reduce((a, p) => a + p.theirs.stallSec, 0),
  };
});
const leastDefaultStallSec = Math.min(...headToHead.map((h) => h.theirsStallSec));
const optimumMean = mean(TRACES.map((trace) => optimum.get(trace) ?? 0));
console.log(`\noffline optimum (same traces, ladder, 40 ms RTT): mean QoE_lin ${optimumMean.toFixed(1)}`);
console.log('\n| engine | traces | mean QoE vod / default | vod ≥ default | rebuffer s vod | rebuffer s default |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const h of headToHead) {
  console.log(`| ${h.engine} | ${h.traces} | ${h.qoeRatio.toFixed(2)}× | ${h.wins}/${h.traces} | ${h.oursStallSec.toFixed(1)} | ${h.theirsStallSec.toFixed(1)} |`);
}
console.log(
  `\ntarget: ≥ 1.25× each default: ${headToHead.every((h) => h.qoeRatio >= 1.25) ? 'met' : 'MISSED'}; ` +
    `rebuffering ≤ half of the least default (${leastDefaultStallSec.toFixed(1)} s): ` +
    `${headToHead.every((h) => h.oursStallSec <= leastDefaultStallSec / 2) ? 'met' : 'MISSED'} (vod: ${headToHead.map((h) => `${h.engine} ${h.oursStallSec.toFixed(1)} s`).join(', ')})`,
);
await mkdir(join(repoRoot, 'bench/results'), { recursive: true });
await writeFile(
  join(repoRoot, 'bench/results/abr.json'),
  `${JSON.stringify({ date: new Date().toISOString(), rttMs: RTT_MS, traces: TRACES, optimumMean, summary, headToHead, results, failures }, null, 2)}\n`,
);
console.log('\nwrote bench/results/abr.json');
