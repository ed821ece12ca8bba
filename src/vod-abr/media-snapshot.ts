import { bufferAheadSec, type RangesLike } from '../media/buffer.js';

/** What the ABR snapshots read off the media element. A plain object in tests. */
export interface MediaLike {
  readonly currentTime: number;
  readonly duration: number;
  readonly buffered: RangesLike;
  readonly playbackRate: number;
  readonly seeking: boolean;
}

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
