/**
 * Rebuffering as a viewer sees it, as a pure state machine (time passed in).
 *
 * Two causes are detected:
 *  - `waiting`: the media element says it ran out of data;
 *  - `frozen`: the picture stopped updating while playback should run. In Chromium a video-only
 *    underrun freezes the picture while audio and `currentTime` go on for up to ~3 s with no
 *    `waiting` event; only the absence of new frames (`requestVideoFrameCallback`) while the
 *    buffer ahead (the intersection of the audio and video buffers) is empty shows it.
 *
 * Not rebuffering: startup before the first frame, seeking until the first frame after it,
 * pause, ended, and a hidden page (frames are not painted there).
 */

export interface RebufferDetectorConfig {
  /** No new frame for this long while playing counts as frozen, milliseconds. Defaults to 500. */
  freezeThresholdMs: number;
  /**
   * A frozen picture only counts as rebuffering when the media buffered ahead of the playhead is
   * below this, seconds: a freeze with data in the buffer is a slow machine (decode or paint), not
   * an underrun. Defaults to 0.5.
   */
  freezeMaxBufferSec: number;
}

export const DEFAULT_REBUFFER_DETECTOR_CONFIG: Readonly<RebufferDetectorConfig> = Object.freeze({
  freezeThresholdMs: 500,
  freezeMaxBufferSec: 0.5,
});

export type PlaybackSignal =
  | { type: 'playing'; nowMs: number }
  | { type: 'waiting'; nowMs: number }
  | { type: 'pause'; nowMs: number }
  | { type: 'seeking'; nowMs: number }
  | { type: 'seeked'; nowMs: number }
  | { type: 'ended'; nowMs: number }
  | { type: 'hidden'; nowMs: number }
  | { type: 'visible'; nowMs: number }
  /** A new video frame was presented. */
  | { type: 'frame'; nowMs: number }
  /** A periodic check while playing, with the media buffered ahead of the playhead (all tracks). */
  | { type: 'tick'; nowMs: number; bufferAheadSec: number };

export type RebufferCause = 'waiting' | 'frozen';

export interface RebufferState {
  /** `frame` signals are arriving, so the frozen rule applies. */
  readonly framesObserved: boolean;
  /** The first frame after the first `playing` has been shown: startup is over. */
  readonly started: boolean;
  readonly playing: boolean;
  /** `seeking` until `seeked`, then `settling` until the first frame at the new position. */
  readonly seekPhase: 'none' | 'seeking' | 'settling';
  readonly hidden: boolean;
  /** Last time the picture moved (or the clock was reset by play, seek or visibility), ms. */
  readonly lastProgressMs: number;
  readonly stall: { readonly cause: RebufferCause; readonly startedAtMs: number } | null;
}

export type RebufferTransition =
  | { type: 'start'; cause: RebufferCause; startedAtMs: number }
  | { type: 'end'; cause: RebufferCause; startedAtMs: number; endedAtMs: number };

export const INITIAL_REBUFFER_STATE: RebufferState = Object.freeze({
  framesObserved: false,
  started: false,
  playing: false,
  seekPhase: 'none',
  hidden: false,
  lastProgressMs: 0,
  stall: null,
});

export interface RebufferStep {
  state: RebufferState;
  transition: RebufferTransition | null;
}

function endStall(state: RebufferState, nowMs: number, next: Partial<RebufferState>): RebufferStep {
  const stall = state.stall;
  const transition: RebufferTransition | null = stall
    ? { type: 'end', cause: stall.cause, startedAtMs: stall.startedAtMs, endedAtMs: nowMs }
    : null;
  return { state: { ...state, ...next, stall: null }, transition };
}

function startStall(state: RebufferState, cause: RebufferCause, startedAtMs: number): RebufferStep {
  if (state.stall) return { state, transition: null };
  return {
    state: { ...state, stall: { cause, startedAtMs } },
    transition: { type: 'start', cause, startedAtMs },
  };
}

/** Advance the detector by one signal. */
export function stepRebuffer(
  state: RebufferState,
  signal: PlaybackSignal,
  config: RebufferDetectorConfig = DEFAULT_REBUFFER_DETECTOR_CONFIG,
): RebufferStep {
  const nowMs = signal.nowMs;
  const quiet = (next: Partial<RebufferState> = {}): RebufferStep => ({ state: { ...state, ...next }, transition: null });
  const watching = state.started && state.playing && state.seekPhase === 'none' && !state.hidden;
  switch (signal.type) {
    case 'playing':
      if (state.framesObserved) {
        // A stall stays open until the picture really moves again.
        return quiet({ playing: true, lastProgressMs: state.stall ? state.lastProgressMs : nowMs });
      }
      // Without frame signals, `playing` is the only sign that startup or a stall is over.
      return endStall(state, nowMs, { playing: true, started: state.started || state.seekPhase === 'none', lastProgressMs: nowMs });
    case 'frame': {
      const next: Partial<RebufferState> = { framesObserved: true, lastProgressMs: nowMs };
      if (state.seekPhase === 'seeking') return quiet(next);
      if (state.seekPhase === 'settling') return quiet({ ...next, seekPhase: 'none' });
      if (!state.started) return quiet({ ...next, started: state.playing });
      return endStall(state, nowMs, next);
    }
    case 'waiting':
      return watching ? startStall(state, 'waiting', nowMs) : quiet();
    case 'tick':
      if (!watching || !state.framesObserved) return quiet();
      if (nowMs - state.lastProgressMs <= config.freezeThresholdMs) return quiet();
      if (signal.bufferAheadSec >= config.freezeMaxBufferSec) return quiet();
      return startStall(state, 'frozen', state.lastProgressMs);
    case 'pause':
    case 'ended':
      return endStall(state, nowMs, { playing: false });
    case 'seeking':
      return endStall(state, nowMs, { seekPhase: 'seeking' });
    case 'seeked':
      return quiet({ seekPhase: state.framesObserved ? 'settling' : 'none', lastProgressMs: nowMs });
    case 'hidden':
      return endStall(state, nowMs, { hidden: true });
    case 'visible':
      return quiet({ hidden: false, lastProgressMs: nowMs });
  }
}
