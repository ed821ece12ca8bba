import { describe, expect, it } from 'vitest';
import type { EngineProbe } from '../../../src/vod-abr/engine-probe.js';
import { readMediaState, snapshotOf, type MediaLike } from '../../../src/vod-abr/snapshot.js';

function media(partial: Partial<MediaLike> & { ranges?: Array<[number, number]> }): MediaLike {
  const ranges = partial.ranges ?? [];
  return {
    currentTime: partial.currentTime ?? 0,
    duration: partial.duration ?? Number.NaN,
    playbackRate: partial.playbackRate ?? 1,
    seeking: partial.seeking ?? false,
    buffered: { length: ranges.length, start: (i) => ranges[i]![0], end: (i) => ranges[i]![1] },
  };
}

describe('reading the media element for an ABR snapshot', () => {
  it('measures the buffer ahead in the range holding the playhead, and where it ends', () => {
    const state = readMediaState(media({ currentTime: 10, duration: 120, ranges: [[0, 4], [8, 24], [40, 50]] }));
    expect(state.bufferSec).toBe(14);
    expect(state.bufferEndSec).toBe(24);
    expect(state.mediaRemainingSec).toBe(96);
  });

  it('has no remaining-media figure while the duration is unknown', () => {
    expect(readMediaState(media({ duration: Number.NaN })).mediaRemainingSec).toBeUndefined();
    expect(readMediaState(media({ duration: Number.POSITIVE_INFINITY })).mediaRemainingSec).toBeUndefined();
  });

  it('sees an empty buffer after a seek into unbuffered media, and reports the seek', () => {
    const state = readMediaState(media({ currentTime: 60, duration: 120, seeking: true, ranges: [[0, 30]] }));
    expect(state).toMatchObject({ bufferSec: 0, bufferEndSec: 60, seeking: true });
  });

  it('never reports a zero or negative playback rate (a paused player still drains once it plays)', () => {
    expect(readMediaState(media({ playbackRate: 0 })).playbackRate).toBe(1);
    expect(readMediaState(media({ playbackRate: 1.5 })).playbackRate).toBe(1.5);
  });
});

const RUNGS = [
  { index: 0, bitrateBps: 800_000, height: 360, width: 640 },
  { index: 1, bitrateBps: 2_500_000, height: 720, width: 1280 },
];

/** A probe of plain values; `nextSegment` numbers 2 s segments from where it is asked. */
function fakeProbe(partial: Partial<{ media: MediaLike | null; lastLoadedRung: number | null; bufferGoalSec: number | undefined }> = {}): EngineProbe & { askedAtSec: number[] } {
  const askedAtSec: number[] = [];
  return {
    askedAtSec,
    rungs: () => RUNGS,
    nextSegment: (bufferEndSec) => {
      askedAtSec.push(bufferEndSec);
      return { index: Math.floor(bufferEndSec / 2), durationSec: 2 };
    },
    bufferGoalSec: () => ('bufferGoalSec' in partial ? partial.bufferGoalSec : 30),
    lastLoadedRung: () => partial.lastLoadedRung ?? null,
    media: () => ('media' in partial ? partial.media! : media({ currentTime: 10, duration: 60, ranges: [[0, 18]] })),
  };
}

describe('snapshotOf: one snapshot builder for every engine', () => {
  it('fills every input of the decision from the probe and its media element', () => {
    const probe = fakeProbe({ lastLoadedRung: 1, media: media({ currentTime: 10, duration: 60, playbackRate: 1.5, seeking: true, ranges: [[0, 18]] }) });
    expect(snapshotOf(probe, 1234)).toEqual({
      nowMs: 1234,
      bufferSec: 8,
      rungs: RUNGS,
      nextSegment: { index: 9, durationSec: 2 },
      lastRung: 1,
      playbackRate: 1.5,
      mediaRemainingSec: 42,
      bufferGoalSec: 30,
      seeking: true,
    });
  });

  it('asks the probe for the segment that starts where the buffer ends', () => {
    const probe = fakeProbe();
    snapshotOf(probe, 0);
    expect(probe.askedAtSec).toEqual([18]);
  });

  it('describes the segment in flight instead when one is given (an abandon check)', () => {
    const probe = fakeProbe();
    expect(snapshotOf(probe, 0, { index: 3, durationSec: 4 }).nextSegment).toEqual({ index: 3, durationSec: 4 });
    expect(probe.askedAtSec).toEqual([]);
  });

  it("passes the probe's last loaded rung as lastRung, null before the first segment", () => {
    expect(snapshotOf(fakeProbe({ lastLoadedRung: 0 }), 0).lastRung).toBe(0);
    expect(snapshotOf(fakeProbe({ lastLoadedRung: null }), 0).lastRung).toBeNull();
  });

  it('leaves the buffer goal to the core when the engine has none', () => {
    expect(snapshotOf(fakeProbe({ bufferGoalSec: undefined }), 0).bufferGoalSec).toBeUndefined();
  });

  it('sees an empty buffer at the start, playing at rate 1, before a media element is attached', () => {
    const probe = fakeProbe({ media: null });
    expect(snapshotOf(probe, 0)).toMatchObject({ bufferSec: 0, playbackRate: 1, seeking: false, mediaRemainingSec: undefined });
    expect(probe.askedAtSec).toEqual([0]);
  });
});
