import { describe, expect, it } from 'vitest';
import { createAbrController, type PlayerSnapshot } from '../../../abr/index.js';
import { RUNGS } from './fixtures.js';

function snapshot(overrides: Partial<PlayerSnapshot> = {}): PlayerSnapshot {
  return { nowMs: 0, bufferSec: 0, rungs: RUNGS, nextSegment: { index: 0, durationSec: 2 }, lastRung: null, rttMs: 0, ...overrides };
}

describe('createAbrController', () => {
  it('starts a new viewer at the lowest rung and a returning one from the stored estimate', () => {
    expect(createAbrController().choose(snapshot()).rung).toBe(0);
    expect(createAbrController({}, { seedBandwidthBps: 10_000_000 }).choose(snapshot()).rung).toBe(3);
  });

  it('ramps from samples: one fast segment lifts the next choice', () => {
    const abr = createAbrController();
    abr.choose(snapshot());
    expect(abr.onSegmentLoaded({ bytes: 107_000, durationMs: 140, ttfbMs: 40, nowMs: 140 })).toBe('accepted');
    // 0.856 Mbit in 0.1 s of transfer: 8.6 Mbps. Startup asks for 1080p (8.6 × 0.75 = 6.4 Mbps);
    // with 2 s buffered − 1 s margin, only 720p arrives in time (0.81 s at 8.6 × 0.8 Mbps).
    const next = abr.choose(snapshot({ nowMs: 140, bufferSec: 2, lastRung: 0, nextSegment: { index: 1, durationSec: 2 } }));
    expect(next).toMatchObject({ rung: 3, rule: 'download-time', phase: 'startup' });
    expect(abr.bandwidthEstimateBps).toBeCloseTo(8_560_000, -4);
  });

  it('answers the same snapshot the same way, however often it is asked', () => {
    const abr = createAbrController({}, { seedBandwidthBps: 3_000_000 });
    abr.onSegmentLoaded({ bytes: 750_000, durationMs: 2_000, ttfbMs: 0, nowMs: 2_000 });
    const asked = snapshot({ bufferSec: 12, lastRung: 2, nextSegment: { index: 6, durationSec: 2 } });
    const first = abr.choose(asked);
    expect(abr.choose(asked)).toEqual(first);
    expect(abr.choose(asked)).toEqual(first);
  });

  it('reports why a sample was ignored and keeps the estimate', () => {
    const abr = createAbrController({}, { seedBandwidthBps: 2_000_000 });
    expect(abr.onSegmentLoaded({ bytes: 1_000_000, durationMs: 3, nowMs: 3, fromCache: true })).toBe('cache-hit');
    expect(abr.bandwidthEstimateBps).toBe(2_000_000);
  });

  it('abandons a segment at most once', () => {
    const abr = createAbrController({}, { seedBandwidthBps: 6_000_000 });
    const inFlight = snapshot({ bufferSec: 5, lastRung: 4, nextSegment: { index: 7, durationSec: 2 } });
    const progress = { rung: 4, bytesLoaded: 50_000, bytesTotal: 1_157_000, elapsedMs: 1_000, ttfbMs: 0 };
    expect(abr.shouldAbandon(progress, inFlight).abandon).toBe(true);
    expect(abr.shouldAbandon({ ...progress, rung: 1 }, inFlight)).toMatchObject({ abandon: false, reason: 'abandon: this segment was abandoned once already' });
  });

  it('returns to startup on a seek and keeps the estimate', () => {
    const abr = createAbrController();
    abr.onSegmentLoaded({ bytes: 2_500_000, durationMs: 1_000, ttfbMs: 0, nowMs: 1_000 });
    abr.choose(snapshot({ bufferSec: 20, lastRung: 4, nextSegment: { index: 10, durationSec: 2 } }));
    expect(abr.state.phase).toBe('steady');
    abr.onSeek();
    expect(abr.state.phase).toBe('startup');
    expect(abr.bandwidthEstimateBps).toBeCloseTo(20_000_000, -4);
    expect(abr.choose(snapshot({ bufferSec: 0, lastRung: 4, nextSegment: { index: 40, durationSec: 2 } })).rule).toBe('startup');
  });

  it('forgets the estimate on reset but keeps the seed, unless told to keep it', () => {
    const abr = createAbrController({}, { seedBandwidthBps: 3_000_000 });
    abr.onSegmentLoaded({ bytes: 2_500_000, durationMs: 1_000, ttfbMs: 0, nowMs: 1_000 });
    abr.reset({ keepEstimator: true });
    expect(abr.bandwidthEstimateBps).toBeCloseTo(20_000_000, -4);
    abr.reset();
    expect(abr.bandwidthEstimateBps).toBe(3_000_000);
    expect(abr.state.lastDecision).toBeNull();
  });

  it('hands out state snapshots that later calls do not change', () => {
    const abr = createAbrController();
    const before = abr.state;
    abr.onSegmentLoaded({ bytes: 500_000, durationMs: 1_000, ttfbMs: 0, nowMs: 1_000 });
    abr.choose(snapshot());
    expect(before.estimator.acceptedSamples).toBe(0);
    expect(before.lastDecision).toBeNull();
  });

  it('accepts a partial config and validates it', () => {
    expect(createAbrController({ buffer: { reservoirSec: 9 } }).config.buffer.reservoirSec).toBe(9);
    expect(() => createAbrController({ buffer: { sustainFactor: 0 } })).toThrow(/sustainFactor/);
  });
});
