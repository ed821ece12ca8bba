import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { ensureCachedLadder, type EnsureResult, type SyntheticLadderOptions } from './cache.js';
import { DEFAULT_AUDIO, DEFAULT_SEGMENT_SEC } from './defaults.js';
import { AUDIO_OUTPUT, MUXER_PLAYLIST, THUMBNAILS_OUTPUT, type EncodePlan, type EncodeSource } from './encode/encode-args.js';
import { encodeAll, nodeFfmpegRunner } from './encode/encode.js';
import { findFontFile, resolveSyntheticOptions, syntheticSourceInfo } from './encode/synthetic.js';
import { LadderError } from './errors.js';
import { ffmpegHasFilter, resolveFfmpegTools, runTool, summarizeStderr, type FfmpegTools } from './ffmpeg.js';
import type { GenerateOptions } from './options.js';
import { createAtomicWriter, nonEmptyFile } from './package/fs-writer.js';
import { packageLadder } from './package/packager.js';
import { scanTrack } from './package/scan.js';
import { parseLadderSpec } from './plan/ladder-spec.js';
import { planRungs } from './plan/plan.js';
import { probeSource, type ProbedSource } from './plan/probe.js';
import { SYNTHETIC_CAPTION, syntheticCaptionsVtt } from './sidecars/captions.js';
import { TILES_DIR, spriteCount, spriteName, thumbnailLayout, thumbnailsVtt } from './sidecars/thumbnails.js';
import type { LadderJson, PlannedRung, SourceInfo } from './types.js';

export type { EnsureResult, SyntheticLadderOptions } from './cache.js';
export type { EncodeProgress, GenerateCommonOptions, GenerateOptions, GenerateProgress } from './options.js';

interface PreparedSource {
  name: string;
  synthetic: boolean;
  info: SourceInfo;
  encode: EncodeSource;
  probed: ProbedSource | null;
}

async function prepareSource(options: GenerateOptions, tools: FfmpegTools): Promise<PreparedSource> {
  if (options.synthetic !== undefined) {
    const synthetic = resolveSyntheticOptions(options.synthetic === true ? {} : options.synthetic);
    return { name: 'synthetic', synthetic: true, info: syntheticSourceInfo(synthetic), encode: { kind: 'synthetic', options: synthetic }, probed: null };
  }
  const input = resolve(options.input);
  const probed = await probeSource(tools.ffprobe.path, input);
  return {
    name: basename(input),
    synthetic: false,
    info: probed.info,
    encode: { kind: 'file', path: input, videoStreamIndex: probed.videoStreamIndex, audioStreamIndex: probed.audioStreamIndex },
    probed,
  };
}

/** Removes what an earlier run left (manifests first, so no stale manifest outlives its files). */
async function prepareOutDir(outDir: string, rungs: readonly PlannedRung[]): Promise<void> {
  await mkdir(outDir, { recursive: true });
  for (const name of ['ladder.json', 'master.m3u8', 'manifest.mpd']) await rm(join(outDir, name), { force: true });
  for (const name of ['video', 'audio', 'text', 'thumbs']) await rm(join(outDir, name), { recursive: true, force: true });
  for (const rung of rungs) await mkdir(join(outDir, 'video', rung.id), { recursive: true });
  for (const name of ['audio', 'text', join('thumbs', TILES_DIR)]) await mkdir(join(outDir, name), { recursive: true });
}

function defaultWarning(message: string): void {
  process.stderr.write(`warning: ${message}\n`);
}

/**
 * Generates a complete ladder: probe (or synthesize) → plan → one ffmpeg encode → verify every
 * segment → publish playlists, manifests and ladder.json last. Rungs that fail are left out and
 * listed in `failedRungs`. Resolves to the ladder.json written.
 */
export async function generateLadder(options: GenerateOptions): Promise<LadderJson> {
  const segmentSec = options.segmentSec ?? DEFAULT_SEGMENT_SEC;
  if (!(segmentSec >= 0.5 && segmentSec <= 30)) throw new LadderError('INVALID_OPTIONS', `Segment duration must be 0.5-30 s, got ${segmentSec}.`);
  const onWarning = options.onWarning ?? defaultWarning;
  const outDir = resolve(options.outDir);
  // Option mistakes are reported before looking for ffmpeg.
  const table = typeof options.ladder === 'string' ? parseLadderSpec(options.ladder) : options.ladder;
  if (options.synthetic !== undefined) resolveSyntheticOptions(options.synthetic === true ? {} : options.synthetic);
  if (options.input !== undefined) {
    const inputStat = await stat(resolve(options.input)).catch(() => null);
    if (!inputStat?.isFile()) throw new LadderError('INVALID_OPTIONS', `Input file not found: ${options.input}`);
  }
  const tools = options.tools ?? resolveFfmpegTools();

  const source = await prepareSource(options, tools);
  const planned = planRungs(source.info, table ? { ladder: table } : {});
  const layout = options.thumbnails === false ? null : thumbnailLayout(source.info);
  const fontFile = source.synthetic && (await ffmpegHasFilter(tools.ffmpeg.path, 'drawtext')) ? findFontFile() : null;
  const audio = source.info.hasAudio ? DEFAULT_AUDIO : null;

  await prepareOutDir(outDir, planned);
  const plan: EncodePlan = {
    source: source.encode,
    outDir,
    segmentSec,
    frameRate: source.info.frameRate,
    rungs: planned,
    audio,
    thumbnails: layout,
    fontFile,
  };
  const errors = await encodeAll(plan, {
    run: options.runner ?? nodeFfmpegRunner(tools.ffmpeg.path),
    totalSec: source.info.durationSec,
    onProgress: (progress) => options.onProgress?.({ ...progress, phase: 'encode' }),
    onWarning,
    ...(options.signal ? { signal: options.signal } : {}),
  });

  const assets: Array<{ path: string; content: string }> = [];
  const captions: LadderJson['captions'] = [];
  if (options.captions !== false && source.synthetic) {
    captions.push({ ...SYNTHETIC_CAPTION });
    assets.push({ path: SYNTHETIC_CAPTION.path, content: syntheticCaptionsVtt(source.info.durationSec, segmentSec) });
  } else if (options.captions !== false && source.probed?.subtitle && source.encode.kind === 'file') {
    const caption = await extractCaptions(tools, source.encode.path, source.probed.subtitle, outDir, onWarning);
    if (caption) captions.push(caption);
  }

  let thumbnails: LadderJson['thumbnails'] = null;
  await rm(join(outDir, 'thumbs', TILES_DIR), { recursive: true, force: true });
  if (layout) {
    const sprites = Array.from({ length: spriteCount(source.info.durationSec, layout) }, (_, i) => spriteName(i + 1));
    const present = await Promise.all(sprites.map((name) => nonEmptyFile(join(outDir, 'thumbs', name))));
    const error = errors.get(THUMBNAILS_OUTPUT) ?? null;
    if (error === null && present.every(Boolean)) {
      thumbnails = { path: 'thumbs/thumbs.vtt', intervalSec: layout.intervalSec, width: layout.width, height: layout.height };
      assets.push({ path: thumbnails.path, content: thumbnailsVtt(source.info.durationSec, layout) });
    } else {
      onWarning(`Thumbnails were left out: ${error ?? 'a sprite is missing or empty'}`);
    }
  }

  options.onProgress?.({ phase: 'package', doneSec: source.info.durationSec, totalSec: source.info.durationSec, ratio: 1, detail: 'verifying' });
  const videoListings = await Promise.all(
    planned.map((rung) => scanTrack(outDir, rung.id, `video/${rung.id}`, errors.get(rung.id) ?? null)),
  );
  const audioListing = audio ? await scanTrack(outDir, AUDIO_OUTPUT, 'audio', errors.get(AUDIO_OUTPUT) ?? null) : null;
  await Promise.all(
    [...planned.map((rung) => join(outDir, 'video', rung.id, MUXER_PLAYLIST)), join(outDir, 'audio', MUXER_PLAYLIST)].map((path) =>
      rm(path, { force: true }),
    ),
  );

  const { ladder, warnings } = await packageLadder(createAtomicWriter(outDir), {
    createdAt: (options.now ?? (() => new Date()))().toISOString(),
    source: { name: source.name, synthetic: source.synthetic, ...source.info },
    segmentSec,
    planned,
    videoListings,
    audioListing,
    audioBitrateBps: audio?.bitrateBps ?? 0,
    ...(source.probed?.videoDurationSec ? { videoDurationSec: source.probed.videoDurationSec } : {}),
    ...(source.probed?.audioDurationSec ? { audioDurationSec: source.probed.audioDurationSec } : {}),
    captions,
    thumbnails,
    assets,
  });
  for (const failure of ladder.failedRungs) await rm(join(outDir, 'video', failure.id), { recursive: true, force: true });
  if (thumbnails === null) await rm(join(outDir, 'thumbs'), { recursive: true, force: true });
  if (captions.length === 0 && (await readdir(join(outDir, 'text')).catch(() => [])).length === 0) {
    await rm(join(outDir, 'text'), { recursive: true, force: true });
  }
  for (const warning of warnings) onWarning(warning);
  return ladder;
}

/** Converts the input's first subtitle stream to `text/<lang>.vtt`; null (with a warning) when it cannot. */
async function extractCaptions(
  tools: FfmpegTools,
  input: string,
  subtitle: NonNullable<ProbedSource['subtitle']>,
  outDir: string,
  onWarning: (message: string) => void,
): Promise<LadderJson['captions'][number] | null> {
  if (!subtitle.textBased) {
    onWarning(`Subtitle stream ${subtitle.streamIndex} (${subtitle.codec}) is not text; no captions published.`);
    return null;
  }
  const path = `text/${subtitle.lang}.vtt`;
  const run = await runTool(tools.ffmpeg.path, [
    '-hide_banner', '-nostdin', '-y', '-loglevel', 'error',
    '-i', input, '-map', `0:${subtitle.streamIndex}`, '-c:s', 'webvtt', '-f', 'webvtt', join(outDir, path),
  ]);
  if (run.exitCode !== 0 || !(await nonEmptyFile(join(outDir, path)))) {
    onWarning(`Could not convert subtitle stream ${subtitle.streamIndex} to WebVTT: ${summarizeStderr(run.stderrTail)}`);
    await rm(join(outDir, path), { force: true });
    return null;
  }
  return { lang: subtitle.lang, label: subtitle.label, path, playlist: `text/${subtitle.lang}.m3u8` };
}

/**
 * A synthetic ladder under `cacheRoot/synthetic-<hash of options>/`: reused when an earlier run
 * completed it, else generated (by `generateLadder`) into a temp folder and moved into place. Safe
 * to call from several processes at once (one generates, the others wait for it).
 */
export function ensureSyntheticLadder(cacheRoot: string, options: SyntheticLadderOptions = {}): Promise<EnsureResult> {
  return ensureCachedLadder(cacheRoot, options, generateLadder);
}
