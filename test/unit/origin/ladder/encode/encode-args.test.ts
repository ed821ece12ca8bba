import { describe, expect, it } from 'vitest';
import { buildEncodeArgs, encodeOutputs, type EncodePlan } from '../../../../../origin/ladder/encode/encode-args.js';
import { resolveSyntheticOptions } from '../../../../../origin/ladder/encode/synthetic.js';

const rungs = [
  { id: '240p', width: 426, height: 240, videoBitrateBps: 300_000 },
  { id: '1080p', width: 1920, height: 1080, videoBitrateBps: 4_500_000 },
];
const plan: EncodePlan = {
  source: { kind: 'synthetic', options: resolveSyntheticOptions({ durationSec: 6 }) },
  outDir: '/out',
  segmentSec: 2,
  frameRate: 25,
  rungs,
  audio: { bitrateBps: 128_000, channels: 2, sampleRateHz: 48_000 },
  thumbnails: { intervalSec: 5, width: 160, height: 90, columns: 10, rows: 10 },
  fontFile: null,
};

/** The values following each occurrence of `flag`. */
const valuesOf = (args: string[], flag: string) => args.flatMap((arg, i) => (arg === flag ? [args[i + 1]] : []));

describe('buildEncodeArgs', () => {
  it('decodes once and splits into one scaled branch per rung plus thumbnails', () => {
    const args = buildEncodeArgs(plan);
    const graph = valuesOf(args, '-filter_complex')[0] ?? '';
    expect(graph).toMatch(/^\[0:v\]split=3\[s0\]\[s1\]\[s2\];/);
    expect(graph).toContain('[s0]scale=426:240');
    expect(graph).toContain('[s1]scale=1920:1080');
    expect(graph).toContain('[s2]fps=1/5:round=up');
  });

  it('constrains each rung to 1.1x maxrate and a 1x bufsize with keyframes on segment boundaries', () => {
    const args = buildEncodeArgs(plan);
    expect(valuesOf(args, '-b:v')).toEqual(['300k', '4500k']);
    expect(valuesOf(args, '-maxrate')).toEqual(['330k', '4950k']);
    expect(valuesOf(args, '-bufsize')).toEqual(['300k', '4500k']);
    expect(valuesOf(args, '-force_key_frames')).toEqual(['expr:gte(t,n_forced*2)', 'expr:gte(t,n_forced*2)']);
    expect(valuesOf(args, '-sc_threshold')).toEqual(['0', '0']);
    expect(valuesOf(args, '-preset')).toEqual(['veryfast', 'veryfast']);
    expect(valuesOf(args, '-profile:v')).toEqual(['high', 'high']);
  });

  it('muxes each output as HLS fMP4 into its own folder with numbering from 1', () => {
    const args = buildEncodeArgs(plan);
    expect(valuesOf(args, '-hls_segment_filename')).toEqual(['/out/video/240p/seg-%05d.m4s', '/out/video/1080p/seg-%05d.m4s', '/out/audio/seg-%05d.m4s']);
    expect(valuesOf(args, '-hls_segment_type')).toEqual(['fmp4', 'fmp4', 'fmp4']);
    expect(valuesOf(args, '-start_number')).toEqual(['1', '1', '1', '1']);
    expect(args.at(-1)).toBe('/out/thumbs/.tiles/tile-%05d.jpg');
  });

  it('encodes audio once as AAC-LC stereo 48 kHz', () => {
    const args = buildEncodeArgs(plan);
    expect(valuesOf(args, '-c:a')).toEqual(['aac']);
    expect(valuesOf(args, '-b:a')).toEqual(['128k']);
    expect(valuesOf(args, '-ac')).toEqual(['2']);
    expect(valuesOf(args, '-ar')).toEqual(['48000']);
  });

  it('builds a single-output command line for a retry, without the other inputs', () => {
    const audioOnly = buildEncodeArgs(plan, ['audio']);
    expect(audioOnly).not.toContain('-filter_complex');
    expect(valuesOf(audioOnly, '-i')).toHaveLength(1);
    expect(valuesOf(audioOnly, '-map')).toEqual(['0:a']);

    const oneRung = buildEncodeArgs(plan, ['1080p']);
    expect(valuesOf(oneRung, '-filter_complex')[0]).toMatch(/^\[0:v\]split=1\[s0\];\[s0\]scale=1920:1080/);
    expect(valuesOf(oneRung, '-c:a')).toEqual([]);
  });

  it('maps the probed streams of a file source', () => {
    const args = buildEncodeArgs({ ...plan, source: { kind: 'file', path: '/in.mkv', videoStreamIndex: 1, audioStreamIndex: 0 } });
    expect(valuesOf(args, '-i')).toEqual(['/in.mkv']);
    expect(valuesOf(args, '-filter_complex')[0]).toMatch(/^\[0:1\]split=3/);
    expect(valuesOf(args, '-map')).toContain('0:0');
  });

  it('burns in a clock and rung labels only when a font is available', () => {
    expect(buildEncodeArgs(plan).join(' ')).not.toContain('drawtext');
    const withFont = buildEncodeArgs({ ...plan, fontFile: '/fonts/mono.ttf' }).join(' ');
    expect(withFont).toContain("drawtext=fontfile='/fonts/mono.ttf':text='%{pts\\:hms}  frame %{n}'");
    expect(withFont).toContain("text='1080p 4500kbps'");
  });
});

describe('encodeOutputs', () => {
  it('lists rungs, then audio, then thumbnails', () => {
    expect(encodeOutputs(plan)).toEqual(['240p', '1080p', 'audio', 'thumbnails']);
  });
});
