import { describe, expect, it } from 'vitest';
import { shakaProbe, type ShakaProbeSource } from '../../../../src/engines/shaka/probe.js';

const MEDIA = { currentTime: 0, duration: 60, playbackRate: 1, seeking: false, buffered: { length: 0, start: () => 0, end: () => 0 } };

function source(partial: Partial<ShakaProbeSource> = {}): ShakaProbeSource {
  return {
    variants: [
      { id: 11, bandwidth: 428_000, video: { id: 1, type: 'video', height: 240, width: 426 } },
      { id: 12, bandwidth: 828_000, video: { id: 2, type: 'video', height: null, width: null } },
      { id: 13, bandwidth: 2_628_000, video: null },
    ],
    segmentSec: 2,
    lastLoadedStreamId: null,
    media: MEDIA,
    bufferGoalSec: 30,
    ...partial,
  };
}

describe('the shaka probe', () => {
  it("takes the variants as rungs at their full bandwidth, sizes unknown as 0", () => {
    expect(shakaProbe(source()).rungs()).toEqual([
      { index: 0, bitrateBps: 428_000, height: 240, width: 426 },
      { index: 1, bitrateBps: 828_000, height: 0, width: 0 },
      { index: 2, bitrateBps: 2_628_000, height: 0, width: 0 },
    ]);
  });

  it('numbers the next segment from the buffered end at the last segment duration', () => {
    expect(shakaProbe(source()).nextSegment(9)).toEqual({ index: 5, durationSec: 2 });
    expect(shakaProbe(source({ segmentSec: 4 })).nextSegment(0)).toEqual({ index: 1, durationSec: 4 });
  });

  it('finds the rung of the video stream last loaded, null when none or not among the variants', () => {
    expect(shakaProbe(source({ lastLoadedStreamId: 2 })).lastLoadedRung()).toBe(1);
    expect(shakaProbe(source()).lastLoadedRung()).toBeNull();
    expect(shakaProbe(source({ lastLoadedStreamId: 9 })).lastLoadedRung()).toBeNull();
  });

  it("gives shaka's buffering goal and the media element, null before one is set", () => {
    expect(shakaProbe(source({ bufferGoalSec: 45 })).bufferGoalSec()).toBe(45);
    expect(shakaProbe(source()).media()).toBe(MEDIA);
    expect(shakaProbe(source({ media: null })).media()).toBeNull();
  });
});
