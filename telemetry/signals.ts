import type { QualityChangeData, RebufferCause, SessionEndReason } from './types.js';

/**
 * What the player tells telemetry: facts, each with the monotonic time it happened (`atMs`, in
 * the clock's `monotonicMs()` timebase, i.e. `performance.now()` in a browser). The element's
 * controller (`src/controllers/telemetry-controller.ts`) turns its events into these; nothing
 * here knows about the element.
 */
export type PlayerSignal =
  | SessionSignal
  | { type: 'play_intent'; atMs: number }
  | { type: 'first_frame'; atMs: number; positionSec: number }
  | QualitySignal
  | { type: 'rebuffer_start'; atMs: number; positionSec: number; cause: RebufferCause; bufferSec: number }
  | { type: 'rebuffer_end'; atMs: number; positionSec: number; cause: RebufferCause; durationMs: number }
  | { type: 'seek'; atMs: number; fromSec: number; toSec: number; durationMs: number }
  | { type: 'error'; atMs: number; positionSec: number; code: string; fatal: boolean; message: string }
  /** The playhead, from `timeupdate`: played time accrues between two positions while playing. */
  | { type: 'position'; atMs: number; positionSec: number; playing: boolean }
  | { type: 'end'; atMs: number; reason: SessionEndReason };

/** A source was loaded: a new session begins (ending the previous one). */
export interface SessionSignal {
  type: 'session';
  atMs: number;
  sessionId: string;
  manifestUrl: string;
  engine: string;
  abrMode: string;
  autoplay: boolean;
  playerVersion: string;
  userAgent: string;
  videoId?: string;
  viewerId?: string;
}

/** A confirmed rendition switch: the `quality_change` beacon's data, with when and where it happened. */
export interface QualitySignal extends QualityChangeData {
  type: 'quality';
  atMs: number;
  positionSec: number;
}

/** A read-out of the player, taken by the pipeline for each heartbeat. */
export interface PlayerProbe {
  positionSec: number;
  bufferSec: number;
  /** Declared bitrate of the rendition playing, bits per second, or null. */
  bitrateBps: number | null;
  /** Dropped frames of the media element since it was created (the pipeline subtracts the session's start). */
  droppedFrames: number;
}

/** Signals the pipeline makes itself. */
export type PipelineSignal =
  | PlayerSignal
  | { type: 'heartbeat_tick'; atMs: number; probe: PlayerProbe }
  | { type: 'vitals'; atMs: number; metrics: Partial<Record<VitalName, number>> };

export type VitalName = 'lcpMs' | 'inpMs' | 'cls' | 'fcpMs' | 'ttfbMs';
