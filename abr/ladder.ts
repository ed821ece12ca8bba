import { CodedError } from '../contracts/coded-error.js';
import type { RungInfo } from './types.js';

/**
 * The ladder a simulation plays: per rung, what the link pays (all-in bitrate) and what QoE
 * credits (the nominal video bitrate); per segment, the bytes of every rung.
 *
 * Audio shares the link: each segment's audio bytes are added to every rung's video bytes, as if
 * the two were fetched back to back. With fair sharing a parallel audio + video pair finishes
 * when the sum of their bytes has arrived, and the buffer that plays is the shorter of the two,
 * so the sum is the honest single-stream equivalent. The audio segment's slightly different
 * duration (2.005 / 1.984 s for AAC frames) is ignored: media time follows the video segments.
 */
export interface SimRung extends RungInfo {
  /** e.g. `720p`. */
  readonly id: string;
  /** The bitrate QoE credits, bits/s: the rung's nominal video bitrate (R_k in QoE_lin). */
  readonly qoeBitrateBps: number;
}

export interface SimSegment {
  readonly durationSec: number;
  /** Bytes to fetch per rung, audio included when the ladder has audio. */
  readonly bytesByRung: readonly number[];
}

export interface SimLadder {
  readonly name: string;
  readonly rungs: readonly SimRung[];
  readonly segments: readonly SimSegment[];
}

/** The fields of origin's `LadderJson` (origin/ladder/types.ts) a simulation reads. */
export interface LadderJsonLike {
  readonly source?: { readonly name?: string };
  readonly rungs: ReadonlyArray<{
    readonly id: string;
    readonly index: number;
    readonly width: number;
    readonly height: number;
    readonly videoBitrateBps: number;
    readonly averageBitrateBps: number;
    readonly videoAverageBitrateBps: number;
    readonly segments: ReadonlyArray<{ readonly bytes: number; readonly durationSec: number }>;
  }>;
  readonly audio: {
    readonly averageBitrateBps: number;
    readonly segments: ReadonlyArray<{ readonly bytes: number; readonly durationSec: number }>;
  } | null;
}

export interface LadderOptions {
  /**
   * Segments to play. Past the ladder's own count, its segments repeat from the first (the default
   * origin ladder is 60 × 2 s = 120 s; traces run 165–320 s, so the bench loops it to 150 segments,
   * 300 s, to let every policy meet most of each trace). Defaults to the ladder's own count.
   */
  readonly segmentCount?: number;
  /** Add the audio segments' bytes to every download. Defaults to true. */
  readonly includeAudio?: boolean;
}

/** A ladder.json a simulation cannot play (code `INVALID_LADDER`). */
export class LadderFormatError extends CodedError<'INVALID_LADDER'> {
  override readonly name = 'LadderFormatError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('INVALID_LADDER', message, options);
  }
}

/** A simulation ladder from ladder.json. Throws LadderFormatError when rungs disagree on segments. */
export function ladderFromJson(json: LadderJsonLike, options: LadderOptions = {}): SimLadder {
  const includeAudio = options.includeAudio ?? true;
  const rungs = [...json.rungs].sort((a, b) => a.index - b.index);
  if (rungs.length === 0) throw new LadderFormatError('ladder has no rungs');
  const own = rungs[0]!.segments.length;
  if (own === 0 || rungs.some((rung) => rung.segments.length !== own)) {
    throw new LadderFormatError('every rung must have the same, non-zero number of segments');
  }
  const audio = includeAudio ? json.audio : null;
  const count = options.segmentCount ?? own;
  const segments: SimSegment[] = [];
  for (let k = 0; k < count; k++) {
    const i = k % own;
    const audioBytes = audio?.segments[i % audio.segments.length]?.bytes ?? 0;
    segments.push({
      durationSec: rungs[0]!.segments[i]!.durationSec,
      bytesByRung: rungs.map((rung) => rung.segments[i]!.bytes + audioBytes),
    });
  }
  return {
    name: json.source?.name ?? 'ladder',
    rungs: rungs.map((rung, index) => ({
      index,
      id: rung.id,
      width: rung.width,
      height: rung.height,
      bitrateBps: includeAudio ? rung.averageBitrateBps : rung.videoAverageBitrateBps,
      qoeBitrateBps: rung.videoBitrateBps,
    })),
    segments,
  };
}

export interface ConstantLadderSpec {
  /** Nominal video bitrates, ascending, bits/s. */
  readonly videoBitratesBps: readonly number[];
  /** Heights per rung; defaults to 0 (unknown). */
  readonly heights?: readonly number[];
  readonly segmentDurationSec: number;
  readonly segmentCount: number;
  /** Audio bits/s sharing the link. Defaults to 0. */
  readonly audioBitrateBps?: number;
  readonly name?: string;
}

/**
 * A ladder whose every segment is exactly bitrate × duration (video + audio): hand-checkable tests,
 * and the bench's fallback when no generated ladder.json exists.
 */
export function constantLadder(spec: ConstantLadderSpec): SimLadder {
  const audioBps = spec.audioBitrateBps ?? 0;
  const bytesByRung = spec.videoBitratesBps.map((bps) => ((bps + audioBps) * spec.segmentDurationSec) / 8);
  return {
    name: spec.name ?? 'constant',
    rungs: spec.videoBitratesBps.map((bps, index) => {
      const height = spec.heights?.[index] ?? 0;
      return {
        index,
        id: height > 0 ? `${height}p` : `r${index}`,
        width: Math.round((height * 16) / 9),
        height,
        bitrateBps: bps + audioBps,
        qoeBitrateBps: bps,
      };
    }),
    segments: Array.from({ length: spec.segmentCount }, () => ({ durationSec: spec.segmentDurationSec, bytesByRung })),
  };
}

/** The origin's default ladder (origin/ladder/defaults.ts): 240p–1080p, 300k–4.5M video, 128k AAC, 2 s segments. */
export const DEFAULT_LADDER_SPEC: ConstantLadderSpec = Object.freeze({
  name: 'default-ladder (built-in, constant segment sizes)',
  videoBitratesBps: Object.freeze([300_000, 700_000, 1_200_000, 2_500_000, 4_500_000]),
  heights: Object.freeze([240, 360, 480, 720, 1080]),
  segmentDurationSec: 2,
  segmentCount: 60,
  audioBitrateBps: 128_000,
});
