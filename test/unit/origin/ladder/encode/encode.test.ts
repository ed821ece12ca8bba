import { describe, expect, it } from 'vitest';
import type { EncodePlan } from '../../../../../origin/ladder/encode/encode-args.js';
import { encodeAll, type EncodeProgress, type FfmpegRunner } from '../../../../../origin/ladder/encode/encode.js';
import { LadderError } from '../../../../../origin/ladder/errors.js';
import type { ProgressFact } from '../../../../../origin/ladder/ffmpeg.js';

const plan: EncodePlan = {
  source: { kind: 'file', path: '/media/in.mp4', videoStreamIndex: 0, audioStreamIndex: 1 },
  outDir: '/out',
  segmentSec: 2,
  frameRate: 25,
  rungs: [
    { id: '240p', width: 426, height: 240, videoBitrateBps: 300_000 },
    { id: '720p', width: 1280, height: 720, videoBitrateBps: 2_500_000 },
  ],
  audio: { bitrateBps: 128_000, channels: 2, sampleRateHz: 48_000 },
  thumbnails: null,
  fontFile: null,
};

/** A fake ffmpeg: fails any command line that writes into a folder listed in `failing`. */
function fakeRunner(failing: string[], facts: ProgressFact[] = []): FfmpegRunner & { calls: string[][] } {
  const calls: string[][] = [];
  const run = (async (args, onProgress) => {
    calls.push(args);
    for (const fact of facts) onProgress(fact);
    const broken = failing.find((folder) => args.some((arg) => arg.startsWith(folder)));
    return broken ? { ok: false, error: `cannot write ${broken}` } : { ok: true, error: '' };
  }) as FfmpegRunner & { calls: string[][] };
  run.calls = calls;
  return run;
}

describe('encodeAll', () => {
  it('encodes every output in one ffmpeg run when it succeeds', async () => {
    const run = fakeRunner([]);
    const errors = await encodeAll(plan, { run, totalSec: 10 });
    expect(run.calls).toHaveLength(1);
    expect([...errors]).toEqual([['240p', null], ['720p', null], ['audio', null]]);
  });

  it('re-encodes each output alone after a failed combined run, so only the broken one fails', async () => {
    const warnings: string[] = [];
    const run = fakeRunner(['/out/video/720p']);
    const errors = await encodeAll(plan, { run, totalSec: 10, onWarning: (message) => warnings.push(message) });
    expect(run.calls).toHaveLength(4);
    expect(errors.get('240p')).toBeNull();
    expect(errors.get('720p')).toBe('cannot write /out/video/720p');
    expect(errors.get('audio')).toBeNull();
    expect(warnings[0]).toMatch(/combined encode failed/);
  });

  it('reports progress from encoded frames, not from the furthest output', async () => {
    const seen: EncodeProgress[] = [];
    const run = fakeRunner([], [{ outTimeUs: 9_000_000 }, { frame: 125 }]);
    await encodeAll(plan, { run, totalSec: 10, onProgress: (progress) => seen.push(progress) });
    expect(seen.map((progress) => progress.doneSec)).toEqual([0, 5, 10]);
    expect(seen.at(-1)?.ratio).toBe(1);
  });

  it('joins thumbnail tiles into sprites after the encode', async () => {
    const run = fakeRunner([]);
    const thumbnails = { intervalSec: 5, width: 160, height: 90, columns: 10, rows: 10 };
    const errors = await encodeAll({ ...plan, thumbnails }, { run, totalSec: 10 });
    expect(run.calls).toHaveLength(2);
    expect(run.calls[1]).toContain('tile=10x10');
    expect(run.calls[1]?.at(-1)).toBe('/out/thumbs/sprite-%03d.jpg');
    expect(errors.get('thumbnails')).toBeNull();
  });

  it('marks thumbnails failed when tiling fails', async () => {
    const run: FfmpegRunner = async (args) => (args.includes('tile=10x10') ? { ok: false, error: 'no tiles' } : { ok: true, error: '' });
    const thumbnails = { intervalSec: 5, width: 160, height: 90, columns: 10, rows: 10 };
    const errors = await encodeAll({ ...plan, thumbnails }, { run, totalSec: 10, onWarning: () => {} });
    expect(errors.get('thumbnails')).toBe('tiling failed: no tiles');
    expect(errors.get('720p')).toBeNull();
  });

  it('stops with an aborted error instead of retrying when the signal fired', async () => {
    const controller = new AbortController();
    const run: FfmpegRunner = async () => {
      controller.abort();
      return { ok: false, error: 'killed by SIGTERM' };
    };
    await expect(encodeAll(plan, { run, totalSec: 10, signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    await expect(encodeAll(plan, { run, totalSec: 10, signal: controller.signal })).rejects.toBeInstanceOf(LadderError);
  });
});
