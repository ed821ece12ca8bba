/** Facts about the source video, from ffprobe. */
export interface SourceInfo {
  /** Display width in pixels (sample aspect ratio and rotation applied). */
  width: number;
  /** Display height in pixels (sample aspect ratio and rotation applied). */
  height: number;
  durationSec: number;
  frameRate: number;
  hasAudio: boolean;
}

/** One planned video rung, before encoding. */
export interface PlannedRung {
  /** Stable id, also the rung's folder name under `video/`, e.g. `720p`. Unique in a ladder. */
  id: string;
  width: number;
  height: number;
  /** Target (average) video bitrate, bits per second. */
  videoBitrateBps: number;
}

/** Size and duration of one published media segment. */
export interface SegmentSummary {
  bytes: number;
  durationSec: number;
}

/** A rung as published in ladder.json, after encoding and verification. */
export interface LadderRung extends PlannedRung {
  /** Index in the published ladder, ascending by bitrate (0 = lowest). */
  index: number;
  /** RFC 6381 codecs string of the video track, e.g. `avc1.64001f`. */
  codecs: string;
  /**
   * Peak bitrate in bits/s of any one segment (HLS BANDWIDTH, video + audio).
   * A final segment shorter than half the target duration is left out of the peak, so a
   * short tail holding a keyframe does not inflate it.
   */
  peakBitrateBps: number;
  /** Average bitrate in bits/s over all segments (HLS AVERAGE-BANDWIDTH, video + audio). */
  averageBitrateBps: number;
  /** Peak bitrate of the video segments alone, bits/s (the DASH Representation@bandwidth). */
  videoPeakBitrateBps: number;
  /** Average bitrate of the video segments alone, bits/s. */
  videoAverageBitrateBps: number;
  /** Path of the rung's folder relative to the ladder root, e.g. `video/720p`. */
  path: string;
  segmentCount: number;
  /** Every segment in order: `segments[0]` is `seg-00001.m4s`. */
  segments: SegmentSummary[];
}

/** The published audio track (`audio/`). */
export interface LadderAudio {
  path: string;
  codecs: string;
  /** Nominal (target) bitrate, bits/s. */
  bitrateBps: number;
  /** Peak bitrate of any one segment, bits/s (the DASH Representation@bandwidth). */
  peakBitrateBps: number;
  averageBitrateBps: number;
  channels: number;
  sampleRateHz: number;
  segmentCount: number;
  segments: SegmentSummary[];
}

/** The contents of `ladder.json`, written next to the manifests. */
export interface LadderJson {
  version: 1;
  createdAt: string;
  source: { name: string; synthetic: boolean } & SourceInfo;
  /** Target segment duration, seconds. */
  segmentDurationSec: number;
  /** Media duration, seconds (the longer of the published video and audio tracks). */
  durationSec: number;
  /** Manifest paths relative to the ladder root. */
  manifests: { hls: string; dash: string };
  /** Published video rungs, ascending by bitrate. */
  rungs: LadderRung[];
  audio: LadderAudio | null;
  /** Rungs that were planned but dropped because encoding or verification failed, with the reason. */
  failedRungs: Array<{ id: string; reason: string }>;
  /** `path` is the WebVTT file; `playlist` the HLS subtitle playlist that wraps it. */
  captions: Array<{ lang: string; label: string; path: string; playlist: string }>;
  /** `path` is the WebVTT file whose cues point at `#xywh=` tiles of the sprites next to it. */
  thumbnails: { path: string; intervalSec: number; width: number; height: number } | null;
}
