/**
 * Integration: runs the real ffmpeg to make tiny ladders (a few seconds) in a temp folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFfmpegRunner, type FfmpegRunner } from '../../../../origin/ladder/encode/encode.js';
import { resolveFfmpegTools } from '../../../../origin/ladder/ffmpeg.js';
import { ensureSyntheticLadder, generateLadder } from '../../../../origin/ladder/generate.js';
import type { LadderJson } from '../../../../origin/ladder/types.js';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ladder-it-'));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const nonEmpty = (path: string) => existsSync(path) && statSync(path).size > 0;

/** Every file an HLS multivariant playlist leads to, recursively. */
function hlsFiles(dir: string, playlist: string): string[] {
  const text = readFileSync(join(dir, playlist), 'utf8');
  const base = dirname(playlist);
  const refs = [
    ...text.split('\n').filter((line) => line !== '' && !line.startsWith('#')),
    ...[...text.matchAll(/URI="([^"]+)"/g)].map((match) => match[1] as string),
  ].map((ref) => (base === '.' ? ref : `${base}/${ref}`));
  return refs.flatMap((ref) => (ref.endsWith('.m3u8') ? [ref, ...hlsFiles(dir, ref)] : [ref]));
}

/** Every file an MPD leads to: init + each numbered segment of each timeline, and BaseURLs. */
function dashFiles(mpd: string): string[] {
  const files: string[] = [];
  for (const match of mpd.matchAll(/initialization="([^"]+)" media="([^"]+)" startNumber="(\d+)">([\s\S]*?)<\/SegmentTimeline>/g)) {
    const [, init, media, start, timeline] = match as unknown as [string, string, string, string, string];
    files.push(init);
    const count = [...timeline.matchAll(/<S(?: t="\d+")? d="\d+"(?: r="(\d+)")?\/>/g)].reduce((sum, s) => sum + 1 + Number(s[1] ?? 0), 0);
    for (let n = Number(start); n < Number(start) + count; n++) files.push(media.replace('$Number%05d$', String(n).padStart(5, '0')));
  }
  files.push(...[...mpd.matchAll(/<BaseURL>([^<]+)<\/BaseURL>/g)].map((match) => match[1] as string));
  return files;
}

function expectManifestsPointAtRealFiles(dir: string, ladder: LadderJson): void {
  const hls = hlsFiles(dir, ladder.manifests.hls);
  const dash = dashFiles(readFileSync(join(dir, ladder.manifests.dash), 'utf8'));
  expect(hls.length).toBeGreaterThan(0);
  expect(dash.length).toBeGreaterThan(0);
  for (const file of [...hls, ...dash]) expect(nonEmpty(join(dir, file)), file).toBe(true);
}

describe('generateLadder (real ffmpeg)', () => {
  it('makes a synthetic two-rung ladder whose manifests only reference existing files', async () => {
    const outDir = join(root, 'synthetic');
    const ratios: number[] = [];
    const ladder = await generateLadder({
      synthetic: { durationSec: 6, width: 640, height: 360 },
      outDir,
      onProgress: (progress) => ratios.push(progress.ratio),
      onWarning: (message) => {
        throw new Error(`unexpected warning: ${message}`);
      },
    });

    expect(ladder.rungs.map((rung) => [rung.id, rung.width, rung.height, rung.segmentCount])).toEqual([
      ['240p', 426, 240, 3],
      ['360p', 640, 360, 3],
    ]);
    expect(ladder.rungs.every((rung) => /^avc1\.64[0-9a-f]{4}$/.test(rung.codecs))).toBe(true);
    expect(ladder.audio).toMatchObject({ codecs: 'mp4a.40.2', channels: 2, sampleRateHz: 48000, segmentCount: 3 });
    expect(ladder.durationSec).toBe(6);
    expect(ladder.failedRungs).toEqual([]);
    expect(ladder.captions).toEqual([{ lang: 'en', label: 'English', path: 'text/en.vtt', playlist: 'text/en.m3u8' }]);
    expect(ladder.thumbnails).toMatchObject({ path: 'thumbs/thumbs.vtt' });
    expect(nonEmpty(join(outDir, 'thumbs/sprite-001.jpg'))).toBe(true);
    expect(JSON.parse(readFileSync(join(outDir, 'ladder.json'), 'utf8'))).toEqual(ladder);

    expectManifestsPointAtRealFiles(outDir, ladder);
    const playlist = readFileSync(join(outDir, 'video/360p/playlist.m3u8'), 'utf8');
    const extinfSum = [...playlist.matchAll(/#EXTINF:([\d.]+),/g)].reduce((sum, match) => sum + Number(match[1]), 0);
    expect(extinfSum).toBeCloseTo(6, 3);
    expect(readdirSync(join(outDir, 'video/360p')).filter((name) => name.startsWith('.') || name.includes('.tmp-'))).toEqual([]);

    // Segment sizes track the nominal bitrate (maxrate 1.1x, bufsize 1x).
    for (const rung of ladder.rungs) {
      expect(rung.videoAverageBitrateBps / rung.videoBitrateBps).toBeGreaterThan(0.7);
      expect(rung.videoPeakBitrateBps / rung.videoBitrateBps).toBeLessThan(1.3);
    }
    expect(ratios.at(-1)).toBe(1);
  }, 60_000);

  it('publishes without a rung that lost a segment, and says why', async () => {
    const outDir = join(root, 'broken');
    const real = nodeFfmpegRunner(resolveFfmpegTools().ffmpeg.path);
    const runner: FfmpegRunner = async (args, onProgress, signal) => {
      const result = await real(args, onProgress, signal);
      await rm(join(outDir, 'video/360p/seg-00002.m4s'));
      return result;
    };
    const warnings: string[] = [];
    const ladder = await generateLadder({
      synthetic: { durationSec: 6, width: 640, height: 360 },
      outDir,
      thumbnails: false,
      runner,
      onWarning: (message) => warnings.push(message),
    });

    expect(ladder.rungs.map((rung) => rung.id)).toEqual(['240p']);
    expect(ladder.failedRungs).toEqual([{ id: '360p', reason: 'seg-00002.m4s is missing' }]);
    expect(warnings).toEqual(['Rung 360p was left out of the ladder: seg-00002.m4s is missing']);
    expect(existsSync(join(outDir, 'video/360p'))).toBe(false);
    expect(readFileSync(join(outDir, 'master.m3u8'), 'utf8')).not.toContain('360p');
    expect(readFileSync(join(outDir, 'manifest.mpd'), 'utf8')).not.toContain('360p');
    expectManifestsPointAtRealFiles(outDir, ladder);
  }, 60_000);

  it('probes a real file, never upscales, and publishes its subtitle stream as WebVTT', async () => {
    const { ffmpeg } = resolveFfmpegTools();
    const srt = join(root, 'in.srt');
    await writeFile(srt, '1\n00:00:00,500 --> 00:00:02,000\nHello\n\n2\n00:00:02,500 --> 00:00:03,500\nWorld\n');
    const input = join(root, 'in.mp4');
    execFileSync(ffmpeg.path, [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', 'testsrc2=size=480x270:rate=24:duration=4',
      '-f', 'lavfi', '-i', 'sine=frequency=300:duration=4',
      '-i', srt,
      '-map', '0:v', '-map', '1:a', '-map', '2:s',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-c:s', 'mov_text', '-metadata:s:s:0', 'language=eng',
      input,
    ]);

    const outDir = join(root, 'file');
    const ladder = await generateLadder({ input, outDir, thumbnails: false });
    expect(ladder.source).toMatchObject({ name: 'in.mp4', synthetic: false, width: 480, height: 270, frameRate: 24, hasAudio: true });
    expect(ladder.rungs.map((rung) => rung.id)).toEqual(['240p']);
    expect(ladder.captions).toEqual([{ lang: 'en', label: 'English', path: 'text/en.vtt', playlist: 'text/en.m3u8' }]);
    expect(readFileSync(join(outDir, 'text/en.vtt'), 'utf8')).toContain('Hello');
    expect(ladder.thumbnails).toBeNull();
    expect(existsSync(join(outDir, 'thumbs'))).toBe(false);
    expectManifestsPointAtRealFiles(outDir, ladder);
  }, 60_000);

  it('reuses a complete cached synthetic ladder', async () => {
    const cacheRoot = join(root, 'cache');
    const options = { synthetic: { durationSec: 4, width: 320, height: 180 }, thumbnails: false, captions: false };
    const first = await ensureSyntheticLadder(cacheRoot, options);
    expect(first.cached).toBe(false);
    expect(first.ladder.rungs.map((rung) => rung.id)).toEqual(['180p']);
    const second = await ensureSyntheticLadder(cacheRoot, options);
    expect(second).toEqual({ ...first, cached: true });
    expect(readdirSync(cacheRoot)).toEqual([first.dir.slice(cacheRoot.length + 1)]);
  }, 60_000);
});
