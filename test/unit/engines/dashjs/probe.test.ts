import { describe, expect, it } from 'vitest';
import { dashProbe, requestedSegment, videoRepresentations, type RepresentationLike } from '../../../../src/engines/dashjs/probe.js';

/** Representations as dash.js lists them: in manifest order, not by bandwidth. */
const REPS: RepresentationLike[] = [
  { id: 'v720', bandwidth: 2_500_000, width: 1280, height: 720, segmentDuration: 2 },
  { id: 'v360', bandwidth: 800_000, width: 640, height: 360, segmentDuration: 2 },
  { id: 'v1080', bandwidth: 4_500_000, width: 1920, height: 1080, segmentDuration: 2 },
];

const MEDIA = { currentTime: 0, duration: 60, playbackRate: 1, seeking: false, buffered: { length: 0, start: () => 0, end: () => 0 } };

function rulesContext(reps: readonly RepresentationLike[] | null) {
  return {
    getMediaInfo: () => ({ type: 'video' }),
    getAbrController: () => ({ getPossibleVoRepresentationsFilteredBySettings: () => reps }),
  };
}

function player(buffer: unknown) {
  return { getSettings: () => ({ streaming: { buffer } }) };
}

describe('the dash.js probe', () => {
  it('orders the representations dash.js may choose by bandwidth: a rung indexes them', () => {
    const reps = videoRepresentations(rulesContext(REPS));
    expect(reps.map((r) => r.id)).toEqual(['v360', 'v720', 'v1080']);
    expect(videoRepresentations(rulesContext(null))).toEqual([]);
    const probe = dashProbe({ representations: reps, current: null, media: MEDIA, player: player({}), lastLoadedId: null });
    expect(probe.rungs()).toEqual([
      { index: 0, bitrateBps: 800_000, height: 360, width: 640 },
      { index: 1, bitrateBps: 2_500_000, height: 720, width: 1280 },
      { index: 2, bitrateBps: 4_500_000, height: 1080, width: 1920 },
    ]);
  });

  it("numbers the next segment from the current representation's duration, 4 s when it has none", () => {
    const reps = videoRepresentations(rulesContext(REPS));
    const probe = dashProbe({ representations: reps, current: reps[1]!, media: MEDIA, player: player({}), lastLoadedId: null });
    expect(probe.nextSegment(9)).toEqual({ index: 5, durationSec: 2 });
    const bare = dashProbe({ representations: reps, current: null, media: MEDIA, player: player({}), lastLoadedId: null });
    expect(bare.nextSegment(9)).toEqual({ index: 3, durationSec: 4 });
  });

  it("gives bufferTimeDefault as the buffer goal, and the media element it was given", () => {
    const probe = dashProbe({ representations: REPS, current: null, media: MEDIA, player: player({ bufferTimeDefault: 12 }), lastLoadedId: null });
    expect(probe.bufferGoalSec()).toBe(12);
    expect(probe.media()).toBe(MEDIA);
    expect(dashProbe({ representations: REPS, current: null, media: MEDIA, player: player(undefined), lastLoadedId: null }).bufferGoalSec()).toBeUndefined();
  });

  it('finds the rung of the representation last loaded, null when none or gone', () => {
    const reps = videoRepresentations(rulesContext(REPS));
    const probe = (lastLoadedId: string | null) => dashProbe({ representations: reps, current: null, media: MEDIA, player: player({}), lastLoadedId });
    expect(probe('v1080').lastLoadedRung()).toBe(2);
    expect(probe(null).lastLoadedRung()).toBeNull();
    expect(probe('v2160').lastLoadedRung()).toBeNull();
  });

  it('names a video media request by its representation and media time; init and audio requests by nothing', () => {
    const representation = { id: 'v720' };
    expect(requestedSegment({ mediaType: 'video', type: 'MediaSegment', startTime: 8, duration: 2, representation })).toEqual({
      rendition: 'v720',
      startSec: 8,
      endSec: 10,
    });
    expect(requestedSegment({ mediaType: 'video', type: 'InitializationSegment', startTime: 0, representation })).toBeNull();
    expect(requestedSegment({ mediaType: 'audio', type: 'MediaSegment', startTime: 8, duration: 2, representation })).toBeNull();
    expect(requestedSegment(undefined)).toBeNull();
  });
});
