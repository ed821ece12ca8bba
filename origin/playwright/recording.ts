/**
 * What the QA kit's page recorder (`installRecorder`) keeps of a `<vod-player>`'s life: every
 * engine, ready, switch, stall (start and end) and error, each with its page time. Types only;
 * `timeline.ts` turns a recording into a timeline.
 *
 * Times (`…Ms`) are the page's `performance.now()`: milliseconds since the page's navigation.
 * Positions (`positionSec`) are media time.
 */

/** One rendition as the kit reports it. */
export interface QualitySnapshot {
  index: number;
  label: string;
  height: number;
  width: number;
  bitrateBps: number;
}

/** One confirmed switch, as `vod-qualitychange` reported it. */
export interface SwitchRecord {
  from: QualitySnapshot | null;
  to: QualitySnapshot;
  auto: boolean;
  reason: string;
  /** Page time when it happened, ms. */
  atMs: number;
  /** Media position when it happened, s (null if the element could not be read). */
  positionSec: number | null;
}

/** The rendition a load started on (`vod-qualitychange` with `from: null`; not a switch). */
export interface StartQualityRecord {
  quality: QualitySnapshot;
  atMs: number;
}

/** One stall as a viewer sees it, from `vod-rebufferstart` to `vod-rebufferend`. */
export interface StallRecord {
  /** `waiting` (the media element said so) or `frozen` (the picture stopped while it should play). */
  cause: 'waiting' | 'frozen';
  /** When it began, page ms (a frozen stall is detected late and backdated by the player). */
  startMs: number;
  positionSec: number;
  /** When the picture moved again, page ms; null while the stall is open. */
  endMs: number | null;
  /** How long it lasted as the player measured it, ms; null while open. */
  durationMs: number | null;
}

/** One `vod-error`. */
export interface ErrorRecord {
  code: string;
  fatal: boolean;
  message: string;
  /** Page time, ms. */
  atMs: number;
}

export interface EngineRecord {
  engine: string;
  atMs: number;
}

export interface ReadyRecord {
  /** From the start of loading the source to the first frame, ms. */
  loadToReadyMs: number;
  atMs: number;
}

/** Everything the page recorder saw, plus where the player stood when it was read. */
export interface PlayerRecording {
  /** Page time when the recording was read, ms. */
  nowMs: number;
  engines: EngineRecord[];
  ready: ReadyRecord[];
  starts: StartQualityRecord[];
  switches: SwitchRecord[];
  stalls: StallRecord[];
  errors: ErrorRecord[];
  /** The element when the recording was read; null when there was none. */
  final: { quality: QualitySnapshot | null; positionSec: number; bufferAheadSec: number; paused: boolean; ended: boolean } | null;
}
