// ABR benchmark, simulation half: our policy vs a rate-based player vs BBA-0 vs the offline
// optimum, over every trace in ../shared/traces.
//
//   npx tsx bench/abr-sim.ts
//   ABR_SEGMENTS=150 ABR_BUCKET_SEC=0.1 ABR_CONFIG='{"buffer":{"reservoirSec":8}}' npx tsx bench/abr-sim.ts
//
// Ladder: the origin's generated default ladder (.cache/ladders/<syntheticCacheKey()>/ladder.json: 5 rungs
// 240p–1080p, real per-segment bytes, + 128 kbps audio sharing the link). Without one, a built-in
// copy of the default rung bitrates with constant segment sizes, and a warning says so. Its 60 × 2 s
// segments are looped to ABR_SEGMENTS (default 150 = 300 s) so a session covers most of each
// 165–320 s trace; a trace shorter than the session loops.
//
// Model (abr/simulate.ts): one request at a time, 40 ms RTT per request, exact integral of the
// trace's rate, playback after 2 s buffered, 30 s buffer cap. QoE_lin (abr/qoe.ts) with μ = 4.3,
// startup delay charged as rebuffering (Pensieve). "% of optimum" is the mean over traces of
// 1 − (optimum − qoe) / max(|optimum|, 1): qoe / optimum when the optimum is positive, and still
// meaningful when it is negative (traces slower than the lowest rung).
//
// Policies: `vod-abr` (ours, cold start: no seed), `vod-abr seeded` (a returning viewer: seeded
// with the trace's mean rate, as a stored estimate from a previous session on the same network
// would be), `rate-based` (harmonic mean of 5 × 0.9), `bba-0` (reservoir 5 s, cushion 20 s).
//
// Prints tables per trace kind and overall, the traces where ours is furthest from the optimum,
// and writes bench/results/abr-sim.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  bba0Policy,
  constantLadder,
  controllerPolicy,
  DEFAULT_LADDER_SPEC,
  fractionOfOptimum,
  ladderFromJson,
  parseSimTrace,
  rateBasedPolicy,
  resolveAbrConfig,
  simulate,
  solveOptimum,
  traceMeanKbps,
  type LadderJsonLike,
  type PartialAbrConfig,
  type SimLadder,
  type SimPolicy,
  type SimResult,
  type SimTrace,
} from '../abr/index.js';
import { syntheticCacheKey } from '../origin/ladder/cache.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tracesDir = resolve(repoRoot, '../shared/traces');
const segmentCount = Number(process.env['ABR_SEGMENTS'] ?? 150);
const bucketSec = Number(process.env['ABR_BUCKET_SEC'] ?? 0.1);
const configOverride = JSON.parse(process.env['ABR_CONFIG'] ?? '{}') as PartialAbrConfig;
const abrConfig = resolveAbrConfig(configOverride);

interface PolicySpec {
  name: string;
  make(trace: SimTrace): SimPolicy;
}

const POLICIES: PolicySpec[] = [
  { name: 'vod-abr', make: () => controllerPolicy(abrConfig) },
  { name: 'vod-abr seeded', make: (trace) => controllerPolicy(abrConfig, { name: 'vod-abr seeded', seedBandwidthBps: traceMeanKbps(trace) * 1000 }) },
  { name: 'rate-based', make: () => rateBasedPolicy() },
  { name: 'bba-0', make: () => bba0Policy() },
];

interface Row {
  policy: string;
  qoe: number;
  ratio: number;
  stallSec: number;
  stallCount: number;
  avgBitrateMbps: number;
  switches: number;
  startupSec: number;
  abandonments: number;
}

interface TraceResult {
  trace: string;
  kind: string;
  meanKbps: number;
  durationSec: number;
  optimum: Row;
  optimumMs: number;
  policies: Row[];
}

function loadLadder(): { ladder: SimLadder; source: string; builtIn: boolean } {
  // The origin's default ladder lives under the cache key of the default options; other
  // `synthetic-*` folders are ladders someone generated with other options (another source size…).
  const path = resolve(repoRoot, '.cache/ladders', syntheticCacheKey(), 'ladder.json');
  if (existsSync(path)) {
    const json = JSON.parse(readFileSync(path, 'utf8')) as LadderJsonLike;
    return { ladder: ladderFromJson(json, { segmentCount }), source: path, builtIn: false };
  }
  return { ladder: constantLadder({ ...DEFAULT_LADDER_SPEC, segmentCount }), source: 'built-in default ladder (constant segment sizes)', builtIn: true };
}

function loadTraces(): SimTrace[] {
  return readdirSync(tracesDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => parseSimTrace(JSON.parse(readFileSync(join(tracesDir, file), 'utf8')), file.slice(0, -5)));
}

function row(result: SimResult, optimumQoe: number): Row {
  const q = result.qoe;
  return {
    policy: result.policy,
    qoe: q.qoe,
    ratio: fractionOfOptimum(q.qoe, optimumQoe),
    stallSec: q.stallSec,
    stallCount: q.stallCount,
    avgBitrateMbps: q.avgBitrateMbps,
    switches: q.switches,
    startupSec: q.startupSec,
    abandonments: result.timeline.downloads.filter((d) => d.abandoned !== null).length,
  };
}

function mean(values: number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

function table(title: string, results: TraceResult[]): string {
  const names = ['optimum', ...POLICIES.map((p) => p.name)];
  const rowsOf = (name: string): Row[] => results.map((r) => (name === 'optimum' ? r.optimum : r.policies.find((p) => p.policy === name)!));
  const header = '| policy | mean QoE | % of optimum | min % | stall s (mean) | stalls (mean) | avg bitrate Mbps | switches | startup s |';
  const lines = [`### ${title} (${results.length} traces)`, '', header, '|---|---:|---:|---:|---:|---:|---:|---:|---:|'];
  for (const name of names) {
    const rows = rowsOf(name);
    lines.push(
      `| ${name} | ${mean(rows.map((r) => r.qoe)).toFixed(1)} | ${(100 * mean(rows.map((r) => r.ratio))).toFixed(1)}% | ` +
        `${(100 * Math.min(...rows.map((r) => r.ratio))).toFixed(1)}% | ${mean(rows.map((r) => r.stallSec)).toFixed(2)} | ` +
        `${mean(rows.map((r) => r.stallCount)).toFixed(2)} | ${mean(rows.map((r) => r.avgBitrateMbps)).toFixed(2)} | ` +
        `${mean(rows.map((r) => r.switches)).toFixed(1)} | ${mean(rows.map((r) => r.startupSec)).toFixed(2)} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  const { ladder, source, builtIn } = loadLadder();
  if (builtIn) console.warn(`WARNING: no .cache/ladders/synthetic-*/ladder.json; using the ${source}. Run \`npm start\` once to generate it.`);
  const traces = loadTraces();
  console.log(`ladder: ${source} (${ladder.rungs.map((r) => r.id).join(', ')}; ${ladder.segments.length} segments)`);
  console.log(`traces: ${traces.length} from ${tracesDir}; optimum bucket ${bucketSec} s`);
  if (Object.keys(configOverride).length > 0) console.log(`config override: ${JSON.stringify(configOverride)}`);

  let optimumMsTotal = 0;
  let policyMsTotal = 0;
  const results: TraceResult[] = [];
  for (const trace of traces) {
    const t0 = performance.now();
    const optimum = solveOptimum(trace, ladder, { bucketSec });
    const optimumMs = performance.now() - t0;
    optimumMsTotal += optimumMs;
    const t1 = performance.now();
    const policies = POLICIES.map((spec) => row(simulate(trace, ladder, spec.make(trace)), optimum.qoe));
    policyMsTotal += performance.now() - t1;
    results.push({
      trace: trace.name,
      kind: trace.kind,
      meanKbps: traceMeanKbps(trace),
      durationSec: trace.durationSec,
      optimum: row(optimum.replay, optimum.qoe),
      optimumMs,
      policies,
    });
  }

  const kinds = [...new Set(results.map((r) => r.kind))].sort();
  const out: string[] = [];
  for (const kind of kinds) out.push(table(kind, results.filter((r) => r.kind === kind)), '');
  out.push(table('ALL', results), '');

  const ours = (r: TraceResult): Row => r.policies.find((p) => p.policy === 'vod-abr')!;
  const worst = [...results].sort((a, b) => ours(a).ratio - ours(b).ratio).slice(0, 10);
  out.push('### vod-abr furthest from the optimum', '', '| trace | mean kbps | optimum QoE | vod-abr QoE | % | stall s | switches | avg Mbps (opt) |', '|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of worst) {
    const o = ours(r);
    out.push(
      `| ${r.trace} | ${r.meanKbps.toFixed(0)} | ${r.optimum.qoe.toFixed(1)} | ${o.qoe.toFixed(1)} | ${(100 * o.ratio).toFixed(1)}% | ` +
        `${o.stallSec.toFixed(1)} | ${o.switches} | ${o.avgBitrateMbps.toFixed(2)} (${r.optimum.avgBitrateMbps.toFixed(2)}) |`,
    );
  }
  const wins = (name: string): number => results.filter((r) => ours(r).qoe >= r.policies.find((p) => p.policy === name)!.qoe - 1e-9).length;
  out.push('', `vod-abr QoE ≥ rate-based on ${wins('rate-based')}/${results.length} traces, ≥ bba-0 on ${wins('bba-0')}/${results.length}.`);
  const sumOurs = results.reduce((sum, r) => sum + ours(r).qoe, 0);
  const sumOptimum = results.reduce((sum, r) => sum + r.optimum.qoe, 0);
  out.push(`Aggregate Σ QoE(vod-abr) / Σ QoE(optimum) = ${((100 * sumOurs) / sumOptimum).toFixed(1)}% (the headline is the mean of per-trace fractions).`);
  console.log('\n' + out.join('\n'));
  const wallMs = performance.now() - started;
  console.log(`\ntime: ${(wallMs / 1000).toFixed(1)} s total; optimum ${(optimumMsTotal / 1000).toFixed(1)} s, policies ${(policyMsTotal / 1000).toFixed(1)} s`);

  const file = resolve(repoRoot, 'bench/results/abr-sim.json');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(
    file,
    JSON.stringify(
      {
        createdAt: new Date().toISOString(),
        ladder: { source, builtIn, rungs: ladder.rungs.map((r) => r.id), segments: ladder.segments.length },
        model: { rttMs: 40, startupBufferSec: 2, bufferCapSec: 30, qoe: 'QoE_lin, mu 4.3, startup counted as rebuffer', optimumBucketSec: bucketSec },
        config: abrConfig,
        summary: Object.fromEntries(
          [...kinds, 'ALL'].map((kind) => {
            const subset = kind === 'ALL' ? results : results.filter((r) => r.kind === kind);
            return [
              kind,
              Object.fromEntries(
                ['optimum', ...POLICIES.map((p) => p.name)].map((name) => {
                  const rows = subset.map((r) => (name === 'optimum' ? r.optimum : r.policies.find((p) => p.policy === name)!));
                  return [
                    name,
                    {
                      traces: rows.length,
                      meanQoe: mean(rows.map((r) => r.qoe)),
                      meanFractionOfOptimum: mean(rows.map((r) => r.ratio)),
                      meanStallSec: mean(rows.map((r) => r.stallSec)),
                      meanStallCount: mean(rows.map((r) => r.stallCount)),
                      meanAvgBitrateMbps: mean(rows.map((r) => r.avgBitrateMbps)),
                      meanSwitches: mean(rows.map((r) => r.switches)),
                      meanStartupSec: mean(rows.map((r) => r.startupSec)),
                    },
                  ];
                }),
              ),
            ];
          }),
        ),
        traces: results,
        timing: { wallMs, optimumMs: optimumMsTotal, policyMs: policyMsTotal },
      },
      null,
      2,
    ),
  );
  console.log(`wrote ${file}`);
}

await main();
