import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER } from '../../../../../origin/ladder/defaults.js';
import { LadderError } from '../../../../../origin/ladder/errors.js';
import { planRungs } from '../../../../../origin/ladder/plan/plan.js';
import type { SourceInfo } from '../../../../../origin/ladder/types.js';

const source = (width: number, height: number): SourceInfo => ({ width, height, durationSec: 60, frameRate: 25, hasAudio: true });

describe('planRungs', () => {
  it('plans the whole default ladder for a 1080p source, ascending by bitrate', () => {
    const rungs = planRungs(source(1920, 1080));
    expect(rungs.map((rung) => [rung.id, rung.width, rung.height, rung.videoBitrateBps])).toEqual([
      ['240p', 426, 240, 300_000],
      ['360p', 640, 360, 700_000],
      ['480p', 854, 480, 1_200_000],
      ['720p', 1280, 720, 2_500_000],
      ['1080p', 1920, 1080, 4_500_000],
    ]);
  });

  it('never plans a rung above the source resolution', () => {
    const rungs = planRungs(source(1280, 720));
    expect(rungs.map((rung) => rung.id)).toEqual(['240p', '360p', '480p', '720p']);
    expect(Math.max(...rungs.map((rung) => rung.height))).toBeLessThanOrEqual(720);
  });

  it('keeps the source aspect ratio with even dimensions', () => {
    for (const rung of planRungs(source(1440, 1080))) {
      expect(rung.width % 2).toBe(0);
      expect(rung.height % 2).toBe(0);
      expect(Math.abs(rung.width / rung.height - 4 / 3)).toBeLessThan(0.02);
    }
    for (const rung of planRungs(source(2048, 858))) {
      expect(rung.width % 2).toBe(0);
      expect(Math.abs(rung.width / rung.height - 2048 / 858)).toBeLessThan(0.02);
    }
  });

  it('applies nominal lines to the short side of a portrait source', () => {
    const rungs = planRungs(source(1080, 1920));
    expect(rungs.find((rung) => rung.id === '720p')).toMatchObject({ width: 720, height: 1280 });
    expect(rungs.at(-1)).toMatchObject({ id: '1080p', width: 1080, height: 1920 });
  });

  it('plans a partial ladder for a source between rungs', () => {
    expect(planRungs(source(960, 540)).map((rung) => rung.id)).toEqual(['240p', '360p', '480p']);
  });

  it('publishes one rung at the source size when the source is smaller than the lowest rung', () => {
    const rungs = planRungs(source(320, 180));
    expect(rungs).toHaveLength(1);
    expect(rungs[0]).toMatchObject({ id: '180p', width: 320, height: 180 });
    expect(rungs[0]?.videoBitrateBps).toBeGreaterThan(0);
    expect(rungs[0]?.videoBitrateBps).toBeLessThanOrEqual(300_000);
  });

  it('rounds an odd tiny source down to even dimensions', () => {
    expect(planRungs(source(175, 101))[0]).toMatchObject({ width: 174, height: 100 });
  });

  it('returns unique ids', () => {
    const ids = planRungs(source(3840, 2160)).map((rung) => rung.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('rejects a ladder with a repeated id', () => {
    const ladder = [...DEFAULT_LADDER, { id: '720p', height: 720, videoBitrateBps: 3_000_000 }];
    expect(() => planRungs(source(1920, 1080), { ladder })).toThrow(LadderError);
  });

  it('plans from a custom ladder table', () => {
    const ladder = [
      { id: '540p', height: 540, videoBitrateBps: 1_800_000 },
      { id: '270p', height: 270, videoBitrateBps: 400_000 },
    ];
    expect(planRungs(source(1920, 1080), { ladder }).map((rung) => [rung.id, rung.width, rung.height])).toEqual([
      ['270p', 480, 270],
      ['540p', 960, 540],
    ]);
  });
});
