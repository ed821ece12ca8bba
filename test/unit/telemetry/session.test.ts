import { describe, expect, it } from 'vitest';
import type { PipelineSignal } from '../../../telemetry/signals.js';
import type { BeaconOf, TelemetryBeacon } from '../../../telemetry/types.js';
import { EPOCH_MS, rendition, run, sessionSignal } from './fixtures.js';

function ofType<T extends TelemetryBeacon['type']>(beacons: TelemetryBeacon[], type: T): BeaconOf<T>[] {
  return beacons.filter((beacon) => beacon.type === type) as unknown as BeaconOf<T>[];
}

/** Playing from `fromSec` for `sec` seconds at 1×, a position every 250 ms, starting at `atMs`. */
function play(atMs: number, fromSec: number, sec: number): PipelineSignal[] {
  const out: PipelineSignal[] = [];
  for (let t = 0; t <= sec * 1000; t += 250) out.push({ type: 'position', atMs: atMs + t, positionSec: fromSec + t / 1000, playing: true });
  return out;
}

describe('session aggregation', () => {
  it('opens a session with session_start carrying the envelope fields', () => {
    const [start] = run([sessionSignal({ atMs: 100, viewerId: 'viewer-9' })]);
    expect(start).toMatchObject({
      schemaVersion: 1,
      type: 'session_start',
      sessionId: 's1',
      seq: 0,
      timeMs: EPOCH_MS + 100,
      sessionTimeMs: 0,
      videoId: 'video-1',
      viewerId: 'viewer-9',
      droppedCount: 0,
      data: { engine: 'hls.js', abrMode: 'vod', manifestUrl: 'http://127.0.0.1/master.m3u8', autoplay: true },
    });
  });

  it('numbers beacons 0, 1, 2 … within a session and restarts at 0 for the next', () => {
    const beacons = run([
      sessionSignal(),
      { type: 'error', atMs: 10, positionSec: 0, code: 'SEGMENT_LOAD_FAILED', fatal: false, message: 'x' },
      sessionSignal({ atMs: 20, sessionId: 's2' }),
      { type: 'error', atMs: 30, positionSec: 0, code: 'SEGMENT_LOAD_FAILED', fatal: false, message: 'y' },
    ]);
    expect(beacons.map((b) => [b.sessionId, b.seq, b.type])).toEqual([
      ['s1', 0, 'session_start'],
      ['s1', 1, 'error'],
      ['s1', 2, 'session_end'],
      ['s2', 0, 'session_start'],
      ['s2', 1, 'error'],
    ]);
    expect(ofType(beacons, 'session_end')[0]?.data.reason).toBe('source-change');
    expect(new Set(beacons.map((b) => b.eventId)).size).toBe(beacons.length);
  });

  it('measures startup from the first play intent to the first frame', () => {
    const beacons = run([
      sessionSignal({ atMs: 0 }),
      { type: 'play_intent', atMs: 200 },
      { type: 'play_intent', atMs: 400 },
      { type: 'first_frame', atMs: 1_150, positionSec: 0 },
      { type: 'first_frame', atMs: 5_000, positionSec: 3 },
      { type: 'end', atMs: 6_000, reason: 'pagehide' },
    ]);
    expect(ofType(beacons, 'startup').map((b) => b.data.startupMs)).toEqual([950]);
    expect(ofType(beacons, 'session_end')[0]?.data).toMatchObject({ startupMs: 950, exitBeforeStart: false });
  });

  it('counts a play intent made before the source loaded', () => {
    const beacons = run([{ type: 'play_intent', atMs: 50 }, sessionSignal({ atMs: 300 }), { type: 'first_frame', atMs: 1_050, positionSec: 0 }]);
    expect(ofType(beacons, 'startup')[0]?.data.startupMs).toBe(1_000);
  });

  it('reports exit_before_start when the page is left between play intent and the first frame', () => {
    const beacons = run([sessionSignal(), { type: 'play_intent', atMs: 100 }, { type: 'end', atMs: 2_600, reason: 'pagehide' }]);
    expect(beacons.map((b) => b.type)).toEqual(['session_start', 'exit_before_start', 'session_end']);
    expect(ofType(beacons, 'exit_before_start')[0]?.data.waitedMs).toBe(2_500);
    expect(ofType(beacons, 'session_end')[0]?.data).toMatchObject({ exitBeforeStart: true, startupMs: null, reason: 'pagehide' });
  });

  it('makes session_end with quarantinedCount 0 (delivery writes in the real count as it leaves)', () => {
    const beacons = run([sessionSignal(), { type: 'end', atMs: 1_000, reason: 'stop' }]);
    expect(ofType(beacons, 'session_end')[0]?.data.quarantinedCount).toBe(0);
  });

  it('does not call a failed start an exit before start', () => {
    const beacons = run([
      sessionSignal(),
      { type: 'play_intent', atMs: 100 },
      { type: 'error', atMs: 200, positionSec: 0, code: 'MANIFEST_LOAD_FAILED', fatal: true, message: '404' },
      { type: 'end', atMs: 300, reason: 'pagehide' },
    ]);
    expect(ofType(beacons, 'exit_before_start')).toEqual([]);
    expect(ofType(beacons, 'session_end')[0]?.data).toMatchObject({ errorCount: 1, fatal: true, exitBeforeStart: false });
  });

  it('summarises QoE: time-weighted average bitrate, rebuffer total, count and ratio, switches', () => {
    const low = rendition(0, 1_000_000);
    const high = rendition(1, 3_000_000);
    const beacons = run([
      sessionSignal({ atMs: 0 }),
      { type: 'play_intent', atMs: 0 },
      { type: 'quality', atMs: 500, positionSec: 0, from: null, to: low, auto: true, reason: 'initial', bufferSec: 2, bandwidthEstimateBps: null },
      { type: 'first_frame', atMs: 500, positionSec: 0 },
      ...play(500, 0, 6), // 6 s at 1 Mbps
      { type: 'quality', atMs: 6_500, positionSec: 6, from: low, to: high, auto: true, reason: { rule: 'buffer' }, bufferSec: 12, bandwidthEstimateBps: 5e6 },
      ...play(6_500, 6, 2), // 2 s at 3 Mbps, then a 1 s stall
      { type: 'rebuffer_start', atMs: 8_500, positionSec: 8, cause: 'frozen', bufferSec: 0 },
      { type: 'position', atMs: 9_000, positionSec: 8.5, playing: true }, // audio runs on while frozen: not played
      { type: 'rebuffer_end', atMs: 9_500, positionSec: 9, cause: 'frozen', durationMs: 1_000 },
      ...play(9_500, 9, 2), // 2 s more at 3 Mbps
      { type: 'end', atMs: 11_600, reason: 'pagehide' },
    ]);
    const end = ofType(beacons, 'session_end')[0]!.data;
    expect(end.playedSec).toBeCloseTo(10, 6);
    expect(end.averageBitrateBps).toBeCloseTo((6 * 1e6 + 4 * 3e6) / 10, 0);
    expect(end.rebufferMs).toBe(1_000);
    expect(end.rebufferCount).toBe(1);
    expect(end.rebufferRatio).toBeCloseTo(1_000 / 11_000, 9);
    expect(end.switchCount).toBe(1);
    expect(end.startupMs).toBe(500);
    expect(end.durationMs).toBe(11_600);
    expect(ofType(beacons, 'quality_change')[1]?.data).toMatchObject({ from: low, to: high, reason: { rule: 'buffer' }, bufferSec: 12, bandwidthEstimateBps: 5e6 });
  });

  it('counts an open stall up to the end of the session', () => {
    const beacons = run([
      sessionSignal(),
      ...play(0, 0, 4),
      { type: 'rebuffer_start', atMs: 4_000, positionSec: 4, cause: 'waiting', bufferSec: 0 },
      { type: 'end', atMs: 6_000, reason: 'pagehide' },
    ]);
    expect(ofType(beacons, 'session_end')[0]?.data).toMatchObject({ rebufferMs: 2_000, rebufferCount: 1 });
  });

  it('does not count a seek as played time', () => {
    const beacons = run([
      sessionSignal(),
      ...play(0, 0, 2),
      { type: 'position', atMs: 2_250, positionSec: 60, playing: true },
      { type: 'seek', atMs: 2_300, fromSec: 2, toSec: 60, durationMs: 300 },
      ...play(2_300, 60, 2),
      { type: 'end', atMs: 4_400, reason: 'pagehide' },
    ]);
    expect(ofType(beacons, 'session_end')[0]?.data.playedSec).toBeCloseTo(4, 6);
    expect(ofType(beacons, 'seek')[0]?.data).toEqual({ fromSec: 2, toSec: 60, durationMs: 300 });
  });

  it('makes a heartbeat from the probe, with dropped frames counted from the session start', () => {
    const beacons = run([
      sessionSignal(),
      { type: 'heartbeat_tick', atMs: 10_000, probe: { positionSec: 0, bufferSec: 0, bitrateBps: null, droppedFrames: 40 } },
      ...play(10_000, 0, 3),
      { type: 'heartbeat_tick', atMs: 13_000, probe: { positionSec: 3, bufferSec: 14.5, bitrateBps: 2.5e6, droppedFrames: 43 } },
    ]);
    expect(ofType(beacons, 'heartbeat').map((b) => b.data)).toEqual([
      { playedSec: 0, bufferSec: 0, bitrateBps: null, droppedFrames: 40 },
      { playedSec: 3, bufferSec: 14.5, bitrateBps: 2.5e6, droppedFrames: 43 },
    ]);
  });

  it('sends page vitals with every value known so far, holding them until a session exists', () => {
    const beacons = run([
      { type: 'vitals', atMs: 5, metrics: { ttfbMs: 80 } },
      sessionSignal({ atMs: 10 }),
      { type: 'vitals', atMs: 20, metrics: { fcpMs: 300 } },
    ]);
    expect(ofType(beacons, 'page_vitals').map((b) => b.data)).toEqual([
      { lcpMs: null, inpMs: null, cls: null, fcpMs: null, ttfbMs: 80 },
      { lcpMs: null, inpMs: null, cls: null, fcpMs: 300, ttfbMs: 80 },
    ]);
  });

  it('ignores player signals outside a session', () => {
    expect(run([{ type: 'error', atMs: 1, positionSec: 0, code: 'X', fatal: true, message: 'm' }, { type: 'end', atMs: 2, reason: 'pagehide' }])).toEqual([]);
  });
});

describe('session aggregation with glitchy inputs', () => {
  it('never makes a negative duration or buffer (the schema would refuse the batch)', () => {
    const beacons = run([
      sessionSignal(),
      { type: 'rebuffer_start', atMs: 100, positionSec: 1, cause: 'frozen', bufferSec: -0.01 },
      { type: 'rebuffer_end', atMs: 100, positionSec: 1, cause: 'frozen', durationMs: -3.2 },
      { type: 'seek', atMs: 200, fromSec: Number.NaN, toSec: 5, durationMs: -1 },
    ]);
    expect(beacons.map((b) => b.data)).toMatchObject([{}, { bufferSec: 0 }, { durationMs: 0 }, { fromSec: 0, toSec: 5, durationMs: 0 }]);
  });
});
