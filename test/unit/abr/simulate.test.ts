import { describe, expect, it } from 'vitest';
import {
  constantLadder,
  constantTrace,
  createSimTrace,
  ladderFromJson,
  schedulePolicy,
  simulate,
  SimulationError,
  type LadderJsonLike,
  type PlayerSnapshot,
  type SimPolicy,
  type ThroughputSample,
} from '../../../abr/index.js';

/** Two rungs, 0.5 and 1 Mbps, no audio, 2 s segments: 1 and 2 Mbit per segment. */
const twoRungs = (segmentCount: number) => constantLadder({ videoBitratesBps: [500_000, 1_000_000], segmentDurationSec: 2, segmentCount });

describe('simulate', () => {
  it('plays a hand-checked timeline on a constant link', () => {
    // 1 Mbit at 1 Mbps + 40 ms RTT = 1.04 s per segment.
    const result = simulate(constantTrace(1000), twoRungs(3), schedulePolicy([0, 0, 0]));
    const { downloads, stalls, startupSec, endSec } = result.timeline;
    expect(downloads.map((d) => [d.startSec, d.endSec, d.bufferBeforeSec, d.bufferAfterSec])).toEqual([
      [0, expect.closeTo(1.04, 9), 0, 2],
      [expect.closeTo(1.04, 9), expect.closeTo(2.08, 9), 2, expect.closeTo(2.96, 9)],
      [expect.closeTo(2.08, 9), expect.closeTo(3.12, 9), expect.closeTo(2.96, 9), expect.closeTo(3.92, 9)],
    ]);
    expect(stalls).toEqual([]);
    expect(startupSec).toBeCloseTo(1.04, 9);
    expect(endSec).toBeCloseTo(7.04, 9);
    // 3 × 0.5 Mbps − 4.3 × 1.04 s of startup.
    expect(result.qoe.qoe).toBeCloseTo(1.5 - 4.3 * 1.04, 9);
  });

  it('records a stall when a segment takes longer than the buffer lasts', () => {
    // 2 Mbit at 1 Mbps + 40 ms = 2.04 s for 2 s of media: 40 ms short each time.
    const result = simulate(constantTrace(1000), twoRungs(3), schedulePolicy([1, 1, 1]));
    expect(result.timeline.startupSec).toBeCloseTo(2.04, 9);
    expect(result.timeline.stalls).toEqual([
      { startSec: expect.closeTo(4.04, 9), durationSec: expect.closeTo(0.04, 9) },
      { startSec: expect.closeTo(6.08, 9), durationSec: expect.closeTo(0.04, 9) },
    ]);
    expect(result.qoe).toMatchObject({ stallCount: 2, switches: 0 });
    expect(result.qoe.qoe).toBeCloseTo(3 - 4.3 * (2.04 + 0.08), 9);
  });

  it('waits for room under the buffer cap before the next request', () => {
    // 10 Mbps: 0.14 s per 1 Mbit segment; cap 5 s.
    const ladder = constantLadder({ videoBitratesBps: [500_000], segmentDurationSec: 2, segmentCount: 6 });
    const result = simulate(constantTrace(10_000), ladder, schedulePolicy([0, 0, 0, 0, 0, 0]), { bufferCapSec: 5 });
    const waits = result.timeline.downloads.map((d) => d.waitSec);
    expect(waits).toEqual([0, 0, expect.closeTo(0.86, 9), expect.closeTo(1.86, 9), expect.closeTo(1.86, 9), expect.closeTo(1.86, 9)]);
    expect(Math.max(...result.timeline.bufferSec.map((s) => s.bufferSec))).toBeLessThanOrEqual(5 + 1e-9);
    expect(result.timeline.endSec).toBeCloseTo(0.14 + 12, 9);
  });

  it('waits out an outage without dividing by zero', () => {
    const outageFirst = createSimTrace('outage', [
      [5, 0],
      [5, 1000],
    ]);
    const result = simulate(outageFirst, twoRungs(1), schedulePolicy([0]));
    expect(result.timeline.startupSec).toBeCloseTo(6, 9);
  });

  it('abandons on the policy word, loses the bytes so far and fetches the lower rung', () => {
    const samples: ThroughputSample[] = [];
    const policy: SimPolicy = {
      name: 'abandoner',
      decide: () => ({ rung: 1 }),
      onDownloaded: (sample) => samples.push(sample),
      shouldAbandon: (progress) => ({ abandon: progress.elapsedMs >= 500, toRung: 0, reason: 'test' }),
    };
    const result = simulate(constantTrace(1000), twoRungs(1), policy);
    const [download] = result.timeline.downloads;
    // Polled at 0.2, 0.4, 0.6 s; 0.56 s of transfer at 1 Mbps = 70 kB lost; 240p from 0.6 s.
    expect(download?.rung).toBe(0);
    expect(download?.abandoned).toMatchObject({ atSec: expect.closeTo(0.6, 9), fromRung: 1, toRung: 0, bytesLoaded: expect.closeTo(70_000, 3) });
    expect(download?.startSec).toBeCloseTo(0.6, 9);
    expect(result.timeline.startupSec).toBeCloseTo(1.64, 9);
    expect(samples.map((s) => s.aborted === true)).toEqual([true, false]);
  });

  it('shows the policy what an engine would: buffer, sizes, remaining media, buffer goal', () => {
    const seen: PlayerSnapshot[] = [];
    simulate(constantTrace(1000), twoRungs(3), { name: 'spy', decide: (s) => (seen.push(s), { rung: 0 }) }, { bufferCapSec: 20 });
    expect(seen[0]).toMatchObject({ nowMs: 0, bufferSec: 0, lastRung: null, mediaRemainingSec: 6, bufferGoalSec: 20, nextSegment: { index: 0, durationSec: 2, bytesByRung: [125_000, 250_000] } });
    expect(seen[2]).toMatchObject({ nowMs: expect.closeTo(2080, 6), lastRung: 0, mediaRemainingSec: 2 });
  });

  it('counts switches and their size', () => {
    const result = simulate(constantTrace(5000), twoRungs(4), schedulePolicy([0, 1, 1, 0]));
    expect(result.timeline.switches.map((s) => [s.segmentIndex, s.fromRung, s.toRung])).toEqual([
      [1, 0, 1],
      [3, 1, 0],
    ]);
    expect(result.qoe.switchPenalty).toBeCloseTo(1, 9);
  });

  it('refuses a rung outside the ladder or the caps', () => {
    expect(() => simulate(constantTrace(1000), twoRungs(1), schedulePolicy([2]))).toThrow(SimulationError);
    expect(() => simulate(constantTrace(1000), twoRungs(1), schedulePolicy([1]), { caps: { maxRung: 0 } })).toThrow(/allowed 0–0/);
  });
});

describe('ladderFromJson', () => {
  const json: LadderJsonLike = {
    source: { name: 'tiny' },
    rungs: [
      { id: '720p', index: 1, width: 1280, height: 720, videoBitrateBps: 2_500_000, averageBitrateBps: 2_640_000, videoAverageBitrateBps: 2_510_000, segments: [{ bytes: 600_000, durationSec: 2 }, { bytes: 640_000, durationSec: 2 }] },
      { id: '240p', index: 0, width: 426, height: 240, videoBitrateBps: 300_000, averageBitrateBps: 430_000, videoAverageBitrateBps: 300_000, segments: [{ bytes: 70_000, durationSec: 2 }, { bytes: 80_000, durationSec: 2 }] },
    ],
    audio: { averageBitrateBps: 129_000, segments: [{ bytes: 32_000, durationSec: 2.005 }, { bytes: 33_000, durationSec: 1.984 }] },
  };

  it('adds the audio bytes to every rung and credits QoE with the nominal video bitrate', () => {
    const ladder = ladderFromJson(json);
    expect(ladder.rungs.map((r) => [r.id, r.bitrateBps, r.qoeBitrateBps])).toEqual([
      ['240p', 430_000, 300_000],
      ['720p', 2_640_000, 2_500_000],
    ]);
    expect(ladder.segments.map((s) => s.bytesByRung)).toEqual([
      [102_000, 632_000],
      [113_000, 673_000],
    ]);
  });

  it('loops the segments to the requested count, and can leave audio out', () => {
    const ladder = ladderFromJson(json, { segmentCount: 5, includeAudio: false });
    expect(ladder.segments.map((s) => s.bytesByRung[0])).toEqual([70_000, 80_000, 70_000, 80_000, 70_000]);
    expect(ladder.rungs[1]?.bitrateBps).toBe(2_510_000);
  });
});
