import { describe, expect, it } from 'vitest';
import { readMediaState, type MediaLike } from '../../../src/vod-abr/media-snapshot.js';

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
