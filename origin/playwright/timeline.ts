import type { PlayerRecording, QualitySnapshot } from './recording.js';

/**
 * A player's quality and stall timeline, built from what the page recorder saw: for the JSON and
 * text attachments of a failed test, and for anyone reading a recording. Pure.
 */

export type TimelineEvent =
  | { atMs: number; kind: 'engine'; engine: string }
  | { atMs: number; kind: 'ready'; loadToReadyMs: number }
  | { atMs: number; kind: 'start'; quality: QualitySnapshot }
  | {
      atMs: number;
      kind: 'switch';
      direction: 'up' | 'down' | 'sideways';
      from: QualitySnapshot | null;
      to: QualitySnapshot;
      auto: boolean;
      reason: string;
      positionSec: number | null;
    }
  | { atMs: number; kind: 'stall-start'; cause: 'waiting' | 'frozen'; positionSec: number }
  | { atMs: number; kind: 'stall-end'; cause: 'waiting' | 'frozen'; durationMs: number }
  | { atMs: number; kind: 'error'; code: string; fatal: boolean; message: string };

export interface TimelineSummary {
  switchesUp: number;
  switchesDown: number;
  stalls: number;
  /** Stalled time, s: finished stalls as measured, an open one up to the end of the recording. */
  stallSec: number;
  /** A stall was still open when the recording was read. */
  stalledAtEnd: boolean;
  errors: number;
  fatalErrors: number;
  /** The rendition playing when the recording was read (else the last one switched to). */
  lastQuality: string | null;
  positionSec: number | null;
}

export interface Timeline {
  /** Page time the recording was read, ms; events are in page ms too. */
  endMs: number;
  events: TimelineEvent[];
  summary: TimelineSummary;
}

/** The recording's events in time order (ties keep the order they were recorded in), and a summary. */
export function buildTimeline(recording: PlayerRecording): Timeline {
  const events: TimelineEvent[] = [
    ...recording.engines.map((e): TimelineEvent => ({ atMs: e.atMs, kind: 'engine', engine: e.engine })),
    ...recording.ready.map((r): TimelineEvent => ({ atMs: r.atMs, kind: 'ready', loadToReadyMs: r.loadToReadyMs })),
    ...recording.starts.map((s): TimelineEvent => ({ atMs: s.atMs, kind: 'start', quality: s.quality })),
    ...recording.switches.map(
      (s): TimelineEvent => ({
        atMs: s.atMs,
        kind: 'switch',
        direction: directionOf(s.from, s.to),
        from: s.from,
        to: s.to,
        auto: s.auto,
        reason: s.reason,
        positionSec: s.positionSec,
      }),
    ),
    ...recording.stalls.flatMap((s): TimelineEvent[] => [
      { atMs: s.startMs, kind: 'stall-start', cause: s.cause, positionSec: s.positionSec },
      ...(s.endMs === null ? [] : [{ atMs: s.endMs, kind: 'stall-end' as const, cause: s.cause, durationMs: s.durationMs ?? s.endMs - s.startMs }]),
    ]),
    ...recording.errors.map((e): TimelineEvent => ({ atMs: e.atMs, kind: 'error', code: e.code, fatal: e.fatal, message: e.message })),
  ];
  const ordered = events.map((event, order) => ({ event, order })).sort((a, b) => a.event.atMs - b.event.atMs || a.order - b.order);

  const switches = ordered.flatMap(({ event }) => (event.kind === 'switch' ? [event] : []));
  const stallMs = recording.stalls.reduce((sum, s) => sum + (s.endMs === null ? Math.max(0, recording.nowMs - s.startMs) : (s.durationMs ?? s.endMs - s.startMs)), 0);
  const lastSwitched = switches.at(-1)?.to ?? recording.starts.at(-1)?.quality ?? null;
  return {
    endMs: recording.nowMs,
    events: ordered.map(({ event }) => event),
    summary: {
      switchesUp: switches.filter((s) => s.direction === 'up').length,
      switchesDown: switches.filter((s) => s.direction === 'down').length,
      stalls: recording.stalls.length,
      stallSec: round(stallMs / 1000, 3),
      stalledAtEnd: recording.stalls.some((s) => s.endMs === null),
      errors: recording.errors.length,
      fatalErrors: recording.errors.filter((e) => e.fatal).length,
      lastQuality: (recording.final?.quality ?? lastSwitched)?.label ?? null,
      positionSec: recording.final === null ? null : round(recording.final.positionSec, 3),
    },
  };
}

/**
 * The timeline for a person: a summary line, then one line per event at its page time
 *
 *     vod-player: 1 switch (1 up, 0 down), 1 stall (1.70 s), no errors; on 720p at 41.2 s
 *     page time  event
 *          1.20  engine hls.js
 *          9.11  switch up 360p → 720p (2.5 Mbps) (auto, vod-abr) at 7.1 s
 *         20.31  stall (waiting) at 18.2 s
 *         22.01  stall over after 1.70 s
 *         41.50  recording read
 *
 * Page times are seconds since the page's navigation (`performance.now()`), media positions
 * (`at …`) seconds of media.
 */
export function timelineText(timeline: Timeline): string {
  const lines = [summaryLine(timeline.summary), 'page time  event'];
  for (const event of timeline.events) lines.push(`${seconds(event.atMs).padStart(9)}  ${eventText(event)}`);
  const open = timeline.summary.stalledAtEnd ? ', a stall still open' : '';
  lines.push(`${seconds(timeline.endMs).padStart(9)}  recording read${open}`);
  return `${lines.join('\n')}\n`;
}

function summaryLine(s: TimelineSummary): string {
  const switches = s.switchesUp + s.switchesDown === 0 ? 'no switches' : `${plural(s.switchesUp + s.switchesDown, 'switch', 'switches')} (${s.switchesUp} up, ${s.switchesDown} down)`;
  const stalls = s.stalls === 0 ? 'no stalls' : `${plural(s.stalls, 'stall', 'stalls')} (${s.stallSec.toFixed(2)} s${s.stalledAtEnd ? ', one still open' : ''})`;
  const errors = s.errors === 0 ? 'no errors' : `${plural(s.errors, 'error', 'errors')} (${s.fatalErrors} fatal)`;
  const where = s.lastQuality === null && s.positionSec === null ? 'no player' : `on ${s.lastQuality ?? 'no rendition'}${s.positionSec === null ? '' : ` at ${s.positionSec.toFixed(1)} s`}`;
  return `vod-player: ${switches}, ${stalls}, ${errors}; ${where}`;
}

function eventText(event: TimelineEvent): string {
  switch (event.kind) {
    case 'engine':
      return `engine ${event.engine}`;
    case 'ready':
      return `ready, first frame ${seconds(event.loadToReadyMs)} s after load`;
    case 'start':
      return `starts on ${qualityText(event.quality)}`;
    case 'switch': {
      const how = `${event.auto ? 'auto' : 'pinned'}${event.reason === '' ? '' : `, ${event.reason}`}`;
      const at = event.positionSec === null ? '' : ` at ${event.positionSec.toFixed(1)} s`;
      return `switch ${event.direction} ${event.from?.label ?? '–'} → ${qualityText(event.to)} (${how})${at}`;
    }
    case 'stall-start':
      return `stall (${event.cause}) at ${event.positionSec.toFixed(1)} s`;
    case 'stall-end':
      return `stall over after ${seconds(event.durationMs)} s`;
    case 'error':
      return `error ${event.code} (${event.fatal ? 'fatal' : 'recovered'}): ${event.message}`;
  }
}

function directionOf(from: QualitySnapshot | null, to: QualitySnapshot): 'up' | 'down' | 'sideways' {
  if (from === null || to.bitrateBps === from.bitrateBps) return 'sideways';
  return to.bitrateBps > from.bitrateBps ? 'up' : 'down';
}

function qualityText(quality: QualitySnapshot): string {
  const kbps = quality.bitrateBps / 1000;
  return `${quality.label} (${kbps >= 1000 ? `${(kbps / 1000).toFixed(1)} Mbps` : `${Math.round(kbps)} kbps`})`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
