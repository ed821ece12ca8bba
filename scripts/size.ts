// npm run bench:size — what the player costs an embedder's page: minified and gzip -9 sizes of the
// core (everything downloaded before any engine), each lazy engine, telemetry, shared lazy chunks,
// and the controls' own code. Prints a table and writes bench/results/size.json.
// npm run test:size (`--check`) also fails when the core's gzip size exceeds package.json's
// "sizeBudget": { "coreGzipBytes": N } (exit 1), or when that budget is missing or invalid (exit 2).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { version as viteVersion } from 'vite';
import { checkBudget, readBudget, suggestBudget, type BudgetVerdict } from './size/budget.js';
import { bundle, type BuiltChunk } from './size/bundle.js';
import { groupChunks } from './size/chunk-groups.js';
import { contributorsOf } from './size/contributors.js';
import { GZIP_LEVEL, measure, sumSizes, type Size } from './size/measure.js';
import { renderTable, type ReportRow } from './size/report.js';
import { formatKiB } from './size/units.js';

const root = resolve(import.meta.dirname, '..');
const RESULTS_FILE = join(root, 'bench/results/size.json');
/** What an app bundler bundles from `dependencies` (all of them but @lit/react, which only ./react uses). */
const BUNDLED = ['lit', 'hls.js', 'dashjs', 'shaka-player', 'rxjs', 'web-vitals'];
/** Lit stays out of the controls-only build, so that figure is the controls' own code. */
const isLit = (id: string): boolean => /^(lit|lit-html|lit-element|@lit\/reactive-element)(\/|$)/.test(id);
/** Engine folder under src/engines → the engine's name. */
const ENGINE_NAMES: Readonly<Record<string, string>> = { hlsjs: 'hls.js', dashjs: 'dash.js', shaka: 'shaka', native: 'native' };

interface GroupReport {
  readonly name: string;
  readonly kind: 'core' | 'lazy' | 'shared' | 'orphan';
  readonly size: Size;
  readonly chunks: readonly { fileName: string; facadeModule: string | null; size: Size }[];
}

async function main(args: readonly string[]): Promise<number> {
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    console.error(`Unknown argument ${unknown.join(' ')}. Usage: tsx scripts/size.ts [--check]`);
    return 2;
  }
  const check = args.includes('--check');
  const packageJson: unknown = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const budget = readBudget(packageJson);
  if (check && !budget.ok) {
    console.error(`size check: ${budget.error}`);
    return 2;
  }
  const version = (packageJson as { version?: unknown }).version;
  if (typeof version !== 'string') throw new Error('package.json has no "version".');

  const startedMs = performance.now();
  const scratchDir = await mkdtemp(join(tmpdir(), 'vod-player-size-'));
  let app: BuiltChunk[];
  let controls: BuiltChunk[];
  try {
    const define = { __VOD_PLAYER_VERSION__: JSON.stringify(version) };
    app = await bundle({ root, entry: join(root, 'src/index.ts'), scratchDir: join(scratchDir, 'app'), define });
    controls = await bundle({ root, entry: join(root, 'src/ui/index.ts'), scratchDir: join(scratchDir, 'controls'), define, external: isLit });
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }

  const groups = reportGroups(app);
  const core = groups.find((group) => group.kind === 'core');
  if (core === undefined) throw new Error('The bundle has no entry chunk.');
  const controlsSize = sumSizes(controls.map((chunk) => measure(chunk.code)));
  const contributors = contributorsOf(app.filter((chunk) => core.chunks.some((c) => c.fileName === chunk.fileName)).flatMap((chunk) => chunk.modules), root);
  const suggestedBudget = suggestBudget(core.size.gzipBytes);
  const elapsedSec = (performance.now() - startedMs) / 1000;

  const rows: ReportRow[] = [
    ...groups.map((group) => ({ name: group.name, size: group.size, chunks: group.chunks.length })),
    { name: 'controls (src/ui/index.ts)', size: controlsSize, chunks: controls.length, note: 'lit external; already included in core' },
  ];
  console.log(`vod-player ${version}: production bundle sizes (vite ${viteVersion}, minified, gzip -${GZIP_LEVEL}; ${BUNDLED.join(', ')} bundled in)\n`);
  console.log(renderTable(rows));
  console.log(`\ncore by origin, share of rendered bytes before minification:`);
  console.log(
    '  ' + contributors.slice(0, 8).map((c) => `${c.origin} ${(c.share * 100).toFixed(0)}%`).join(', '),
  );
  console.log(`suggested budget (core gzip + 10%, next KiB): ${suggestedBudget} bytes`);

  let verdict: BudgetVerdict | undefined;
  if (check && budget.ok) verdict = checkBudget(core.size.gzipBytes, budget.coreGzipBytes);

  await mkdir(join(root, 'bench/results'), { recursive: true });
  const results = {
    package: `vod-player@${version}`,
    measuredAt: new Date().toISOString(),
    vite: viteVersion,
    gzipLevel: GZIP_LEVEL,
    bundled: BUNDLED,
    groups,
    controls: { entry: 'src/ui/index.ts', external: ['lit'], includedIn: 'core', size: controlsSize },
    coreContributors: contributors,
    budget: budget.ok ? { coreGzipBytes: budget.coreGzipBytes, withinBudget: verdict?.withinBudget ?? core.size.gzipBytes <= budget.coreGzipBytes } : null,
    suggestedCoreGzipBytes: suggestedBudget,
  };
  await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${relative(root, RESULTS_FILE)} in ${elapsedSec.toFixed(1)} s`);

  if (verdict === undefined) return 0;
  if (verdict.withinBudget) {
    console.log(verdict.message);
    return 0;
  }
  console.error(`size check failed: ${verdict.message}`);
  return 1;
}

/** Groups the app bundle's chunks (by the chunk graph, see chunk-groups.ts) and measures each group. */
function reportGroups(chunks: readonly BuiltChunk[]): GroupReport[] {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const grouped = groupChunks(chunks);
  const group = (name: string, kind: GroupReport['kind'], fileNames: readonly string[]): GroupReport => {
    const measured = fileNames.map((fileName) => {
      const chunk = byName.get(fileName);
      if (chunk === undefined) throw new Error(`No chunk ${fileName} in the bundle.`);
      return { fileName, facadeModule: chunk.facadeModuleId === null ? null : relative(root, chunk.facadeModuleId), size: measure(chunk.code) };
    });
    return { name, kind, size: sumSizes(measured.map((chunk) => chunk.size)), chunks: measured };
  };
  const shortNameOf = (fileName: string): string => {
    const facade = byName.get(fileName)?.facadeModuleId ?? null;
    const engine = facade?.match(/\/src\/engines\/([^/]+)\/adapter\.ts$/)?.[1];
    if (engine !== undefined) return ENGINE_NAMES[engine] ?? engine;
    if (facade?.endsWith('/telemetry/index.ts')) return 'telemetry';
    return facade === null ? fileName : relative(root, facade);
  };
  const lazyName = (root: string): string => {
    const name = shortNameOf(root);
    return Object.values(ENGINE_NAMES).includes(name) ? `engine ${name}` : name;
  };
  return [
    group('core', 'core', grouped.core),
    ...grouped.lazy.map((lazy) => group(lazyName(lazy.root), 'lazy', lazy.fileNames)),
    ...grouped.shared.map((shared) => group(`shared lazy (${shared.sharedBy.map(shortNameOf).join(' + ')})`, 'shared', shared.fileNames)),
    ...(grouped.orphans.length > 0 ? [group('unreachable', 'orphan', grouped.orphans)] : []),
  ];
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`size: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
