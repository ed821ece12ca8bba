// ABR benchmark, simulation half: our policy vs the baselines (rate-based, BBA-0, RobustMPC, SODA,
// BOLA) vs the offline optimum, over every trace in ../shared/traces.
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
// meaningful when it is negative (traces slower than the lowest rung). "Σ vs opt" is Σ QoE / Σ QoE
// of the optimum over the same traces: the aggregate, which weighs every trace by its QoE scale
// (one negative trace cannot swing it the way it swings a mean of fractions).
//
// Policies: `vod-abr` (ours, cold start: no seed), `vod-abr seeded` (a returning viewer: seeded
// with the trace's mean rate, as a stored estimate from a previous session on the same network
// would be), `rate-based` (harmonic mean of 5 × 0.9), `bba-0` (reservoir 5 s, cushion 20 s),
// `robust-mpc` (Pensieve's RobustMPC: 5-segment horizon, harmonic mean / (1 + max error)), `soda`
// (SIGCOMM 2024: 10 s horizon, monotonic plans, buffer target 15 s), `bola` (BOLA-BASIC with
// dash.js's parameters, target = the 30 s buffer goal). Parameters: abr/baselines/*.ts.
//
// Prints tables per trace kind and overall, the traces where ours is furthest from the optimum,
// a head-to-head of vod-abr against each baseline (Σ QoE ratio, traces won), CPU time per policy,
// and writes bench/results/abr-sim.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  bba0Policy,
  bolaPolicy,
  constantLadder,
  controllerPolicy,
  DEFAULT_LADDER_SPEC,
  fractionOfOptimum,
  ladderFromJson,
  parseSimTrace,
  rateBasedPolicy,
  resolveAbrConfig,
  robustMpcPolicy,
  simulate,
  sodaPolicy,
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
  { name: 'robust-mpc', make: () => robustMpcPolicy() },
  { name: 'soda', make: () => sodaPolicy() },
  { name: 'bola', make: () => bolaPolicy() },
];

/** The policies vod-abr is compared with head to head. */
const BASELINES = ['rate-based', 'bba-0', 'robust-mpc', 'soda', 'bola'];

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

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function rowOf(result: TraceResult, name: string): Row {
  return name === 'optimum' ? result.optimum : result.policies.find((p) => p.policy === name)!;
}

/** Σ a / Σ b, or NaN when Σ b ≤ 0 (a ratio of sums is meaningless then). */
function sumRatio(a: number[], b: number[]): number {
  const denominator = sum(b);
  return denominator > 0 ? sum(a) / denominator : Number.NaN;
}

function percent(value: number): string {
  return Number.isNaN(value) ? 'n/a' : `${(100 * value).toFixed(1)}%`;
}

function table(title: string, results: TraceResult[]): string {
  const names = ['optimum', ...POLICIES.map((p) => p.name)];
  const rowsOf = (name: string): Row[] => results.map((r) => rowOf(r, name));
  const optimumQoe = rowsOf('optimum').map((r) => r.qoe);
  const header = '| policy | mean QoE | Σ vs opt | % of optimum | min % | stall s (mean) | stalls (mean) | avg bitrate Mbps | switches | startup s |';
  const lines = [`### ${title} (${results.length} traces)`, '', header, '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|'];
  for (const name of names) {
    const rows = rowsOf(name);
    lines.push(
      `| ${name} | ${mean(rows.map((r) => r.qoe)).toFixed(1)} | ${percent(sumRatio(rows.map((r) => r.qoe), optimumQoe))} | ` +
        `${(100 * mean(rows.map((r) => r.ratio))).toFixed(1)}% | ` +
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
  /** CPU time per policy over all traces (user + system), ms. */
  const cpuMs = new Map<string, number>(POLICIES.map((p) => [p.name, 0]));
  const results: TraceResult[] = [];
  for (const trace of traces) {
    const t0 = performance.now();
    const optimum = solveOptimum(trace, ladder, { bucketSec });
    const optimumMs = performance.now() - t0;
    optimumMsTotal += optimumMs;
    const t1 = performance.now();
    const policies = POLICIES.map((spec) => {
      const cpu = process.cpuUsage();
      const result = simulate(trace, ladder, spec.make(trace));
      const used = process.cpuUsage(cpu);
      cpuMs.set(spec.name, cpuMs.get(spec.name)! + (used.user + used.system) / 1000);
      return row(result, optimum.qoe);
    });
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
  const headToHead = Object.fromEntries(
    BASELINES.map((name) => {
      const theirs = results.map((r) => rowOf(r, name).qoe);
      const mine = results.map((r) => ours(r).qoe);
      const wins = results.filter((_, i) => mine[i]! >= theirs[i]! - 1e-9).length;
      return [name, { sumQoeRatio: sumRatio(mine, theirs), wins, traces: results.length }];
    }),
  );
  out.push('', '### vod-abr head to head', '', '| vs | Σ QoE vod-abr / Σ QoE theirs | vod-abr ≥ theirs |', '|---|---:|---:|');
  for (const [name, h] of Object.entries(headToHead)) out.push(`| ${name} | ${Number.isNaN(h.sumQoeRatio) ? 'n/a' : h.sumQoeRatio.toFixed(3)} | ${h.wins}/${h.traces} |`);
  console.log('\n' + out.join('\n'));
  const wallMs = performance.now() - started;
  console.log(`\ntime: ${(wallMs / 1000).toFixed(1)} s total; optimum ${(optimumMsTotal / 1000).toFixed(1)} s, policies ${(policyMsTotal / 1000).toFixed(1)} s`);
  console.log(`CPU per policy (${results.length} traces): ${[...cpuMs].map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)} s`).join(', ')}`);

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
                  const rows = subset.map((r) => rowOf(r, name));
                  return [
                    name,
                    {
                      traces: rows.length,
                      meanQoe: mean(rows.map((r) => r.qoe)),
                      sumQoe: sum(rows.map((r) => r.qoe)),
                      sumQoeRatioVsOptimum: sumRatio(
                        rows.map((r) => r.qoe),
                        subset.map((r) => r.optimum.qoe),
                      ),
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
        headToHead: { policy: 'vod-abr', versus: headToHead },
        traces: results,
        timing: { wallMs, optimumMs: optimumMsTotal, policyMs: policyMsTotal, cpuMsByPolicy: Object.fromEntries(cpuMs) },
      },
      null,
      2,
    ),
  );
  console.log(`wrote ${file}`);
}

await main();
