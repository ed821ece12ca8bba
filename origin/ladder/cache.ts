import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_LADDER, DEFAULT_SEGMENT_SEC, type RungSpec } from './defaults.js';
import { resolveSyntheticOptions, type SyntheticOptions } from './encode/synthetic.js';
import type { GenerateCommonOptions, GenerateOptions } from './options.js';
import { segmentName } from './package/format.js';
import { nonEmptyFile } from './package/fs-writer.js';
import { parseLadderSpec } from './plan/ladder-spec.js';
import type { LadderJson } from './types.js';

/** Bump when the generator's output changes, so cached ladders are made again. */
export const LADDER_FORMAT_VERSION = 1;

/** Options of a cached synthetic ladder (everything that changes its files goes into the key). */
export interface SyntheticLadderOptions extends Omit<GenerateCommonOptions, 'outDir' | 'signal'> {
  synthetic?: SyntheticOptions;
}

export interface EnsureResult {
  /** The ladder root. */
  dir: string;
  ladder: LadderJson;
  /** True when an earlier run's ladder was reused. */
  cached: boolean;
}

/** Options that decide a synthetic ladder's files, with defaults filled in. Pure. */
function keyOptions(options: SyntheticLadderOptions) {
  const table: readonly RungSpec[] =
    typeof options.ladder === 'string' ? parseLadderSpec(options.ladder) : (options.ladder ?? DEFAULT_LADDER);
  return {
    format: LADDER_FORMAT_VERSION,
    synthetic: resolveSyntheticOptions(options.synthetic ?? {}),
    segmentSec: options.segmentSec ?? DEFAULT_SEGMENT_SEC,
    ladder: table.map((rung) => [rung.id, rung.height, rung.videoBitrateBps]),
    thumbnails: options.thumbnails !== false,
    captions: options.captions !== false,
  };
}

/** `synthetic-<12 hex>`: the cache folder name for these options. Pure. */
export function syntheticCacheKey(options: SyntheticLadderOptions = {}): string {
  const hash = createHash('sha256').update(JSON.stringify(keyOptions(options))).digest('hex');
  return `synthetic-${hash.slice(0, 12)}`;
}

/**
 * The ladder in `dir` if its ladder.json exists and every file it points to is there and
 * non-empty, else null.
 */
export async function readCompleteLadder(dir: string): Promise<LadderJson | null> {
  let ladder: LadderJson;
  try {
    ladder = JSON.parse(await readFile(join(dir, 'ladder.json'), 'utf8')) as LadderJson;
  } catch {
    return null;
  }
  if (ladder.version !== 1 || !Array.isArray(ladder.rungs) || ladder.rungs.length === 0) return null;
  const files = [ladder.manifests.hls, ladder.manifests.dash];
  const tracks = [...ladder.rungs, ...(ladder.audio ? [ladder.audio] : [])];
  for (const track of tracks) {
    files.push(`${track.path}/init.mp4`, `${track.path}/playlist.m3u8`);
    for (let number = 1; number <= track.segmentCount; number++) files.push(`${track.path}/${segmentName(number)}`);
  }
  for (const caption of ladder.captions) files.push(caption.path, caption.playlist);
  if (ladder.thumbnails) files.push(ladder.thumbnails.path);
  const present = await Promise.all(files.map((file) => nonEmptyFile(join(dir, file))));
  return present.every(Boolean) ? ladder : null;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `<dir>.lock` (a folder holding the owner's pid); waits while a live process holds it. */
async function acquireLock(lockDir: string, maxWaitMs: number): Promise<() => Promise<void>> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, 'pid'), String(process.pid));
      return () => rm(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = Number(await readFile(join(lockDir, 'pid'), 'utf8').catch(() => 'NaN'));
    const lockAgeMs = Date.now() - ((await stat(lockDir).catch(() => null))?.mtimeMs ?? Date.now());
    const stale = Number.isInteger(pid) ? !processAlive(pid) : lockAgeMs > 10_000;
    if (stale) {
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockDir} (held by pid ${pid}).`);
    await sleep(500);
  }
}

/**
 * A synthetic ladder under `cacheRoot/synthetic-<hash of options>/`: reused when an earlier run
 * completed it, else made by `generate` (the generator's `generateLadder`, passed in so this module
 * and the generator do not import each other) into a temp folder and moved into place. Safe to
 * call from several processes at once (one generates, the others wait for it). The public entry is
 * `ensureSyntheticLadder` in generate.ts.
 */
export async function ensureCachedLadder(
  cacheRoot: string,
  options: SyntheticLadderOptions,
  generate: (options: GenerateOptions) => Promise<LadderJson>,
): Promise<EnsureResult> {
  const dir = join(cacheRoot, syntheticCacheKey(options));
  const existing = await readCompleteLadder(dir);
  if (existing) return { dir, ladder: existing, cached: true };

  await mkdir(cacheRoot, { recursive: true });
  const release = await acquireLock(`${dir}.lock`, 30 * 60_000);
  try {
    const raced = await readCompleteLadder(dir);
    if (raced) return { dir, ladder: raced, cached: true };

    const partial = `${dir}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    const { synthetic, ...common } = options;
    const ladder = await generate({ ...common, synthetic: synthetic ?? true, outDir: partial });
    await rm(dir, { recursive: true, force: true });
    await rename(partial, dir);
    return { dir, ladder, cached: false };
  } finally {
    await release();
  }
}
