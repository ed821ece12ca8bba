import { describe, expect, it } from 'vitest';
import {
  describeState,
  firstSwitch,
  matcherTimeoutMs,
  playMessage,
  playOutcome,
  playPass,
  playTimeoutMs,
  reachedQuality,
  reachMessage,
  switchMessage,
} from '../../../../origin/playwright/expectations.js';
import type { PlayerState } from '../../../../origin/playwright/player-handle.js';
import type { QualitySnapshot, SwitchRecord } from '../../../../origin/playwright/recording.js';

const q = (label: string, bitrateBps: number, index: number): QualitySnapshot => ({ index, label, height: Number.parseInt(label, 10), width: 0, bitrateBps });
const Q360 = q('360p', 800_000, 0);
const Q720 = q('720p', 2_500_000, 1);
const Q1080 = q('1080p', 5_000_000, 2);

const sw = (from: QualitySnapshot, to: QualitySnapshot, atMs: number): SwitchRecord => ({ from, to, auto: true, reason: 'vod-abr', atMs, positionSec: atMs / 1000 });

function state(overrides: Partial<PlayerState> = {}): PlayerState {
  return {
    atMs: 10_000,
    engine: 'hls.js',
    quality: Q720,
    qualities: [Q360, Q720, Q1080],
    autoQuality: true,
    currentTimeSec: 10,
    paused: false,
    ended: false,
    bufferAheadSec: 8,
    rebufferCount: 0,
    rebufferSec: 0,
    stalled: false,
    switches: [],
    stalls: [],
    errors: [],
    bandwidthEstimateBps: 4_000_000,
    ...overrides,
  };
}

describe('matcherTimeoutMs', () => {
  it('takes an explicit timeout over the expect timeout', () => {
    expect(matcherTimeoutMs(3000, 15_000)).toBe(3000);
    expect(matcherTimeoutMs(undefined, 15_000)).toBe(15_000);
  });

  it('reads 0 as no limit, as Playwright does', () => {
    expect(matcherTimeoutMs(0, 15_000)).toBe(Infinity);
    expect(matcherTimeoutMs(undefined, 0)).toBe(Infinity);
  });
});

describe('playTimeoutMs', () => {
  it('takes an explicit timeout as given', () => {
    expect(playTimeoutMs(5000, 15_000, 30)).toBe(5000);
  });

  it('otherwise leaves room for the seconds of play, or more if the expect timeout is longer', () => {
    expect(playTimeoutMs(undefined, 5000, 30)).toBe(75_000);
    expect(playTimeoutMs(undefined, 120_000, 30)).toBe(120_000);
    expect(playTimeoutMs(undefined, 0, 30)).toBe(Infinity);
  });
});

describe('firstSwitch', () => {
  const s = state({ switches: [sw(Q360, Q720, 1000), sw(Q720, Q360, 2000), sw(Q360, Q1080, 5000)] });

  it('finds the first switch in a direction at or after the mark', () => {
    expect(firstSwitch(s, 'down', 0)?.atMs).toBe(2000);
    expect(firstSwitch(s, 'up', 0)?.atMs).toBe(1000);
    expect(firstSwitch(s, 'up', 1001)?.atMs).toBe(5000);
    expect(firstSwitch(s, 'down', 2001)).toBeUndefined();
  });
});

describe('switchMessage', () => {
  const found = sw(Q720, Q360, 4200);

  it('reads right when a switch was wanted and none came', () => {
    expect(switchMessage({ direction: 'down', isNot: false, found: undefined, markMs: 1000, timeoutMs: 3000, state: state() })).toMatch(
      /^expected a switch down after player\.mark\(\) within 3000 ms, but none came; quality 720p/,
    );
  });

  it('reads right when none was wanted and one came', () => {
    expect(switchMessage({ direction: 'down', isNot: true, found, markMs: 1000, timeoutMs: 3000, state: state() })).toMatch(
      /^expected no switch down after player\.mark\(\) within 3000 ms, but one came: 720p → 360p 3\.2 s after the mark \(auto, vod-abr\); /,
    );
  });

  it('leaves out the window when there is no limit', () => {
    expect(switchMessage({ direction: 'up', isNot: false, found: undefined, markMs: 0, timeoutMs: Infinity, state: state() })).toMatch(
      /^expected a switch up after player\.mark\(\), but none came;/,
    );
  });
});

describe('reachedQuality', () => {
  it('counts the quality playing now, or a visit since the start between two polls', () => {
    expect(reachedQuality(state({ quality: Q1080 }), Q1080, 0)).toBe(true);
    const visited = state({ quality: Q720, switches: [sw(Q720, Q1080, 5000), sw(Q1080, Q720, 5100)] });
    expect(reachedQuality(visited, Q1080, 4000)).toBe(true);
    expect(reachedQuality(visited, Q1080, 6000)).toBe(false);
  });
});

describe('reachMessage', () => {
  it('reads right in both directions', () => {
    expect(reachMessage({ quality: '1080p', isNot: false, reached: false, elapsedMs: 3000, timeoutMs: 3000, state: state() })).toMatch(
      /^expected the player to reach 1080p within 3000 ms, but it did not; quality 720p/,
    );
    expect(reachMessage({ quality: 1080, isNot: true, reached: true, elapsedMs: 1234, timeoutMs: 3000, state: state() })).toMatch(
      /^expected the player not to reach 1080 within 3000 ms, but it did after 1\.2 s;/,
    );
  });
});

describe('playOutcome', () => {
  const first = state({ currentTimeSec: 10, rebufferCount: 1 });

  it('is pending while the window runs', () => {
    expect(playOutcome(first, state({ currentTimeSec: 20, rebufferCount: 1 }), 30)).toEqual({ kind: 'pending' });
  });

  it('is played once the position passes the start plus the seconds', () => {
    expect(playOutcome(first, state({ currentTimeSec: 40, rebufferCount: 1 }), 30)).toEqual({ kind: 'played' });
  });

  it('counts the end of the media as played through', () => {
    expect(playOutcome(first, state({ currentTimeSec: 20, ended: true, rebufferCount: 1 }), 30)).toEqual({ kind: 'ended' });
  });

  it('is stalled on a new stall (not one that was already counted), with its cause and position', () => {
    const stalled = state({
      currentTimeSec: 15,
      rebufferCount: 2,
      stalls: [{ cause: 'frozen', startMs: 9000, positionSec: 14.5, endMs: null, durationMs: null }],
    });
    expect(playOutcome(first, stalled, 30)).toEqual({ kind: 'stalled', newStalls: 1, cause: 'frozen', positionSec: 14.5 });
  });

  it('is fatal on a fatal error, before anything else', () => {
    const failed = state({ currentTimeSec: 50, rebufferCount: 3, errors: [{ code: 'MEDIA_DECODE', fatal: true, message: 'bad frame', atMs: 1 }] });
    expect(playOutcome(first, failed, 30)).toEqual({ kind: 'fatal', code: 'MEDIA_DECODE', message: 'bad frame' });
  });

  it('ignores errors that were recovered from', () => {
    const recovered = state({ currentTimeSec: 12, rebufferCount: 1, errors: [{ code: 'X', fatal: false, message: '', atMs: 1 }] });
    expect(playOutcome(first, recovered, 30)).toEqual({ kind: 'pending' });
  });
});

describe('playPass', () => {
  it('passes a clean play and fails a stall or fatal error in either direction', () => {
    expect(playPass({ kind: 'played' }, false)).toBe(true);
    expect(playPass({ kind: 'ended' }, true)).toBe(true); // so .not fails
    expect(playPass({ kind: 'stalled', newStalls: 1, cause: 'waiting', positionSec: 1 }, false)).toBe(false);
    expect(playPass({ kind: 'fatal', code: 'X', message: '' }, true)).toBe(false); // so .not passes
  });

  it('fails a window that ran out with neither, in both directions', () => {
    expect(playPass({ kind: 'pending' }, false)).toBe(false); // the matcher fails
    expect(playPass({ kind: 'pending' }, true)).toBe(true); // .not fails too
  });
});

describe('playMessage', () => {
  const first = state({ currentTimeSec: 10 });

  it('names the stall when the positive form fails', () => {
    const outcome = { kind: 'stalled', newStalls: 1, cause: 'waiting', positionSec: 17.3 } as const;
    expect(playMessage({ seconds: 30, isNot: false, outcome, first, state: state(), timeoutMs: 75_000 })).toMatch(
      /^expected 30 s of play without rebuffering, but it rebuffered \(1 new stall, waiting at 17\.3 s\);/,
    );
  });

  it('says how far playback got when the time ran out', () => {
    expect(playMessage({ seconds: 30, isNot: false, outcome: { kind: 'pending' }, first, state: state({ currentTimeSec: 22 }), timeoutMs: 75_000 })).toMatch(
      /^expected 30 s of play without rebuffering, but playback only reached 22\.0 s of 40\.0 s in 75000 ms;/,
    );
  });

  it('reads right when the negated form fails on a clean play or on no progress', () => {
    expect(playMessage({ seconds: 30, isNot: true, outcome: { kind: 'played' }, first, state: state(), timeoutMs: 75_000 })).toMatch(
      /^expected a stall or a fatal error within 30 s of play, but it played 30 s without one;/,
    );
    expect(playMessage({ seconds: 30, isNot: true, outcome: { kind: 'pending' }, first, state: state(), timeoutMs: 5000 })).toMatch(
      /^expected a stall or a fatal error within 30 s of play, but neither came and playback only reached 10\.0 s of 40\.0 s in 5000 ms, which shows neither;/,
    );
  });
});

describe('describeState', () => {
  it('sums up quality, buffer, position, rebuffers and switches', () => {
    expect(describeState(state({ switches: [sw(Q360, Q720, 1)], rebufferCount: 1, rebufferSec: 0.5 }))).toBe(
      'quality 720p, buffer 8.0 s, t=10.0 s, 1 rebuffers (0.50 s), switches: 360p→720p',
    );
  });
});
