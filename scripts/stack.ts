// The pieces the demo, the e2e tests and the benchmarks stand up: a cached synthetic ladder,
// the built pages, and origins on 127.0.0.1. Dev tooling only; not part of the published package.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { ensureSyntheticLadder, type SyntheticLadderOptions } from '../origin/ladder/generate.js';

export const repoRoot = resolve(import.meta.dirname, '..');
export const ladderCacheRoot = join(repoRoot, '.cache/ladders');

/** A synthetic ladder (the origin's default one unless told), generated once and cached. Returns its folder. */
export async function prepareLadder(options: SyntheticLadderOptions = {}): Promise<string> {
  const ladder = await ensureSyntheticLadder(ladderCacheRoot, options);
  return ladder.dir;
}

/** Not a playlist, not an MPD: what a misconfigured CDN returns with a 200. */
const GARBAGE_FIXTURES = {
  'garbage.m3u8': 'this is not a playlist\n<html><body>Oops</body></html>\n',
  'garbage.mpd': '<html><body>502 Bad Gateway</body></html>\n',
};

/**
 * Production build of the demo and bench pages into `dist/site` (+ fixtures/ for error tests).
 * A long benchmark passes its own `outDir`, so a test run rebuilding `dist/site` meanwhile cannot
 * pull its pages from under it.
 */
export async function buildSite(outDir = 'dist/site'): Promise<string> {
  const siteDir = join(repoRoot, outDir);
  await build({
    root: repoRoot,
    configFile: join(repoRoot, 'vite.config.ts'),
    logLevel: 'warn',
    mode: 'production',
    build: { outDir: siteDir, emptyOutDir: true },
  });
  const fixtures = join(siteDir, 'fixtures');
  await mkdir(fixtures, { recursive: true });
  for (const [name, body] of Object.entries(GARBAGE_FIXTURES)) await writeFile(join(fixtures, name), body);
  return siteDir;
}
