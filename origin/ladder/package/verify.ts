import type { InitSegmentInfo } from './mp4.js';

/** One media segment as found on disk. */
export interface SegmentListing {
  /** Number from the file name: `seg-00007.m4s` → 7. */
  number: number;
  name: string;
  bytes: number;
  startTicks?: number;
  durationTicks?: number;
  /** Why the segment could not be read, if it could not. */
  error?: string;
}

/** What the encoder left for one track (a video rung or the audio). */
export interface TrackListing {
  /** Rung id, or `audio`. */
  id: string;
  /** Folder relative to the ladder root: `video/720p`, `audio`. */
  path: string;
  /** ffmpeg's error for this output, or null when it exited cleanly. */
  encodeError: string | null;
  init: { bytes: number; info?: InitSegmentInfo; error?: string } | null;
  segments: SegmentListing[];
}

/** A verified segment: present, non-empty, readable. */
export interface TimedSegment {
  number: number;
  bytes: number;
  startTicks: number;
  durationTicks: number;
}

/** A track that may be published. */
export interface VerifiedTrack {
  id: string;
  path: string;
  init: InitSegmentInfo;
  timescale: number;
  segments: TimedSegment[];
}

export interface VerifyExpectation {
  /** Source duration, seconds. */
  durationSec: number;
  /** Target segment duration, seconds. */
  segmentSec: number;
}

export interface VerifyResult {
  ok: VerifiedTrack[];
  failed: Array<{ id: string; reason: string }>;
}

/**
 * The segment counts a track of `durationSec` may have. A tail shorter than a quarter second
 * (audio frames overhanging the video, or a frame-rate remainder) may or may not get its own
 * segment, hence a range.
 */
export function expectedSegmentCount({ durationSec, segmentSec }: VerifyExpectation): { min: number; max: number } {
  const toleranceSec = Math.min(0.25, segmentSec / 4);
  const count = (sec: number) => Math.max(1, Math.ceil(sec / segmentSec - 1e-9));
  return { min: count(durationSec - toleranceSec), max: count(durationSec + toleranceSec) };
}

/** Checks one track; returns it ready to publish, or the reason it must not be. Pure. */
export function verifyTrack(
  listing: TrackListing,
  expect: VerifyExpectation,
): { ok: true; track: VerifiedTrack } | { ok: false; reason: string } {
  const fail = (reason: string) => ({ ok: false as const, reason });
  if (listing.encodeError !== null) return fail(`ffmpeg failed: ${listing.encodeError}`);
  if (!listing.init) return fail('init.mp4 is missing');
  if (listing.init.bytes === 0) return fail('init.mp4 is empty');
  if (listing.init.error !== undefined || !listing.init.info) {
    return fail(`init.mp4 is unreadable: ${listing.init.error ?? 'unknown error'}`);
  }
  if (listing.segments.length === 0) return fail('no media segments');

  const segments: TimedSegment[] = [];
  for (const [index, segment] of listing.segments.entries()) {
    const wanted = index + 1;
    if (segment.number !== wanted) return fail(`seg-${String(wanted).padStart(5, '0')}.m4s is missing`);
    if (segment.bytes === 0) return fail(`${segment.name} is empty`);
    if (segment.error !== undefined) return fail(`${segment.name} is unreadable: ${segment.error}`);
    if (segment.startTicks === undefined || segment.durationTicks === undefined) return fail(`${segment.name} has no timing`);
    segments.push({ number: segment.number, bytes: segment.bytes, startTicks: segment.startTicks, durationTicks: segment.durationTicks });
  }

  const { min, max } = expectedSegmentCount(expect);
  if (segments.length < min || segments.length > max) {
    const wanted = min === max ? `${min}` : `${min}-${max}`;
    return fail(`expected ${wanted} segments for ${expect.durationSec.toFixed(3)} s, found ${segments.length}`);
  }

  const info = listing.init.info;
  return { ok: true, track: { id: listing.id, path: listing.path, init: info, timescale: info.timescale, segments } };
}

/** Splits tracks into those that may be published and those that failed, with reasons. Pure. */
export function verifyRungs(listings: readonly TrackListing[], expect: VerifyExpectation): VerifyResult {
  const result: VerifyResult = { ok: [], failed: [] };
  for (const listing of listings) {
    const verdict = verifyTrack(listing, expect);
    if (verdict.ok) result.ok.push(verdict.track);
    else result.failed.push({ id: listing.id, reason: verdict.reason });
  }
  return result;
}
