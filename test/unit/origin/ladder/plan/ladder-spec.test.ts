import { describe, expect, it } from 'vitest';
import { parseLadderSpec } from '../../../../../origin/ladder/plan/ladder-spec.js';

describe('parseLadderSpec', () => {
  it('picks named rungs from the default ladder', () => {
    expect(parseLadderSpec('1080p, 720p')).toEqual([
      { id: '1080p', height: 1080, videoBitrateBps: 4_500_000 },
      { id: '720p', height: 720, videoBitrateBps: 2_500_000 },
    ]);
  });

  it('reads custom rungs with k, m or plain bits/s', () => {
    expect(parseLadderSpec('540p@1800k,1440p@9.5m,144p@150000').map((rung) => rung.videoBitrateBps)).toEqual([1_800_000, 9_500_000, 150_000]);
  });

  it('rejects an unknown rung without a bitrate', () => {
    expect(() => parseLadderSpec('540p')).toThrow(/Unknown rung "540p"/);
  });

  it('rejects a repeated rung and an unreadable item', () => {
    expect(() => parseLadderSpec('720p,720p')).toThrow(/twice/);
    expect(() => parseLadderSpec('hd')).toThrow(/Cannot read/);
    expect(() => parseLadderSpec(' , ')).toThrow(/empty/);
  });
});
