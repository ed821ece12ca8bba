import { describe, expect, it } from 'vitest';
import { refineSample, type ResourceTimingLike, type ResourceTimingSource } from '../../../src/vod-abr/resource-timing.js';

const URL = 'https://cdn.example/s/x/video/1080p/seg-3.m4s';

function source(entry: Partial<ResourceTimingLike> | null): ResourceTimingSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    entryFor(url) {
      asked.push(url);
      return entry === null ? null : { name: URL, startTime: 100, responseStart: 140, responseEnd: 148, transferSize: 1_150_000, decodedBodySize: 1_149_000, ...entry };
    },
    dispose() {},
  };
}

const SAMPLE = { bytes: 1_149_000, durationMs: 60, ttfbMs: 52, nowMs: 1_000 };

describe('refineSample', () => {
  it('marks a response that crossed the network and measures its body from first to last byte', () => {
    const refined = refineSample(SAMPLE, URL, source({}));
    expect(refined.fromCache).toBe(false);
    expect(refined.durationMs - (refined.ttfbMs ?? 0)).toBe(8); // responseEnd − responseStart
    expect(refined.durationMs).toBe(60); // the wait the player saw is kept
  });

  it('marks an HTTP-cache hit (transferSize 0 with a body)', () => {
    expect(refineSample(SAMPLE, URL, source({ transferSize: 0 })).fromCache).toBe(true);
  });

  it('leaves the sample alone when the timing is hidden (cross-origin without Timing-Allow-Origin)', () => {
    expect(refineSample(SAMPLE, URL, source({ responseStart: 0, responseEnd: 0, transferSize: 0, decodedBodySize: 0 }))).toBe(SAMPLE);
  });

  it('leaves the sample alone without an entry, a URL or a source, and never looks up init segments', () => {
    expect(refineSample(SAMPLE, URL, source(null))).toBe(SAMPLE);
    expect(refineSample(SAMPLE, undefined, source({}))).toBe(SAMPLE);
    expect(refineSample(SAMPLE, URL, null)).toBe(SAMPLE);
    const init = { ...SAMPLE, kind: 'init' as const };
    const watched = source({});
    expect(refineSample(init, URL, watched)).toBe(init);
    expect(watched.asked).toEqual([]);
  });

  it('never gives a negative time to first byte when the engine timed less than Resource Timing', () => {
    const refined = refineSample({ ...SAMPLE, durationMs: 5 }, URL, source({}));
    expect(refined.ttfbMs).toBe(0);
  });
});
