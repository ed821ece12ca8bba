// npm run bench:faults — the fault matrix (test/e2e/fault-matrix.ts) in real Chromium against the
// origin's fault injection, for hls.js, dash.js and shaka with vod-player's ABR: runs the e2e spec
// test/e2e/faults.spec.ts (2 workers, no retries), then prints engine × fault → outcome, total stall,
// time to recover, and writes bench/results/faults.json. A run that misses its expected outcome is
// printed as such (and makes the exit code 1), never dropped.
//   BENCH_FAULTS_GREP=hls.js   only the matching tests (Playwright -g)
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '../scripts/stack.js';
import type { FaultRunResult } from '../test/e2e/fault-matrix.js';

const outDir = join(repoRoot, 'dist', 'bench-faults');
await rm(outDir, { recursive: true, force: true });
const args = ['playwright', 'test', 'test/e2e/faults.spec.ts', '--workers', '2', '--retries', '0', '--reporter', 'line', '--output', join(outDir, 'playwright')];
if (process.env.BENCH_FAULTS_GREP) args.push('-g', process.env.BENCH_FAULTS_GREP);
const run = spawnSync('npx', args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, FAULT_MATRIX_OUT: join(outDir, 'runs') } });

const files = (await readdir(join(outDir, 'runs')).catch(() => [] as string[])).filter((file) => file.endsWith('.json'));
const read = async <T>(file: string): Promise<T> => JSON.parse(await readFile(join(outDir, 'runs', file), 'utf8')) as T;
const results = await Promise.all(files.filter((file) => !file.endsWith('--src-swap.json')).map((file) => read<FaultRunResult>(file)));
interface SwapResult {
  engine: string;
  heapGrowthMiB: number;
  before: { listeners: Record<string, number> };
  after: { listeners: Record<string, number> };
}
const swaps = await Promise.all(files.filter((file) => file.endsWith('--src-swap.json')).map((file) => read<SwapResult>(file)));
const engines = ['hls.js', 'dash.js', 'shaka'].filter((engine) => results.some((r) => r.engine === engine));
const faults = [...new Set(results.map((r) => r.fault))];
const byKey = new Map(results.map((r) => [`${r.engine}|${r.fault}`, r]));

function cell(r: FaultRunResult | undefined): string {
  if (!r) return '—';
  const ok = r.outcome === r.expected && r.pageErrors.length === 0;
  const what = r.outcome === 'fatal' ? `fatal ${r.fatalCode}/${r.fatalReason} in ${r.outcomeSec} s` : r.outcome === 'ended' ? `ended, stall ${r.stallSec} s` : `STUCK after ${r.outcomeSec} s`;
  const recover = r.recoverSec !== null ? `, recovered ×${r.recoveries} in ${r.recoverSec} s` : '';
  const errors = r.pageErrors.length > 0 ? `, ${r.pageErrors.length} page error(s)` : '';
  return `${ok ? '✓' : '✗'} ${what}${recover}${errors}`;
}

const lines = [`| fault | expected | ${engines.join(' | ')} |`, `|---|---|${engines.map(() => '---').join('|')}|`];
for (const fault of faults) {
  const any = results.find((r) => r.fault === fault)!;
  lines.push(`| ${any.title} | ${any.expected} | ${engines.map((engine) => cell(byKey.get(`${engine}|${fault}`))).join(' | ')} |`);
}
const held = results.filter((r) => r.outcome === r.expected && r.pageErrors.length === 0).length;
console.log(`\n${lines.join('\n')}\n\n${held} of ${results.length} runs held (outcome as expected, no page error).`);

for (const swap of swaps) {
  const total = (listeners: Record<string, number>): number => Object.values(listeners).reduce((a, b) => a + b, 0);
  console.log(`src swapped 100× with ${swap.engine}: heap ${swap.heapGrowthMiB >= 0 ? '+' : ''}${swap.heapGrowthMiB} MiB after GC, listeners ${total(swap.before.listeners)} → ${total(swap.after.listeners)}`);
}

await mkdir(join(repoRoot, 'bench', 'results'), { recursive: true });
await writeFile(join(repoRoot, 'bench', 'results', 'faults.json'), `${JSON.stringify({ date: new Date().toISOString(), held, runs: results, srcSwaps: swaps }, null, 2)}\n`);
console.log('wrote bench/results/faults.json');
process.exitCode = run.status === 0 && held === results.length ? 0 : 1;
