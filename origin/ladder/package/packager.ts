import { LadderError } from '../errors.js';
import type { LadderJson, PlannedRung } from '../types.js';
import { assembleLadder } from './assemble.js';
import type { LadderWriter } from './fs-writer.js';
import { publish } from './publish.js';
import { verifyRungs, verifyTrack, type TrackListing, type VerifiedTrack } from './verify.js';

export interface PackageInput {
  createdAt: string;
  source: LadderJson['source'];
  segmentSec: number;
  planned: readonly PlannedRung[];
  /** What the encoder left for each planned rung. */
  videoListings: readonly TrackListing[];
  /** What the encoder left for the audio, or null when the source has none. */
  audioListing: TrackListing | null;
  audioBitrateBps: number;
  /** What the video and audio tracks should last, when it differs from the source's duration. */
  videoDurationSec?: number;
  audioDurationSec?: number;
  captions: LadderJson['captions'];
  thumbnails: LadderJson['thumbnails'];
  /** Text files authored by the generator, written before any playlist. */
  assets: ReadonlyArray<{ path: string; content: string }>;
}

export interface PackageResult {
  ladder: LadderJson;
  /** One line per dropped rung, for the terminal. */
  warnings: string[];
}

/**
 * Verifies every track, drops the rungs that failed (recording why), and publishes the rest
 * through `writer` with the manifests last. Throws `ENCODE_FAILED` when the audio failed or no
 * rung survived: then nothing is written.
 */
export async function packageLadder(writer: LadderWriter, input: PackageInput): Promise<PackageResult> {
  const expectFor = (durationSec: number | undefined) => ({ durationSec: durationSec ?? input.source.durationSec, segmentSec: input.segmentSec });
  const video = verifyRungs(input.videoListings, expectFor(input.videoDurationSec));

  let audio: VerifiedTrack | null = null;
  if (input.audioListing) {
    const verdict = verifyTrack(input.audioListing, expectFor(input.audioDurationSec));
    if (!verdict.ok) throw new LadderError('ENCODE_FAILED', `The audio track failed: ${verdict.reason}`);
    audio = verdict.track;
  }
  if (video.ok.length === 0) {
    const reasons = video.failed.map((failure) => `${failure.id}: ${failure.reason}`).join('; ');
    throw new LadderError('ENCODE_FAILED', `Every video rung failed (${reasons}).`);
  }

  const ladder = assembleLadder({
    createdAt: input.createdAt,
    source: input.source,
    segmentSec: input.segmentSec,
    planned: input.planned,
    video: video.ok,
    audio,
    audioBitrateBps: input.audioBitrateBps,
    failedRungs: video.failed,
    captions: input.captions,
    thumbnails: input.thumbnails,
  });
  await publish(writer, {
    ladder,
    video: new Map(video.ok.map((track) => [track.id, track])),
    audio,
    assets: input.assets,
  });
  const warnings = video.failed.map((failure) => `Rung ${failure.id} was left out of the ladder: ${failure.reason}`);
  return { ladder, warnings };
}
