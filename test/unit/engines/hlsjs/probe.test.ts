import { describe, expect, it } from 'vitest';
import { effectiveBufferGoalSec, hlsProbe, type HlsLike } from '../../../../src/engines/hlsjs/probe.js';

/** Levels as hls.js sorts them (ascending bitrate); only level 1's playlist is loaded. */
function fakeHls(partial: Partial<HlsLike> = {}): HlsLike {
  const fragments = [0, 1, 2, 3].map((sn) => ({ sn, start: sn * 2, duration: 2 }));
  return {
    levels: [
      { bitrate: 800_000, height: 360, width: 640 },
      { bitrate: 2_500_000, height: 720, width: 1280, details: { fragments, targetduration: 2 } },
    ],
    loadLevel: 1,
    media: null,
    config: { maxBufferLength: 30 },
    ...partial,
  };
}

describe('the hls.js probe', () => {
  it("takes hls.js's levels as the rungs, in its order", () => {
    expect(hlsProbe(fakeHls(), () => null).rungs()).toEqual([
      { index: 0, bitrateBps: 800_000, height: 360, width: 640 },
      { index: 1, bitrateBps: 2_500_000, height: 720, width: 1280 },
    ]);
  });

  it('finds the next fragment in the loaded playlist: the one holding the buffered end', () => {
    const probe = hlsProbe(fakeHls(), () => null);
    expect(probe.nextSegment(0)).toEqual({ index: 0, durationSec: 2 });
    expect(probe.nextSegment(4)).toEqual({ index: 2, durationSec: 2 });
    expect(probe.nextSegment(99)).toEqual({ index: 3, durationSec: 2 });
  });

  it("reads another level's playlist while the one to load has none, and assumes 4 s before any", () => {
    expect(hlsProbe(fakeHls({ loadLevel: 0 }), () => null).nextSegment(5)).toEqual({ index: 2, durationSec: 2 });
    const bare = fakeHls({ levels: [{ bitrate: 800_000, height: 360, width: 640 }] });
    expect(hlsProbe(bare, () => null).nextSegment(5)).toEqual({ index: 0, durationSec: 4 });
  });

  it('gives maxBufferLength as the buffer goal, the media element, and the level last loaded', () => {
    const media = { currentTime: 0, duration: 10, playbackRate: 1, seeking: false, buffered: { length: 0, start: () => 0, end: () => 0 } };
    let last: number | null = null;
    const probe = hlsProbe(fakeHls({ media, config: { maxBufferLength: 45 } }), () => last);
    expect(probe.bufferGoalSec()).toBe(45);
    expect(probe.media()).toBe(media);
    expect(probe.lastLoadedRung()).toBeNull();
    last = 1;
    expect(probe.lastLoadedRung()).toBe(1);
  });

  it('plans with the buffer hls.js really builds: maxBufferSize stretches maxBufferLength at low bitrates, up to maxMaxBufferLength', () => {
    const levels = fakeHls().levels;
    const at = (loadLevel: number, config: HlsLike['config']) => effectiveBufferGoalSec(fakeHls({ loadLevel, config }));
    const defaults = { maxBufferLength: 30, maxBufferSize: 60_000_000, maxMaxBufferLength: 600 };
    const lowest = levels[0]!.bitrate;
    expect(at(0, defaults)).toBeCloseTo(Math.min(600, (8 * 60_000_000) / lowest), 6);
    expect(at(0, { ...defaults, maxMaxBufferLength: 90 })).toBe(90);
    expect(at(0, { ...defaults, maxBufferSize: 1_000 })).toBe(30);
    expect(at(0, { maxBufferLength: 30 })).toBe(30);
  });
});
