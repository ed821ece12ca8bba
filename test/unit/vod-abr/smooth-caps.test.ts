import { describe, expect, it } from 'vitest';
import type { RungInfo } from '../../../abr/index.js';
import { SmoothCaps, type DecodingInfoSource } from '../../../src/vod-abr/smooth-caps.js';

const RUNGS: RungInfo[] = [
  { index: 0, bitrateBps: 428_000, height: 240, width: 426, codecs: 'avc1.64000d' },
  { index: 1, bitrateBps: 828_000, height: 360, width: 640, codecs: 'avc1.64001e' },
  { index: 2, bitrateBps: 1_328_000, height: 480, width: 854, codecs: 'avc1.64001f' },
  { index: 3, bitrateBps: 2_628_000, height: 720, width: 1280, codecs: 'avc1.64001f' },
];

/** A video element whose counters the test moves: `show(frames, dropped)` at the height on screen. */
function fakeVideo(heightPx: number) {
  const counters = { totalVideoFrames: 0, droppedVideoFrames: 0 };
  return {
    currentTime: 0,
    videoHeight: heightPx,
    getVideoPlaybackQuality: () => ({ ...counters }),
    show(frames: number, dropped: number) {
      counters.totalVideoFrames += frames;
      counters.droppedVideoFrames += dropped;
    },
  };
}

describe('SmoothCaps', () => {
  it('caps below a rung that drops more than 15% of its frames, once it has shown enough of them', () => {
    const caps = new SmoothCaps({ mediaCapabilities: null, minFrames: 300 });
    const video = fakeVideo(720);
    caps.observe(RUNGS, video, 0);
    video.show(200, 60);
    caps.observe(RUNGS, video, 8_000);
    expect(caps.caps()).toEqual({}); // 200 frames: too few to judge
    video.show(200, 60);
    caps.observe(RUNGS, video, 16_000);
    expect(caps.caps()).toEqual({ maxSmoothRung: 2, smoothReason: '30% frames dropped at 720p' });
  });

  it('leaves a rung that drops few frames alone, and lifts a cap after its cool-down', () => {
    const caps = new SmoothCaps({ mediaCapabilities: null, minFrames: 100, coolDownMs: 60_000 });
    const smooth = fakeVideo(480);
    caps.observe(RUNGS, smooth, 0);
    smooth.show(500, 10);
    caps.observe(RUNGS, smooth, 20_000);
    expect(caps.caps()).toEqual({});
    const choppy = fakeVideo(720);
    caps.observe(RUNGS, choppy, 21_000);
    choppy.show(300, 100);
    caps.observe(RUNGS, choppy, 31_000);
    expect(caps.caps().maxSmoothRung).toBe(2);
    caps.observe(RUNGS, choppy, 91_000);
    expect(caps.caps()).toEqual({});
  });

  it('asks MediaCapabilities once per ladder and caps at the highest smooth rung', async () => {
    const asked: string[] = [];
    const source: DecodingInfoSource = {
      decodingInfo: async (config) => {
        asked.push(`${config.video?.height}`);
        return { supported: true, smooth: (config.video?.height ?? 0) <= 480 };
      },
    };
    const caps = new SmoothCaps({ mediaCapabilities: source });
    caps.observe(RUNGS, null, 0);
    caps.observe(RUNGS, null, 1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(asked).toEqual(['240', '360', '480', '720']);
    expect(caps.caps()).toEqual({ maxSmoothRung: 2, smoothReason: 'MediaCapabilities: not smooth above' });
  });

  it('never caps on what MediaCapabilities cannot tell (rejects, or calls nothing smooth)', async () => {
    const failing = new SmoothCaps({ mediaCapabilities: { decodingInfo: () => Promise.reject(new TypeError('unsupported')) } });
    failing.observe(RUNGS, null, 0);
    const nothingSmooth = new SmoothCaps({ mediaCapabilities: { decodingInfo: async () => ({ supported: true, smooth: false }) } });
    nothingSmooth.observe(RUNGS, null, 0);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(failing.caps()).toEqual({});
    expect(nothingSmooth.caps()).toEqual({});
  });

  it('survives a media element without frame counters or one that throws', () => {
    const caps = new SmoothCaps({ mediaCapabilities: null });
    expect(() => caps.observe(RUNGS, { currentTime: 0 }, 0)).not.toThrow();
    const throwing = { currentTime: 0, videoHeight: 720, getVideoPlaybackQuality: () => { throw new Error('detached'); } };
    expect(() => caps.observe(RUNGS, throwing, 0)).not.toThrow();
    expect(caps.caps()).toEqual({});
  });
});
