// npm run bench:startup — time to first frame per engine, inside <vod-player> and bare on a plain
// page with the engine's defaults, over several runs on the synthetic ladder. Prints a table and
// writes bench/results/startup.json. Each run gets a fresh browser context (cold HTTP cache).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../origin/playwright/chromium.js';
import { startOrigin } from '../origin/server/server.js';
import { buildSite, prepareLadder, repoRoot } from '../scripts/stack.js';
import { summarize, type Summary } from './stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CASES = [
  { engine: 'hls.js', manifest: 'master.m3u8' },
  { engine: 'dash.js', manifest: 'manifest.mpd' },
  { engine: 'shaka', manifest: 'manifest.mpd' },
] as const;
const MODES = ['element', 'bare'] as const;

const [ladderDir, siteDir] = await Promise.all([prepareLadder(), buildSite()]);
const site = await startOrigin({ dir: siteDir });
const media = await startOrigin({ dir: ladderDir });
const browser = await chromium.launch(chromiumLaunchOptions());

async function firstFrameMs(engine: string, manifest: string, mode: string, run: number): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const session = `bench-${mode}-${engine.replace(/[^A-Za-z0-9]/g, "")}-${run}`;
    const src = encodeURIComponent(`${media.url}/s/${session}/${manifest}`);
    await page.goto(`${site.url}/bench/pages/${mode}.html?engine=${engine}&src=${src}`);
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

const samples = new Map<string, number[]>();
for (let run = 0; run < RUNS; run++) {
  for (const { engine, manifest } of CASES) {
    for (const mode of MODES) {
      const key = `${engine}|${mode}`;
      const list = samples.get(key) ?? [];
      list.push(await firstFrameMs(engine, manifest, mode, run));
      samples.set(key, list);
    }
  }
}
await browser.close();
await Promise.all([site.close(), media.close()]);

const rows: Array<{ engine: string; mode: string } & Summary & { ratioToBare?: number }> = [];
for (const { engine } of CASES) {
  const bare = summarize(samples.get(`${engine}|bare`)!);
  for (const mode of MODES) {
    const summary = summarize(samples.get(`${engine}|${mode}`)!);
    rows.push({ engine, mode, ...summary, ratioToBare: summary.median / bare.median });
  }
}
console.log(`\nTime to first frame, ms from navigation start (${RUNS} runs each, cold cache, loopback origin)\n`);
console.log('engine   mode      median     min     max   element/bare');
for (const row of rows) {
  console.log(
    `${row.engine.padEnd(8)} ${row.mode.padEnd(8)} ${row.median.toFixed(0).padStart(7)} ${row.min.toFixed(0).padStart(7)} ${row.max
      .toFixed(0)
      .padStart(7)}   ${row.mode === 'element' ? row.ratioToBare!.toFixed(2) + '×' : ''}`,
  );
}
const outDir = join(repoRoot, 'bench/results');
await mkdir(outDir, { recursive: true });
await writeFile(join(outDir, 'startup.json'), JSON.stringify({ runs: RUNS, at: new Date().toISOString(), rows, samples: Object.fromEntries(samples) }, null, 2));
console.log(`\nwrote bench/results/startup.json`);
