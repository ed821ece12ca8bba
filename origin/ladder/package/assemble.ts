import type { LadderAudio, LadderJson, LadderRung, PlannedRung, SegmentSummary } from '../types.js';
import { trackBitrates } from './bitrates.js';
import type { VerifiedTrack } from './verify.js';

export interface AssembleInput {
  createdAt: string;
  source: LadderJson['source'];
  segmentSec: number;
  planned: readonly PlannedRung[];
  /** Verified video tracks; `id` is the rung id. Planned rungs without one are left out. */
  video: readonly VerifiedTrack[];
  audio: VerifiedTrack | null;
  audioBitrateBps: number;
  failedRungs: LadderJson['failedRungs'];
  captions: LadderJson['captions'];
  thumbnails: LadderJson['thumbnails'];
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

function summaries(track: VerifiedTrack): SegmentSummary[] {
  return track.segments.map((segment) => ({ bytes: segment.bytes, durationSec: round6(segment.durationTicks / track.timescale) }));
}

function trackDurationSec(track: VerifiedTrack): number {
  return track.segments.reduce((sum, segment) => sum + segment.durationTicks, 0) / track.timescale;
}

/** Builds ladder.json from verified tracks: measured bitrates, codecs, segment sizes. Pure. */
export function assembleLadder(input: AssembleInput): LadderJson {
  let audio: LadderAudio | null = null;
  let audioPeakBps = 0;
  let audioAverageBps = 0;
  if (input.audio) {
    const rates = trackBitrates(input.audio.segments, input.audio.timescale, input.segmentSec);
    audioPeakBps = rates.peakBps;
    audioAverageBps = rates.averageBps;
    audio = {
      path: input.audio.path,
      codecs: input.audio.init.codecs,
      bitrateBps: input.audioBitrateBps,
      peakBitrateBps: rates.peakBps,
      averageBitrateBps: rates.averageBps,
      channels: input.audio.init.channels ?? 2,
      sampleRateHz: input.audio.init.sampleRateHz ?? input.audio.timescale,
      segmentCount: input.audio.segments.length,
      segments: summaries(input.audio),
    };
  }

  const byId = new Map(input.video.map((track) => [track.id, track]));
  const rungs: LadderRung[] = input.planned
    .filter((rung) => byId.has(rung.id))
    .sort((a, b) => a.videoBitrateBps - b.videoBitrateBps)
    .map((rung, index) => {
      const track = byId.get(rung.id) as VerifiedTrack;
      const rates = trackBitrates(track.segments, track.timescale, input.segmentSec);
      return {
        ...rung,
        index,
        codecs: track.init.codecs,
        peakBitrateBps: rates.peakBps + audioPeakBps,
        averageBitrateBps: rates.averageBps + audioAverageBps,
        videoPeakBitrateBps: rates.peakBps,
        videoAverageBitrateBps: rates.averageBps,
        path: track.path,
        segmentCount: track.segments.length,
        segments: summaries(track),
      };
    });

  const durations = [...input.video, ...(input.audio ? [input.audio] : [])].map(trackDurationSec);
  return {
    version: 1,
    createdAt: input.createdAt,
    source: input.source,
    segmentDurationSec: input.segmentSec,
    durationSec: round6(Math.max(0, ...durations)),
    manifests: { hls: 'master.m3u8', dash: 'manifest.mpd' },
    rungs,
    audio,
    failedRungs: input.failedRungs,
    captions: input.captions,
    thumbnails: input.thumbnails,
  };
}
