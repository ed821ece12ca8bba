import type { RungSpec } from './defaults.js';
import type { EncodeProgress, FfmpegRunner } from './encode/encode.js';
import type { SyntheticOptions } from './encode/synthetic.js';
import type { FfmpegTools } from './ffmpeg.js';

/**
 * What `generateLadder` takes and reports. A module of its own so that the generator and the
 * synthetic-ladder cache (which calls it) share these types without importing each other.
 */

export type { EncodeProgress } from './encode/encode.js';

/** Progress of a generation; the encode is nearly all of it. */
export interface GenerateProgress extends EncodeProgress {
  phase: 'encode' | 'package';
}

/** Options shared by file and synthetic sources. */
export interface GenerateCommonOptions {
  /** Ladder root to write. Files this generator owns there are replaced. */
  outDir: string;
  /** Target segment duration, seconds. Defaults to 2. */
  segmentSec?: number;
  /** Ladder table, or a `--ladder` string such as `1080p,720p`. Defaults to DEFAULT_LADDER. */
  ladder?: readonly RungSpec[] | string;
  /** Make a thumbnail sprite + VTT. Defaults to true. */
  thumbnails?: boolean;
  /** Publish captions (synthetic cues, or the input's first text subtitle stream). Defaults to true. */
  captions?: boolean;
  /** ffmpeg and ffprobe; resolved from env, PATH or npm when omitted. */
  tools?: FfmpegTools;
  onProgress?: (progress: GenerateProgress) => void;
  /** Non-fatal problems (a dropped rung, no captions). Defaults to printing on stderr. */
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
  /** Clock for `createdAt`. */
  now?: () => Date;
  /** Replaces the ffmpeg encode runner (tests). */
  runner?: FfmpegRunner;
}

export type GenerateOptions = GenerateCommonOptions &
  ({ input: string; synthetic?: undefined } | { synthetic: true | SyntheticOptions; input?: undefined });
