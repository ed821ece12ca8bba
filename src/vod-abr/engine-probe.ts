import type { NextSegmentInfo, RungInfo } from '../../abr/index.js';
import type { RangesLike } from '../media/buffer.js';

/** What the ABR reads off the media element: position, buffer, rate, seeking. A plain object in tests. */
export interface MediaLike {
  readonly currentTime: number;
  readonly duration: number;
  readonly buffered: RangesLike;
  readonly playbackRate: number;
  readonly seeking: boolean;
}

/**
 * What vod-player's ABR reads from an engine to make a decision: each engine implements it in its
 * own folder (`engines/hlsjs/probe.ts`, `engines/dashjs/probe.ts`, `engines/shaka/probe.ts`) and
 * `snapshotOf` (`snapshot.ts`) turns it into the input of the core's `choose` / `shouldAbandon`.
 * Everything else the core needs (buffer ahead, position, rate, media left, seeking) is read
 * off `media()` the same way for every engine.
 */
export interface EngineProbe {
  /** The renditions ABR chooses among, ascending by bitrate: a rung is an index into this list. */
  rungs(): readonly RungInfo[];
  /** The segment the engine fetches next: the one that starts at (or holds) `bufferEndSec`. */
  nextSegment(bufferEndSec: number): NextSegmentInfo;
  /** The engine's forward-buffer goal, seconds (it stops fetching there); undefined: the core's default. */
  bufferGoalSec(): number | undefined;
  /**
   * The rung of the last media segment that finished loading, as an index into `rungs()` now; null
   * before the first one, or when its rendition is no longer in `rungs()`. Init segments and
   * abandoned requests do not count. This is the core's `PlayerSnapshot.lastRung` ("rung of the
   * previous media segment", what `simulate` passes): `decide` holds that rung or leaves it (the
   * buffer rule's hysteresis, the startup hand-over), so it must be the rung the buffer is being
   * filled with, not the one last asked for: hls.js asks for `nextAutoLevel` many times per
   * fragment, shaka asks after audio segments too.
   */
  lastLoadedRung(): number | null;
  /** The media element the engine plays into, or null before one is attached (then nothing is buffered). */
  media(): MediaLike | null;
}
