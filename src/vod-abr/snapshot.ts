import type { NextSegmentInfo, PlayerSnapshot } from '../../abr/index.js';
import { bufferAheadSec } from '../media/buffer.js';
import type { EngineProbe, MediaLike } from './engine-probe.js';

export type { MediaLike } from './engine-probe.js';

/** A snapshot as an engine plug-in hands it to `VodAbrSession` (the session adds the embedder's caps). */
export type EngineSnapshot = Omit<PlayerSnapshot, 'caps'>;

export interface MediaState {
  /** Seconds buffered ahead of the playhead (in the range holding it). */
  bufferSec: number;
  /** End of that buffered range, seconds: where the next segment starts. */
  bufferEndSec: number;
  /** Media seconds from the buffer's end to the end of the media; undefined while the duration is unknown. */
  mediaRemainingSec: number | undefined;
  playbackRate: number;
  seeking: boolean;
}

/** Before a media element is attached: nothing buffered, nothing known. */
const NO_MEDIA: MediaState = { bufferSec: 0, bufferEndSec: 0, mediaRemainingSec: undefined, playbackRate: 1, seeking: false };

/** Reads the buffer and position the ABR needs from the media element. */
export function readMediaState(media: MediaLike): MediaState {
  const bufferSec = bufferAheadSec(media.buffered, media.currentTime);
  const bufferEndSec = media.currentTime + bufferSec;
  const duration = media.duration;
  return {
    bufferSec,
    bufferEndSec,
    mediaRemainingSec: Number.isFinite(duration) && duration > 0 ? Math.max(0, duration - bufferEndSec) : undefined,
    playbackRate: media.playbackRate > 0 ? media.playbackRate : 1,
    seeking: media.seeking,
  };
}

/**
 * The one snapshot builder of the three engine plug-ins: what `probe` and its media element say,
 * at `nowMs` (monotonic). `inFlight` is the segment being downloaded, for an abandon check; without
 * it the snapshot is about the segment after the buffered end (`probe.nextSegment`).
 */
export function snapshotOf(probe: EngineProbe, nowMs: number, inFlight?: NextSegmentInfo): EngineSnapshot {
  const media = probe.media();
  const state = media ? readMediaState(media) : NO_MEDIA;
  return {
    nowMs,
    bufferSec: state.bufferSec,
    rungs: probe.rungs(),
    nextSegment: inFlight ?? probe.nextSegment(state.bufferEndSec),
    lastRung: probe.lastLoadedRung(),
    playbackRate: state.playbackRate,
    mediaRemainingSec: state.mediaRemainingSec,
    bufferGoalSec: probe.bufferGoalSec(),
    seeking: state.seeking,
  };
}
