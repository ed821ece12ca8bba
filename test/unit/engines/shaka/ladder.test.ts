import { describe, expect, it } from 'vitest';
import { shakaLadder, type ShakaVariantLike } from '../../../../src/engines/shaka/ladder.js';

let nextId = 1;
function variant(v: Partial<ShakaVariantLike> & Pick<ShakaVariantLike, 'videoId' | 'height'>): ShakaVariantLike {
  return {
    id: nextId++,
    active: false,
    bandwidth: 0,
    videoBandwidth: null,
    audioId: 100,
    videoCodec: 'avc1.4d401f',
    width: v.height === null ? null : Math.round((v.height * 16) / 9),
    ...v,
  };
}

describe('shakaLadder', () => {
  it('uses the variant BANDWIDTH for HLS, as hls.js does', () => {
    // shaka's videoBandwidth for HLS is BANDWIDTH minus the audio rendition's.
    const rungs = shakaLadder(
      [
        variant({ videoId: 5, height: 720, bandwidth: 2_855_600, videoBandwidth: 2_750_000 }),
        variant({ videoId: 9, height: 360, bandwidth: 765_600, videoBandwidth: 660_000, active: true }),
      ],
      'HLS',
    );
    expect(rungs.map((r) => [r.quality.index, r.quality.label, r.quality.bitrateBps, r.videoBandwidthBps])).toEqual([
      [0, '360p', 765_600, 660_000],
      [1, '720p', 2_855_600, 2_750_000],
    ]);
  });

  it('uses the video Representation @bandwidth for DASH, as dash.js does', () => {
    const rungs = shakaLadder(
      [
        variant({ videoId: 1, height: 720, bandwidth: 2_596_000, videoBandwidth: 2_500_000 }),
        variant({ videoId: 2, height: 360, bandwidth: 696_000, videoBandwidth: 600_000 }),
      ],
      'DASH',
    );
    expect(rungs.map((r) => r.quality.bitrateBps)).toEqual([600_000, 2_500_000]);
  });

  it('keeps one rung per video stream, carried by the variant with the active audio', () => {
    const english = variant({ videoId: 1, height: 720, bandwidth: 2_600_000, videoBandwidth: 2_500_000, audioId: 10 });
    const french = variant({ videoId: 1, height: 720, bandwidth: 2_600_000, videoBandwidth: 2_500_000, audioId: 11 });
    const active = variant({ videoId: 2, height: 360, bandwidth: 700_000, videoBandwidth: 600_000, audioId: 11, active: true });
    const rungs = shakaLadder([english, french, active], 'DASH');
    expect(rungs).toHaveLength(2);
    expect(rungs[1]!.variant).toBe(french);
  });

  it('leaves audio-only variants out', () => {
    const rungs = shakaLadder([variant({ videoId: null, height: null, bandwidth: 96_000, videoCodec: null })], 'HLS');
    expect(rungs).toEqual([]);
  });
});
