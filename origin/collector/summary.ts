import type { BeaconType, SessionEndData, TelemetryBeacon } from '../../telemetry/types.js';

/** What the collector knows of one session. */
export interface SessionSummary {
  sessionId: string;
  videoId: string | null;
  beaconCount: number;
  /** Beacons per type. */
  types: Partial<Record<BeaconType, number>>;
  /** Sequence numbers below the highest received that never arrived. */
  missingSeq: number[];
  /** Beacons the client said it dropped (Σ droppedCount). */
  reportedDropped: number;
  /** session_end arrived and no sequence number is missing. */
  complete: boolean;
  /** The client's QoE summary (session_end data), or null while the session is open. */
  qoe: SessionEndData | null;
}

/** A session's summary from its beacons (any order, no duplicates). */
export function summarizeSession(sessionId: string, beacons: readonly TelemetryBeacon[]): SessionSummary {
  const types: Partial<Record<BeaconType, number>> = {};
  const seqs = new Set<number>();
  let maxSeq = -1;
  let reportedDropped = 0;
  let qoe: SessionEndData | null = null;
  let videoId: string | null = null;
  for (const beacon of beacons) {
    types[beacon.type] = (types[beacon.type] ?? 0) + 1;
    seqs.add(beacon.seq);
    maxSeq = Math.max(maxSeq, beacon.seq);
    reportedDropped += beacon.droppedCount;
    videoId ??= beacon.videoId ?? null;
    if (beacon.type === 'session_end') qoe = beacon.data;
  }
  const missingSeq: number[] = [];
  for (let seq = 0; seq <= maxSeq; seq += 1) if (!seqs.has(seq)) missingSeq.push(seq);
  return { sessionId, videoId, beaconCount: beacons.length, types, missingSeq, reportedDropped, complete: qoe !== null && missingSeq.length === 0, qoe, };
}

/** QoE of a video over its ended sessions. */
export interface VideoSummary {
  videoId: string;
  sessions: number;
  /** Sessions with a session_end. */
  endedSessions: number;
  /** Median startup time of the sessions that started, milliseconds; null when none did. */
  startupMsMedian: number | null;
  exitBeforeStartCount: number;
  /** Σ rebufferMs / Σ (playedSec × 1000 + rebufferMs) over ended sessions (0 to 1). */
  rebufferRatio: number;
  rebufferCount: number;
  /** Bitrate averaged over every played second of every ended session, bits per second; null when nothing was played. */
  averageBitrateBps: number | null;
  switchCount: number;
  playedSec: number;
  errorCount: number;
  fatalSessions: number;
  /** Σ missing sequence numbers over the sessions: beacons lost on the way. */
  missingBeacons: number;
}

export function summarizeVideo(videoId: string, sessions: readonly SessionSummary[]): VideoSummary {
  const ended = sessions.flatMap((session) => (session.qoe ? [session.qoe] : []));
  const startups = ended.flatMap((qoe) => (qoe.startupMs === null ? [] : [qoe.startupMs])).sort((a, b) => a - b);
  const rebufferMs = sum(ended.map((qoe) => qoe.rebufferMs));
  const playedSec = sum(ended.map((qoe) => qoe.playedSec));
  const bitratePlayed = ended.filter((qoe) => qoe.averageBitrateBps !== null);
  const bitrateSec = sum(bitratePlayed.map((qoe) => qoe.playedSec));
  return {
    videoId,
    sessions: sessions.length,
    endedSessions: ended.length,
    startupMsMedian: median(startups),
    exitBeforeStartCount: ended.filter((qoe) => qoe.exitBeforeStart).length,
    rebufferRatio: playedSec * 1000 + rebufferMs > 0 ? rebufferMs / (playedSec * 1000 + rebufferMs) : 0,
    rebufferCount: sum(ended.map((qoe) => qoe.rebufferCount)),
    averageBitrateBps: bitrateSec > 0 ? sum(bitratePlayed.map((qoe) => (qoe.averageBitrateBps ?? 0) * qoe.playedSec)) / bitrateSec : null,
    switchCount: sum(ended.map((qoe) => qoe.switchCount)),
    playedSec,
    errorCount: sum(ended.map((qoe) => qoe.errorCount)),
    fatalSessions: ended.filter((qoe) => qoe.fatal).length,
    missingBeacons: sum(sessions.map((session) => session.missingSeq.length)),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
