import { describe, expect, it } from 'vitest';
import { buildQualities, matchQuality, nearestRendition } from '../../../src/engines/quality.js';

const r = (height: number, bitrateBps: number, codecs = 'avc1.64001f') => ({ width: Math.round((height * 16) / 9), height, bitrateBps, codecs });

describe('buildQualities', () => {
  it('sorts by ascending bitrate and indexes by that order, whatever the engine order', () => {
    const q = buildQualities([r(1080, 5_000_000), r(360, 800_000), r(720, 2_500_000)]);
    expect(q.map((x) => [x.index, x.height, x.bitrateBps])).toEqual([
      [0, 360, 800_000],
      [1, 720, 2_500_000],
      [2, 1080, 5_000_000],
    ]);
  });

  it('labels renditions by height', () => {
    expect(buildQualities([r(720, 2_500_000)])[0]).toMatchObject({ label: '720p', codecs: 'avc1.64001f', width: 1280 });
  });

  it('labels a rendition without height by its bitrate, and one without either by its position', () => {
    const q = buildQualities([
      { width: 0, height: 0, bitrateBps: 800_000, codecs: '' },
      { width: 0, height: 0, bitrateBps: 0, codecs: '' },
    ]);
    expect(q.map((x) => x.label)).toEqual(['#1', '800 kbps']);
  });

  it('merges duplicates (same bitrate and size, e.g. redundant streams)', () => {
    expect(buildQualities([r(720, 2_500_000), r(720, 2_500_000), r(360, 800_000)])).toHaveLength(2);
  });

  it('keeps two renditions of one height at different bitrates, ordered by bitrate', () => {
    const q = buildQualities([r(720, 4_000_000), r(720, 2_500_000)]);
    expect(q.map((x) => x.bitrateBps)).toEqual([2_500_000, 4_000_000]);
  });

  it('turns a NaN or negative bitrate into 0 rather than breaking the sort', () => {
    const q = buildQualities([r(720, Number.NaN), r(360, 800_000)]);
    expect(q.map((x) => x.bitrateBps)).toEqual([0, 800_000]);
  });
});

describe('matchQuality', () => {
  const ladder = buildQualities([r(360, 800_000), r(720, 2_500_000), r(720, 4_000_000), r(1080, 5_000_000)]);

  it('finds the exact rendition', () => {
    expect(matchQuality(ladder, { height: 720, bitrateBps: 4_000_000 })?.index).toBe(2);
  });

  it('prefers the same height over a closer bitrate (shaka reports video-only bandwidth)', () => {
    expect(matchQuality(ladder, { height: 1080, bitrateBps: 4_100_000 })?.index).toBe(3);
  });

  it('picks the nearest bitrate among renditions of the same height', () => {
    expect(matchQuality(ladder, { height: 720, bitrateBps: 2_300_000 })?.index).toBe(1);
  });

  it('falls back to the nearest bitrate when no height matches or none is known', () => {
    expect(matchQuality(ladder, { height: 540, bitrateBps: 900_000 })?.index).toBe(0);
    expect(matchQuality(ladder, { height: 0, bitrateBps: 4_900_000 })?.index).toBe(3);
  });

  it('returns null for an empty ladder', () => {
    expect(matchQuality([], { height: 720, bitrateBps: 1 })).toBeNull();
  });
});

describe('nearestRendition', () => {
  it('returns the position in the engine list, skipping non-video entries', () => {
    const engineOrder = [{ height: 1080, bitrateBps: 5_000_000 }, null, { height: 360, bitrateBps: 800_000 }];
    expect(nearestRendition(engineOrder, { height: 360, bitrateBps: 800_000 })).toBe(2);
    expect(nearestRendition([null], { height: 360, bitrateBps: 800_000 })).toBe(-1);
  });
});
