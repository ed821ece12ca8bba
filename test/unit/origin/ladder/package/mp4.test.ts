import { describe, expect, it } from 'vitest';
import { parseInitSegment, parseMediaSegment } from '../../../../../origin/ladder/package/mp4.js';
import { audioInit, box, mediaSegment, videoInit } from '../fixtures/mp4-boxes.js';

describe('parseInitSegment', () => {
  it('reads the avc1 codecs string, timescale and size from a video init segment', () => {
    const info = parseInitSegment(videoInit({ timescale: 12800, width: 1280, height: 720, profile: 0x64, compat: 0x00, level: 0x1f, trexDuration: 512 }));
    expect(info).toMatchObject({ handlerType: 'vide', timescale: 12800, codecs: 'avc1.64001f', width: 1280, height: 720, defaultSampleDurationTicks: 512 });
  });

  it('reads mp4a.40.2, channels and sample rate from an AAC-LC init segment', () => {
    const info = parseInitSegment(audioInit({ sampleRateHz: 48000, channels: 2 }));
    expect(info).toMatchObject({ handlerType: 'soun', timescale: 48000, codecs: 'mp4a.40.2', channels: 2, sampleRateHz: 48000 });
  });

  it('throws on a file without a moov box', () => {
    expect(() => parseInitSegment(box('ftyp', new Uint8Array(8)))).toThrow(/moov/);
  });

  it('throws on a truncated box instead of reading past the end', () => {
    const init = videoInit({ timescale: 12800, width: 64, height: 64, profile: 0x64, compat: 0, level: 0x0d });
    expect(() => parseInitSegment(init.subarray(0, init.byteLength - 10))).toThrow(/runs past the end/);
  });
});

describe('parseMediaSegment', () => {
  it('sums default sample durations from tfhd and takes the start from tfdt', () => {
    const timing = parseMediaSegment(mediaSegment({ baseDecodeTime: 25600, sampleCount: 50, defaultDuration: 512 }), { defaultSampleDurationTicks: 0 });
    expect(timing).toEqual({ startTicks: 25600, durationTicks: 25600, sampleCount: 50 });
  });

  it('sums per-sample durations from trun when present', () => {
    const timing = parseMediaSegment(
      mediaSegment({ baseDecodeTime: 0, sampleCount: 3, defaultDuration: 999, sampleDurations: [1024, 1024, 512] }),
      { defaultSampleDurationTicks: 0 },
    );
    expect(timing.durationTicks).toBe(2560);
  });

  it('falls back to the trex default duration', () => {
    const timing = parseMediaSegment(mediaSegment({ baseDecodeTime: 0, sampleCount: 94 }), { defaultSampleDurationTicks: 1024 });
    expect(timing.durationTicks).toBe(94 * 1024);
  });

  it('reads a 64-bit tfdt', () => {
    const timing = parseMediaSegment(mediaSegment({ baseDecodeTime: 2 ** 33, sampleCount: 1, defaultDuration: 1, tfdtVersion: 1 }), { defaultSampleDurationTicks: 0 });
    expect(timing.startTicks).toBe(2 ** 33);
  });

  it('rejects a segment with an empty mdat', () => {
    expect(() => parseMediaSegment(mediaSegment({ baseDecodeTime: 0, sampleCount: 1, defaultDuration: 1, mdatBytes: 0 }), { defaultSampleDurationTicks: 0 })).toThrow(/media data/);
  });
});
