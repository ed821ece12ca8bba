import {
  INITIAL_QOE,
  addError,
  advancePosition,
  endStall,
  resetPosition,
  startStall,
  summarizeQoe,
  switchRendition,
  type QoeState,
} from './qoe.js';
import type { PipelineSignal, SessionSignal, VitalName } from './signals.js';
import {
  SCHEMA_VERSION,
  type BeaconDataMap,
  type BeaconOf,
  type BeaconType,
  type PageVitalsData,
  type SessionEndReason,
  type TelemetryBeacon,
} from './types.js';

/** What the fold needs from outside: ids and the wall-clock time of a monotonic instant. */
export interface SessionContext {
  newEventId(): string;
  /** Wall-clock ms (epoch) of the monotonic instant `atMs`. */
  epochMsAt(atMs: number): number;
}

interface OpenSession {
  readonly info: SessionSignal;
  /** Next `seq`. */
  seq: number;
  positionSec: number;
  intentAtMs: number | null;
  startupMs: number | null;
  qoe: QoeState;
  /** The element's dropped-frame counter when the session began (first probe), or null. */
  droppedFramesBase: number | null;
  /** Playing, as of the last position signal. */
  playing: boolean;
}

export interface TelemetryState {
  readonly session: OpenSession | null;
  /** A play intent that came before its session (play() before the source was loaded). */
  readonly pendingIntentAtMs: number | null;
  readonly vitals: PageVitalsData;
  readonly vitalsDirty: boolean;
}

export const INITIAL_TELEMETRY_STATE: TelemetryState = {
  session: null,
  pendingIntentAtMs: null,
  vitals: { lcpMs: null, inpMs: null, cls: null, fcpMs: null, ttfbMs: null },
  vitalsDirty: false,
};

export interface Step {
  state: TelemetryState;
  beacons: TelemetryBeacon[];
}

const MAX_MESSAGE_CHARS = 2000;

/**
 * Session aggregation as a fold: one signal in, the new state and the beacons it causes out.
 * Sessions are opened by a `session` signal (which ends the previous one) and closed by `end`.
 * Signals outside a session are ignored, bar play intent and vitals, which wait for one.
 */
export function stepTelemetry(state: TelemetryState, signal: PipelineSignal, ctx: SessionContext): Step {
  const out: TelemetryBeacon[] = [];
  let next = state;
  const emit = <T extends BeaconType>(session: OpenSession, type: T, atMs: number, data: BeaconDataMap[T], positionSec?: number): void => {
    const seq = session.seq++;
    const eventId = type === 'session_end' ? endEventId(session.info.sessionId, seq) : ctx.newEventId();
    out.push(makeBeacon(session.info, seq, eventId, type, atMs, data, positionSec ?? session.positionSec, ctx));
  };

  switch (signal.type) {
    case 'session': {
      if (next.session) next = endSession(next, signal.atMs, 'source-change', emit);
      const session: OpenSession = {
        info: signal,
        seq: 0,
        positionSec: 0,
        intentAtMs: next.pendingIntentAtMs,
        startupMs: null,
        qoe: INITIAL_QOE,
        droppedFramesBase: null,
        playing: false,
      };
      emit(session, 'session_start', signal.atMs, {
        playerVersion: signal.playerVersion,
        engine: signal.engine,
        abrMode: signal.abrMode,
        userAgent: signal.userAgent,
        manifestUrl: signal.manifestUrl,
        autoplay: signal.autoplay,
      });
      next = { ...next, session, pendingIntentAtMs: null };
      if (next.vitalsDirty) next = emitVitals(next, session, signal.atMs, emit);
      break;
    }
    case 'play_intent': {
      const session = next.session;
      if (!session) next = { ...next, pendingIntentAtMs: next.pendingIntentAtMs ?? signal.atMs };
      else if (session.intentAtMs === null && session.startupMs === null) session.intentAtMs = signal.atMs;
      break;
    }
    case 'vitals':
      next = { ...next, vitals: { ...next.vitals, ...pickVitals(signal.metrics) }, vitalsDirty: true };
      if (next.session) next = emitVitals(next, next.session, signal.atMs, emit);
      break;
    case 'end':
      if (next.session) next = endSession(next, signal.atMs, signal.reason, emit);
      break;
    default: {
      const session = next.session;
      if (!session) break;
      stepSession(session, signal, emit);
    }
  }
  return { state: next, beacons: out };
}

type Emit = <T extends BeaconType>(session: OpenSession, type: T, atMs: number, data: BeaconDataMap[T], positionSec?: number) => void;

/** Signals inside an open session; mutates the session (the fold owns it). */
function stepSession(session: OpenSession, signal: Exclude<PipelineSignal, { type: 'session' | 'play_intent' | 'vitals' | 'end' }>, emit: Emit): void {
  switch (signal.type) {
    case 'first_frame':
      if (session.startupMs !== null || session.intentAtMs === null) return;
      session.startupMs = Math.max(0, signal.atMs - session.intentAtMs);
      session.positionSec = signal.positionSec;
      emit(session, 'startup', signal.atMs, { startupMs: session.startupMs });
      return;
    case 'position':
      session.qoe = advancePosition(session.qoe, signal.positionSec, signal.atMs, signal.playing);
      session.playing = signal.playing;
      session.positionSec = signal.positionSec;
      return;
    case 'quality':
      // Time played up to the switch counts at the old bitrate.
      session.qoe = advancePosition(session.qoe, signal.positionSec, signal.atMs, session.playing);
      session.qoe = switchRendition(session.qoe, signal.to.bitrateBps, signal.from !== null);
      session.positionSec = signal.positionSec;
      emit(session, 'quality_change', signal.atMs, {
        from: signal.from,
        to: signal.to,
        auto: signal.auto,
        reason: signal.reason ?? null,
        bufferSec: nonNegative(signal.bufferSec),
        bandwidthEstimateBps: signal.bandwidthEstimateBps !== null && Number.isFinite(signal.bandwidthEstimateBps) ? nonNegative(signal.bandwidthEstimateBps) : null,
      });
      return;
    case 'rebuffer_start':
      session.qoe = startStall(session.qoe, signal.atMs);
      emit(session, 'rebuffer_start', signal.atMs, { cause: signal.cause, bufferSec: nonNegative(signal.bufferSec) }, signal.positionSec);
      return;
    case 'rebuffer_end':
      if (session.qoe.stallSinceMs === null) return; // a stall that began before this session
      // Frame timestamps and timer times can disagree by a frame: a stall never lasts less than 0 ms.
      session.qoe = endStall(session.qoe, nonNegative(signal.durationMs), signal.positionSec, signal.atMs);
      emit(session, 'rebuffer_end', signal.atMs, { cause: signal.cause, durationMs: nonNegative(signal.durationMs) }, signal.positionSec);
      return;
    case 'seek':
      session.qoe = resetPosition(session.qoe);
      session.positionSec = signal.toSec;
      emit(session, 'seek', signal.atMs, { fromSec: nonNegative(signal.fromSec), toSec: nonNegative(signal.toSec), durationMs: nonNegative(signal.durationMs) });
      return;
    case 'error':
      session.qoe = addError(session.qoe, signal.fatal);
      emit(session, 'error', signal.atMs, { code: signal.code, fatal: signal.fatal, message: signal.message.slice(0, MAX_MESSAGE_CHARS) }, signal.positionSec);
      return;
    case 'heartbeat_tick': {
      const { probe } = signal;
      session.qoe = advancePosition(session.qoe, probe.positionSec, signal.atMs, session.playing);
      session.positionSec = probe.positionSec;
      if (session.droppedFramesBase === null || probe.droppedFrames < session.droppedFramesBase) session.droppedFramesBase = 0;
      emit(session, 'heartbeat', signal.atMs, {
        playedSec: session.qoe.playedSec,
        bufferSec: nonNegative(probe.bufferSec),
        bitrateBps: probe.bitrateBps !== null && Number.isFinite(probe.bitrateBps) ? nonNegative(probe.bitrateBps) : null,
        droppedFrames: Math.max(0, probe.droppedFrames - session.droppedFramesBase),
      });
      return;
    }
  }
}

/**
 * The `session_end` the open session would send if it ended now with `reason`, without changing
 * the state: it takes the next `seq`, and its event id is derived from session id and seq, so
 * that if the session does end at that seq the real one and this one are the same beacon. The
 * pipeline keeps it in storage, so that a page that dies without `pagehide` still has its session
 * ended (reason `abandoned`) by the next page load.
 */
export function provisionalEnd(state: TelemetryState, atMs: number, ctx: SessionContext): TelemetryBeacon | null {
  const session = state.session;
  if (!session) return null;
  return makeBeacon(session.info, session.seq, endEventId(session.info.sessionId, session.seq), 'session_end', atMs, endData(session, atMs, 'abandoned', false), session.positionSec, ctx);
}

/** A session_end's event id: the same for the same session and seq, however it was made. */
function endEventId(sessionId: string, seq: number): string {
  return `${sessionId}/end/${seq}`;
}

function endData(session: OpenSession, atMs: number, reason: SessionEndReason, exitBeforeStart: boolean): BeaconDataMap['session_end'] {
  const qoe = summarizeQoe(session.qoe, atMs);
  return {
    reason,
    startupMs: session.startupMs,
    exitBeforeStart,
    rebufferMs: qoe.rebufferMs,
    rebufferCount: qoe.rebufferCount,
    rebufferRatio: qoe.rebufferRatio,
    averageBitrateBps: qoe.averageBitrateBps,
    switchCount: qoe.switchCount,
    playedSec: qoe.playedSec,
    errorCount: qoe.errorCount,
    fatal: qoe.fatal,
    durationMs: Math.max(0, atMs - session.info.atMs),
    // Delivery writes in the real count as the beacon leaves (see queue.ts).
    quarantinedCount: 0,
  };
}

function endSession(state: TelemetryState, atMs: number, reason: SessionEndReason, emit: Emit): TelemetryState {
  const session = state.session;
  if (!session) return state;
  let next = state;
  if (next.vitalsDirty) next = emitVitals(next, session, atMs, emit);
  const exitBeforeStart = session.intentAtMs !== null && session.startupMs === null && !session.qoe.fatal && reason !== 'stop';
  if (exitBeforeStart) emit(session, 'exit_before_start', atMs, { waitedMs: Math.max(0, atMs - (session.intentAtMs ?? atMs)) });
  emit(session, 'session_end', atMs, endData(session, atMs, reason, exitBeforeStart));
  return { ...next, session: null };
}

function emitVitals(state: TelemetryState, session: OpenSession, atMs: number, emit: Emit): TelemetryState {
  emit(session, 'page_vitals', atMs, { ...state.vitals });
  return { ...state, vitalsDirty: false };
}

const VITAL_NAMES: readonly VitalName[] = ['lcpMs', 'inpMs', 'cls', 'fcpMs', 'ttfbMs'];

function pickVitals(metrics: Partial<Record<VitalName, number>>): Partial<PageVitalsData> {
  const picked: Partial<PageVitalsData> = {};
  for (const name of VITAL_NAMES) {
    const value = metrics[name];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) picked[name] = value;
  }
  return picked;
}

function makeBeacon<T extends BeaconType>(
  info: SessionSignal,
  seq: number,
  eventId: string,
  type: T,
  atMs: number,
  data: BeaconDataMap[T],
  positionSec: number,
  ctx: SessionContext,
): TelemetryBeacon {
  const beacon = {
    schemaVersion: SCHEMA_VERSION,
    eventId,
    sessionId: info.sessionId,
    seq,
    type,
    timeMs: Math.round(ctx.epochMsAt(atMs)),
    sessionTimeMs: Math.max(0, round3(atMs - info.atMs)),
    positionSec: round3(nonNegative(positionSec)),
    droppedCount: 0,
    ...(info.viewerId ? { viewerId: info.viewerId } : {}),
    ...(info.videoId ? { videoId: info.videoId } : {}),
    data,
  } as BeaconOf<T>;
  return beacon as TelemetryBeacon;
}

/** Measurements that cannot be negative (or NaN), as the schema says; a glitch becomes 0. */
function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
