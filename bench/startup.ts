// npm run bench:startup — time to first frame per engine, inside <vod-player> and bare on a plain
// page with the engine's defaults, over several runs on the synthetic ladder. Prints a table and
// writes bench/results/startup.json. Each run gets a fresh browser context (cold HTTP cache).
//
// The element page is embedded as README "Faster startup" recommends: `<link rel="modulepreload">`
// for the engine chunk and `<link rel="preload" as="fetch">` for the manifest in its <head>
// (bench/pages/element.html). BENCH_HINTS=0 leaves them out (the element alone).
//
// The figure of merit is element median / median of the fastest bare engine of the same run
// (target ≤ 0.8). One unmeasured load of every page first (the browser's first page load pays for
// starting its media and GPU processes), and element and bare alternate which goes first per run.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../origin/playwright/chromium.js';
import { startOrigin } from '../origin/server/server.js';
import { buildSite, prepareLadder, repoRoot } from '../scripts/stack.js';
import { summarize, type Summary } from './stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const HINTS = process.env.BENCH_HINTS !== '0';
/** Element median / fastest bare median at or under this passes. */
const TARGET_RATIO = 0.8;
const CASES = [
  { engine: 'hls.js', manifest: 'master.m3u8' },
  { engine: 'dash.js', manifest: 'manifest.mpd' },
  { engine: 'shaka', manifest: 'manifest.mpd' },
] as const;
type Mode = 'element' | 'bare';

const [ladderDir, siteDir] = await Promise.all([prepareLadder(), buildSite('dist/bench-startup')]);
const site = await startOrigin({ dir: siteDir });
const media = await startOrigin({ dir: ladderDir });
const browser = await chromium.launch(chromiumLaunchOptions());

async function firstFrameMs(engine: string, manifest: string, mode: Mode, run: number | 'warmup'): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const session = `bench-${mode}-${engine.replace(/[^A-Za-z0-9]/g, '')}-${run}`;
    const src = encodeURIComponent(`${media.url}/s/${session}/${manifest}`);
    const hints = mode === 'element' && !HINTS ? '&hints=0' : '';
    await page.goto(`${site.url}/bench/pages/${mode}.html?engine=${engine}&src=${src}${hints}`);
    const handle = await page.waitForFunction(
      () => (window as { firstFrameMs?: number; benchError?: string }).firstFrameMs ?? (window as { benchError?: string }).benchError,
      null,
      { timeout: 30_000 },
    );
    const value = await handle.jsonValue();
    if (typeof value !== 'number') throw new Error(`${mode} ${engine}: ${String(value)}`);
    return value;
  } finally {
    await context.close();
  }
}

for (const { engine, manifest } of CASES) for (const mode of ['element', 'bare'] as const) await firstFrameMs(engine, manifest, mode, 'warmup');
const samples = new Map<string, number[]>();
for (let run = 0; run < RUNS; run++) {
  const modes: Mode[] = run % 2 === 0 ? ['element', 'bare'] : ['bare', 'element'];
  for (const { engine, manifest } of CASES) {
    for (const mode of modes) {
      const key = `${engine}|${mode}`;
      const list = samples.get(key) ?? [];
      list.push(await firstFrameMs(engine, manifest, mode, run));
      samples.set(key, list);
    }
  }
}
await browser.close();
await Promise.all([site.close(), media.close()]);

const summaries = CASES.map(({ engine }) => ({
  engine,
  element: summarize(samples.get(`${engine}|element`)!),
  bare: summarize(samples.get(`${engine}|bare`)!),
}));
const fastestBare = summaries.reduce((best, row) => (row.bare.median < best.bare.median ? row : best));
const rows: Array<{ engine: string; element: Summary; bare: Summary; ratioToFastestBare: number; ratioToOwnBare: number }> = summaries.map(
  (row) => ({
    ...row,
    ratioToFastestBare: row.element.median / fastestBare.bare.median,
    ratioToOwnBare: row.element.median / row.bare.median,
  }),
);
const best = rows.reduce((a, b) => (b.element.median < a.element.median ? b : a));
const pass = best.ratioToFastestBare <= TARGET_RATIO;

const range = (s: Summary): string => `${s.median.toFixed(0).padStart(5)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`.padEnd(18);
console.log(`\nTime to first frame, ms from navigation start (${RUNS} runs each, cold cache, loopback origin, element ${HINTS ? 'with' : 'without'} <head> hints)\n`);
console.log(`engine   element median (min–max)  bare median (min–max)   element/fastest bare  element/own bare`);
for (const row of rows) {
  console.log(
    `${row.engine.padEnd(8)} ${range(row.element)}         ${range(row.bare)}      ${row.ratioToFastestBare.toFixed(2)}×                ${row.ratioToOwnBare.toFixed(2)}×`,
  );
}
console.log(
  `\nfastest bare engine: ${fastestBare.engine} (${fastestBare.bare.median.toFixed(0)} ms); fastest element: ${best.engine} at ` +
    `${best.ratioToFastestBare.toFixed(2)}× — target ≤ ${TARGET_RATIO}×: ${pass ? 'met' : 'NOT met'}`,
);
const outDir = join(repoRoot, 'bench/results');
await mkdir(outDir, { recursive: true });
await writeFile(
  join(outDir, 'startup.json'),
  JSON.stringify(
    {
      runs: RUNS,
      hints: HINTS,
      at: new Date().toISOString(),
      fastestBare: { engine: fastestBare.engine, median: fastestBare.bare.median },
      target: { ratio: TARGET_RATIO, best: { engine: best.engine, ratioToFastestBare: best.ratioToFastestBare }, met: pass },
      rows,
      samples: Object.fromEntries(samples),
    },
    null,
    2,
  ),
);
console.log(`\nwrote bench/results/startup.json`);
