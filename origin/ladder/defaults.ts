/** A rung of a ladder table: the nominal line count (short side) and the target video bitrate. */
export interface RungSpec {
  /** Rung id, e.g. `720p`. */
  id: string;
  /** Nominal lines: the height of a landscape rung (the short side of any rung). */
  height: number;
  /** Target (average) video bitrate, bits per second. */
  videoBitrateBps: number;
}

/** Default ladder, ascending. The low rung matters: ABR traces go down to ~270 kbps. */
export const DEFAULT_LADDER: readonly RungSpec[] = Object.freeze([
  Object.freeze({ id: '240p', height: 240, videoBitrateBps: 300_000 }),
  Object.freeze({ id: '360p', height: 360, videoBitrateBps: 700_000 }),
  Object.freeze({ id: '480p', height: 480, videoBitrateBps: 1_200_000 }),
  Object.freeze({ id: '720p', height: 720, videoBitrateBps: 2_500_000 }),
  Object.freeze({ id: '1080p', height: 1080, videoBitrateBps: 4_500_000 }),
]);

/** Audio: AAC-LC 128 kbps stereo 48 kHz, encoded once. */
export const DEFAULT_AUDIO = Object.freeze({
  codecs: 'mp4a.40.2',
  bitrateBps: 128_000,
  channels: 2,
  sampleRateHz: 48_000,
});

/** Target segment duration, seconds (keyframes are forced on these boundaries). */
export const DEFAULT_SEGMENT_SEC = 2;

/** The synthetic source: a 120 s 1080p25 test pattern with noise and a tone. */
export const DEFAULT_SYNTHETIC = Object.freeze({
  durationSec: 120,
  width: 1920,
  height: 1080,
  frameRate: 25,
});

/** Thumbnail sprites: one 160-pixel-wide tile every 5 s, 10 × 10 tiles per sprite. */
export const DEFAULT_THUMBNAILS = Object.freeze({
  intervalSec: 5,
  width: 160,
  columns: 10,
  rows: 10,
});

/** libx264 settings shared by every rung. */
export const DEFAULT_ENCODER = Object.freeze({
  preset: 'veryfast',
  profile: 'high',
  /** `-maxrate` = target × this. */
  maxrateRatio: 1.1,
  /** `-bufsize` = target × this (one second of VBV buffer at the target). */
  bufsizeRatio: 1.0,
  /**
   * No B-frames: the first frame's presentation time then equals its decode time (tfdt), so
   * every segment presents exactly the span the manifests give it and no edit list shifts video.
   */
  bFrames: 0,
});
