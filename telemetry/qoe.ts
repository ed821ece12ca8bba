/**
 * The QoE arithmetic of one session, as a fold: played time, time-weighted bitrate, stalls,
 * switches, errors. Pure: time comes in as arguments.
 */
export interface QoeState {
  /** Media seconds played. */
  playedSec: number;
  /** Σ bitrate × seconds played at it, bit (for the time-weighted average). */
  bitrateBits: number;
  /** Seconds played while the bitrate was known. */
  bitratePlayedSec: number;
  /** Declared bitrate of the rendition playing, bits per second, or null before the first. */
  bitrateBps: number | null;
  rebufferCount: number;
  /** Finished stalls, milliseconds. */
  rebufferMs: number;
  /** Start of the open stall (monotonic ms), or null. */
  stallSinceMs: number | null;
  switchCount: number;
  errorCount: number;
  fatal: boolean;
  /** The last playhead seen while playing, to measure the next step from; null after a seek or pause. */
  last: { positionSec: number; atMs: number } | null;
}

export const INITIAL_QOE: QoeState = {
  playedSec: 0,
  bitrateBits: 0,
  bitratePlayedSec: 0,
  bitrateBps: null,
  rebufferCount: 0,
  rebufferMs: 0,
  stallSinceMs: null,
  switchCount: 0,
  errorCount: 0,
  fatal: false,
  last: null,
};

/** Playhead steps larger than this multiple of the wall time elapsed (plus slack) are jumps, not play. */
const MAX_RATE = 4;
const SLACK_SEC = 0.5;

/**
 * The playhead is at `positionSec` at `atMs`. While `playing` and not stalled, the media time
 * advanced since the last position counts as played, at the current bitrate. A step backwards or
 * one too large for the wall time elapsed (a seek) counts nothing.
 */
export function advancePosition(state: QoeState, positionSec: number, atMs: number, playing: boolean): QoeState {
  let next = state;
  const last = state.last;
  if (last !== null && playing && state.stallSinceMs === null) {
    const stepSec = positionSec - last.positionSec;
    const wallSec = Math.max(0, atMs - last.atMs) / 1000;
    if (stepSec > 0 && stepSec <= wallSec * MAX_RATE + SLACK_SEC) next = addPlayed(state, stepSec);
  }
  // Positions during a stall are not a base to measure from: the picture was frozen.
  return { ...next, last: playing && state.stallSinceMs === null ? { positionSec, atMs } : null };
}

function addPlayed(state: QoeState, sec: number): QoeState {
  const known = state.bitrateBps !== null;
  return {
    ...state,
    playedSec: state.playedSec + sec,
    bitrateBits: state.bitrateBits + (known ? (state.bitrateBps ?? 0) * sec : 0),
    bitratePlayedSec: state.bitratePlayedSec + (known ? sec : 0),
  };
}

/** The rendition changed (after accounting the time played up to the switch). */
export function switchRendition(state: QoeState, bitrateBps: number, isSwitch: boolean): QoeState {
  return { ...state, bitrateBps, switchCount: state.switchCount + (isSwitch ? 1 : 0) };
}

/** A seek: the next position starts a new measured stretch. */
export function resetPosition(state: QoeState): QoeState {
  return { ...state, last: null };
}

export function startStall(state: QoeState, atMs: number): QoeState {
  return state.stallSinceMs === null ? { ...state, stallSinceMs: atMs, last: null } : state;
}

/** The stall ended at `atMs` with the playhead at `positionSec`: play is measured from there. */
export function endStall(state: QoeState, durationMs: number, positionSec: number, atMs: number): QoeState {
  return {
    ...state,
    stallSinceMs: null,
    rebufferCount: state.rebufferCount + 1,
    rebufferMs: state.rebufferMs + Math.max(0, durationMs),
    last: { positionSec, atMs },
  };
}

export function addError(state: QoeState, fatal: boolean): QoeState {
  return { ...state, errorCount: state.errorCount + 1, fatal: state.fatal || fatal };
}

export interface QoeSummary {
  playedSec: number;
  rebufferMs: number;
  rebufferCount: number;
  rebufferRatio: number;
  averageBitrateBps: number | null;
  switchCount: number;
  errorCount: number;
  fatal: boolean;
}

/** The summary at `atMs` (a signal time, monotonic): an open stall counts up to it (and as one stall). */
export function summarizeQoe(state: QoeState, atMs: number): QoeSummary {
  const openMs = state.stallSinceMs === null ? 0 : Math.max(0, atMs - state.stallSinceMs);
  const rebufferMs = state.rebufferMs + openMs;
  const rebufferCount = state.rebufferCount + (state.stallSinceMs === null ? 0 : 1);
  const watchedMs = state.playedSec * 1000 + rebufferMs;
  return {
    playedSec: state.playedSec,
    rebufferMs,
    rebufferCount,
    rebufferRatio: watchedMs > 0 ? rebufferMs / watchedMs : 0,
    averageBitrateBps: state.bitratePlayedSec > 0 ? state.bitrateBits / state.bitratePlayedSec : null,
    switchCount: state.switchCount,
    errorCount: state.errorCount,
    fatal: state.fatal,
  };
}
