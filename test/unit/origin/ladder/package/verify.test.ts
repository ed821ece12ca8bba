import { describe, expect, it } from 'vitest';
import { expectedSegmentCount, verifyRungs, verifyTrack } from '../../../../../origin/ladder/package/verify.js';
import { VIDEO_INIT, listing, video720 } from '../fixtures/listings.js';

const expect6s = { durationSec: 6, segmentSec: 2 };

describe('expectedSegmentCount', () => {
  it('expects exactly duration / segment for a whole number of segments, allowing a short tail', () => {
    expect(expectedSegmentCount({ durationSec: 120, segmentSec: 2 })).toEqual({ min: 60, max: 61 });
  });

  it('counts a partial last segment', () => {
    expect(expectedSegmentCount({ durationSec: 7, segmentSec: 2 })).toEqual({ min: 4, max: 4 });
  });
});

describe('verifyTrack', () => {
  it('accepts a complete track and keeps its timing', () => {
    const verdict = verifyTrack(video720(), expect6s);
    expect(verdict.ok).toBe(true);
    if (verdict.ok) expect(verdict.track.segments.map((s) => s.startTicks)).toEqual([0, 25600, 51200]);
  });

  it('rejects a track whose ffmpeg output failed', () => {
    expect(verifyTrack({ ...video720(), encodeError: 'Invalid argument' }, expect6s)).toEqual({ ok: false, reason: 'ffmpeg failed: Invalid argument' });
  });

  it('rejects a missing or empty init segment', () => {
    expect(verifyTrack({ ...video720(), init: null }, expect6s)).toEqual({ ok: false, reason: 'init.mp4 is missing' });
    expect(verifyTrack({ ...video720(), init: { bytes: 0 } }, expect6s)).toEqual({ ok: false, reason: 'init.mp4 is empty' });
  });

  it('rejects a gap in the segment numbers', () => {
    const broken = video720();
    broken.segments.splice(1, 1);
    expect(verifyTrack(broken, expect6s)).toEqual({ ok: false, reason: 'seg-00002.m4s is missing' });
  });

  it('rejects an empty segment', () => {
    const broken = video720();
    (broken.segments[2] as { bytes: number }).bytes = 0;
    expect(verifyTrack(broken, expect6s)).toEqual({ ok: false, reason: 'seg-00003.m4s is empty' });
  });

  it('rejects a track with too few segments for the duration', () => {
    const short = listing('720p', 'video/720p', VIDEO_INIT, [25600, 25600], [1, 1]);
    expect(verifyTrack(short, expect6s)).toEqual({ ok: false, reason: 'expected 3-4 segments for 6.000 s, found 2' });
  });

  it('rejects an unreadable segment', () => {
    const broken = video720();
    (broken.segments[0] as { error?: string }).error = 'no "moof" box';
    expect(verifyTrack(broken, expect6s)).toEqual({ ok: false, reason: 'seg-00001.m4s is unreadable: no "moof" box' });
  });
});

describe('verifyRungs', () => {
  it('splits rungs into publishable and failed, with reasons', () => {
    const good = video720();
    const bad = { ...listing('1080p', 'video/1080p', VIDEO_INIT, [25600], [1]), encodeError: 'killed' };
    const result = verifyRungs([good, bad], expect6s);
    expect(result.ok.map((track) => track.id)).toEqual(['720p']);
    expect(result.failed).toEqual([{ id: '1080p', reason: 'ffmpeg failed: killed' }]);
  });
});
