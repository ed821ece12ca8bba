// `npm run test:packages`: the packages as a user meets them. Packs every package (each `prepack`
// builds it), creates scratch projects in a temporary folder outside the repository, installs the
// tarballs with plain `npm install <tgz>` (no workspace links, no aliases), and proves in Chromium:
//  - a Vite app whose only player code is the README's embed builds, plays HLS to ≥ 5 s and loads
//    hls.js but neither dash.js nor shaka;
//  - a React 19 app type-checks against the published types, renders <VodPlayer> and receives
//    onVodQualityChange;
//  - engineConfig / engineSetup add a request header the origin's log shows, for each engine;
//  - a Playwright project importing the QA kit from the tarball passes its test (network.use,
//    toSwitchDown, a .not matcher that returns within its timeout).
// The media comes from the packed origin itself (`vod-origin generate` + `vod-origin serve`).
// KEEP_SCRATCH=1 keeps the temporary folder for a look after a run.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkEngineConfig, checkReactApp, checkViteApp, withBrowser } from './packages/browser-checks.js';
import { checkContents, packAll, type PackedPackage } from './packages/pack.js';
import { run, startServer, stopServer } from './packages/run.js';
import { serveStatic, type StaticServer } from './packages/static-server.js';

const repoRoot = resolve(import.meta.dirname, '..');
const templates = join(import.meta.dirname, 'packages', 'templates');
const EXAMPLE_SRC = 'https://example.com/video/master.m3u8';
/** The scratch apps install the same tool versions the repository pins. */
const rootPackage = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
const pin = (name: string): string => `${name}@${rootPackage.devDependencies[name] ?? 'latest'}`;

/** The README's embed: the first ```html block after `<!-- embed…`. */
async function readmeEmbed(): Promise<string> {
  const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
  const block = readme.split('<!-- embed')[1]?.match(/```html\n([\s\S]*?)```/)?.[1];
  if (!block?.includes(EXAMPLE_SRC)) throw new Error(`README.md has no embed html block using ${EXAMPLE_SRC}`);
  return block.trimEnd();
}

async function scratchProject(scratch: string, name: string, replacements: Record<string, string> = {}): Promise<string> {
  const dir = join(scratch, name);
  await cp(join(templates, name), dir, { recursive: true });
  for (const file of ['index.html', 'src/main.tsx']) {
    const path = join(dir, file);
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text === null) continue;
    await writeFile(path, Object.entries(replacements).reduce((acc, [key, value]) => acc.replaceAll(key, value), text));
  }
  return dir;
}

const npmInstall = (cwd: string, specs: string[]) =>
  run('npm', ['install', '--no-audit', '--no-fund', '--save-exact', ...specs], { cwd, timeoutMs: 900_000 });

function step(label: string, startedMs: number): void {
  console.log(`  ✓ ${label} (${((Date.now() - startedMs) / 1000).toFixed(1)} s)`);
}

/** Every step is bounded; this bounds the whole run, whatever hangs. */
const WHOLE_RUN_LIMIT_MS = 30 * 60_000;
setTimeout(() => {
  console.error(`test:packages: over ${WHOLE_RUN_LIMIT_MS / 60_000} min, stopping`);
  process.exit(1);
}, WHOLE_RUN_LIMIT_MS).unref();

const scratch = await mkdtemp(join(tmpdir(), 'vod-packages-'));
const servers: StaticServer[] = [];
let origin: Awaited<ReturnType<typeof startServer>> | null = null;
const report: Record<string, unknown> = { scratch };
let failed = false;
const t0 = Date.now();
try {
  console.log(`test:packages in ${scratch}`);
  let t = Date.now();
  const tarballs = await mkdir(join(scratch, 'tarballs'), { recursive: true }).then(() => packAll(repoRoot, join(scratch, 'tarballs')));
  const byName = Object.fromEntries(tarballs.map((p) => [p.name, p])) as Record<string, PackedPackage>;
  for (const packed of tarballs) {
    const { missing, unwanted } = checkContents(packed);
    if (missing.length > 0 || unwanted.length > 0) {
      throw new Error(`${packed.name}: missing ${missing.join(', ') || 'nothing'}; should not ship ${unwanted.slice(0, 5).join(', ') || 'nothing'}`);
    }
    console.log(`    ${packed.name}@${packed.version}: ${(packed.packedBytes / 1024).toFixed(1)} KiB packed, ${(packed.unpackedBytes / 1024).toFixed(1)} KiB unpacked, ${packed.files.length} files`);
  }
  report.tarballs = tarballs.map(({ name, version, packedBytes, unpackedBytes, files }) => ({ name, version, packedBytes, unpackedBytes, files: files.length }));
  step('npm pack: vod-player and vod-origin', t);
  const player = byName['vod-player']!.tarball;
  const originTgz = byName['vod-origin']!.tarball;

  t = Date.now();
  const qaDir = await scratchProject(scratch, 'qa-kit');
  const [, , qaInstall] = await Promise.all([
    (async () => {
      const dir = await scratchProject(scratch, 'vite-app');
      await npmInstall(dir, [player, pin('vite')]);
    })(),
    (async () => {
      const dir = await scratchProject(scratch, 'react-app');
      await npmInstall(dir, [player, pin('react'), pin('react-dom'), pin('@types/react'), pin('@types/react-dom'), pin('typescript'), pin('vite')]);
    })(),
    npmInstall(qaDir, [originTgz, pin('@playwright/test')]),
  ]);
  const qaNodeModules = await run('npm', ['ls', '--all', '--parseable'], { cwd: qaDir, timeoutMs: 60_000 });
  if (/node_modules\/(lit|hls\.js|dashjs|shaka-player)$/m.test(qaNodeModules.stdout)) throw new Error('installing vod-origin pulled in browser libraries');
  const viteNodeModules = await run('npm', ['ls', '--all', '--parseable'], { cwd: join(scratch, 'vite-app'), timeoutMs: 60_000 });
  const nodeOnly = viteNodeModules.stdout.match(/node_modules\/(better-sqlite3|@ffmpeg-installer\/ffmpeg|@ffprobe-installer\/ffprobe|ajv)$/m);
  if (nodeOnly) throw new Error(`installing vod-player pulled in the Node-only ${nodeOnly[1]}`);
  step(`npm install of the tarballs in 3 scratch projects (qa-kit ${(qaInstall.durationMs / 1000).toFixed(0)} s)`, t);

  t = Date.now();
  const ladderDir = join(scratch, 'ladder');
  await run('npx', ['vod-origin', 'generate', '--synthetic', '--out', ladderDir, '--duration', '90', '--size', '1280x720', '--ladder', '360p,540p@1800k,720p@8000k', '--no-thumbnails', '--no-captions'], {
    cwd: qaDir,
    timeoutMs: 600_000,
  });
  // The installed bin itself (not through npx), so that stopping it stops the origin.
  origin = await startServer(join(qaDir, 'node_modules', '.bin', 'vod-origin'), ['serve', ladderDir, '--port', '0'], { cwd: qaDir, ready: /at (http:\/\/127\.0\.0\.1:\d+)/, timeoutMs: 60_000 });
  const originUrl = origin.match[1]!;
  step(`vod-origin generate + serve (${originUrl})`, t);

  t = Date.now();
  const embed = (await readmeEmbed()).replace(EXAMPLE_SRC, `${originUrl}/master.m3u8`);
  await writeFile(join(scratch, 'vite-app', 'index.html'), (await readFile(join(templates, 'vite-app', 'index.html'), 'utf8')).replace('%EMBED%', embed));
  await run('npx', ['vite', 'build'], { cwd: join(scratch, 'vite-app'), timeoutMs: 180_000 });
  await writeFile(
    join(scratch, 'react-app', 'src', 'main.tsx'),
    (await readFile(join(templates, 'react-app', 'src', 'main.tsx'), 'utf8')).replace('%SRC%', `${originUrl}/master.m3u8`),
  );
  await run('npx', ['tsc', '--noEmit'], { cwd: join(scratch, 'react-app'), timeoutMs: 180_000 });
  await run('npx', ['vite', 'build'], { cwd: join(scratch, 'react-app'), timeoutMs: 180_000 });
  const viteApp = await serveStatic(join(scratch, 'vite-app', 'dist'));
  const reactApp = await serveStatic(join(scratch, 'react-app', 'dist'));
  servers.push(viteApp, reactApp);
  step('vite build of both apps; tsc --noEmit of the React app against the published types', t);

  t = Date.now();
  await withBrowser(async (browser) => {
    report.viteApp = await checkViteApp(browser, viteApp.url, join(scratch, 'vite-app', 'dist'));
    step('Vite app: README embed plays HLS ≥ 5 s, downloads hls.js only, no engine in the entry chunk', t);
    t = Date.now();
    report.reactApp = await checkReactApp(browser, reactApp.url);
    step('React 19 app: <VodPlayer> renders, onVodQualityChange and the ref work', t);
    t = Date.now();
    report.engineConfig = await checkEngineConfig(browser, viteApp.url, originUrl);
    step('engineConfig / engineSetup: x-embedder on every media request, for hls.js, dash.js and shaka', t);
  });

  t = Date.now();
  const kit = await run('npx', ['playwright', 'test'], { cwd: qaDir, env: { APP_URL: viteApp.url, VOD_LADDER_DIR: ladderDir }, timeoutMs: 600_000 });
  const notMs = kit.stdout.match(/returned after (\d+) ms/)?.[1];
  report.qaKit = { passed: true, notMatcherMs: notMs === undefined ? null : Number(notMs) };
  step(`QA kit from the tarball: network.use + toSwitchDown + .not matcher (${notMs ?? '?'} ms)`, t);
} catch (error) {
  failed = true;
  console.error(`\ntest:packages FAILED: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  if (origin) await stopServer(origin.child);
  await Promise.all(servers.map((server) => server.close()));
  report.durationSec = Math.round((Date.now() - t0) / 1000);
  await mkdir(join(repoRoot, 'bench/results'), { recursive: true });
  await writeFile(join(repoRoot, 'bench/results/packages.json'), JSON.stringify(report, null, 2));
  if (process.env.KEEP_SCRATCH === '1' || failed) console.log(`scratch folder kept: ${scratch}`);
  else await rm(scratch, { recursive: true, force: true });
  console.log(`test:packages ${failed ? 'failed' : 'passed'} in ${report.durationSec} s`);
}
process.exit(failed ? 1 : 0);
