import { describe, expect, it } from 'vitest';
import type { PlayerSnapshot, RungInfo } from '../../../abr/index.js';
import { VodAbrSession, seedHostOf } from '../../../src/vod-abr/abr-session.js';
import type { SeedStorage } from '../../../src/vod-abr/seed-store.js';

const RUNGS: RungInfo[] = [
  { index: 0, bitrateBps: 428_000, height: 240, width: 426 },
  { index: 1, bitrateBps: 828_000, height: 360, width: 640 },
  { index: 2, bitrateBps: 1_328_000, height: 480, width: 854 },
  { index: 3, bitrateBps: 2_628_000, height: 720, width: 1280 },
  { index: 4, bitrateBps: 4_628_000, height: 1080, width: 1920 },
];

function memoryStorage(): SeedStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (key) => data.get(key) ?? null, setItem: (key, value) => void data.set(key, value) };
}

function snapshot(partial: Partial<Omit<PlayerSnapshot, 'caps'>> = {}): Omit<PlayerSnapshot, 'caps'> {
  return { nowMs: 0, bufferSec: 0, rungs: RUNGS, nextSegment: { index: 1, durationSec: 2 }, lastRung: null, ...partial };
}

/** A 2 s segment of `bytes` that took `durationMs`: `8 × bytes / durationMs` kbit/s. */
function sample(bytes: number, durationMs: number, nowMs: number) {
  return { bytes, durationMs, ttfbMs: 20, nowMs };
}

describe('VodAbrSession', () => {
  it('starts a first-time viewer low and a returning viewer from the estimate stored for the host', () => {
    const storage = memoryStorage();
    const first = new VodAbrSession({ seedHost: 'cdn.example', storage });
    expect(first.seedBandwidthBps).toBeNull();
    const cold = first.choose(snapshot()).rung;
    for (let i = 1; i <= 10; i++) first.onSegmentLoaded(sample(1_250_000, 1_000, i * 1_000)); // 10 Mbps
    first.close();
    const returning = new VodAbrSession({ seedHost: 'cdn.example', storage });
    expect(returning.seedBandwidthBps).toBeGreaterThan(5_000_000);
    expect(returning.choose(snapshot()).rung).toBeGreaterThan(cold);
    expect(new VodAbrSession({ seedHost: 'elsewhere.example', storage }).seedBandwidthBps).toBeNull();
  });

  it('stores the estimate while playing at most every 5 s, so a crash still leaves a seed', () => {
    const storage = memoryStorage();
    let writes = 0;
    const counting: SeedStorage = { getItem: storage.getItem, setItem: (k, v) => ((writes += 1), storage.setItem(k, v)) };
    const session = new VodAbrSession({ seedHost: 'cdn.example', storage: counting });
    for (let i = 0; i < 20; i++) session.onSegmentLoaded(sample(500_000, 1_000, i * 1_000)); // 20 s of samples
    expect(writes).toBe(4); // at 0, 5, 10 and 15 s
  });

  it('writes no seed when there is no host, or nothing was measured', () => {
    const storage = memoryStorage();
    new VodAbrSession({ seedHost: 'cdn.example', storage }).close();
    const hostless = new VodAbrSession({ seedHost: null, storage });
    hostless.onSegmentLoaded(sample(1_000_000, 1_000, 0));
    hostless.close();
    expect(storage.data.size).toBe(0);
  });

  it('applies the embedder caps read at each decision', () => {
    let maxRung = 4;
    const session = new VodAbrSession({ seedHost: null, storage: null, caps: () => ({ maxRung }) });
    for (let i = 1; i <= 10; i++) session.onSegmentLoaded(sample(2_500_000, 1_000, i * 1_000)); // 20 Mbps
    expect(session.choose(snapshot({ bufferSec: 25, lastRung: 4, nowMs: 11_000 })).rung).toBe(4);
    maxRung = 1;
    expect(session.choose(snapshot({ bufferSec: 25, lastRung: 4, nowMs: 12_000 })).rung).toBeLessThanOrEqual(1);
  });

  it('explains a rendered segment with the decision whose request brought it, and nothing else', () => {
    const session = new VodAbrSession({ seedHost: null, storage: null });
    const decision = session.choose(snapshot());
    session.segmentRequested({ rendition: decision.rung, startSec: 0, endSec: 2 }, decision.id);
    const rendered = session.renderedAt(decision.rung, 1);
    expect(rendered).toEqual({ decisionId: decision.id });
    expect(session.decisionById(rendered.decisionId)).toMatchObject({ id: decision.id, rung: decision.rung, rule: decision.rule, reason: decision.reason, bufferSec: 0 });
    expect(session.renderedAt(decision.rung, 7)).toEqual({ decisionId: null }); // a segment no decision requested
  });

  it('keeps one record per change of rung or rule, not one per call', () => {
    const session = new VodAbrSession({ seedHost: null, storage: null });
    for (let i = 0; i < 50; i++) session.choose(snapshot({ nowMs: i }));
    expect(session.decisions.length).toBe(1);
  });

  it("hands back, for the segment being rendered, the decision whose request brought it", () => {
    const session = new VodAbrSession({ seedHost: null, storage: null });
    const first = session.choose(snapshot());
    session.segmentRequested({ rendition: 'v0', startSec: 0, endSec: 2 }, first.id);
    const second = session.choose(snapshot({ nowMs: 1, bufferSec: 2, lastRung: first.rung, nextSegment: { index: 2, durationSec: 2 } }));
    session.segmentRequested({ rendition: 'v0', startSec: 2, endSec: 4 }, second.id);
    expect(second.id).toBeGreaterThan(first.id);
    expect(session.decisionById(session.renderedAt('v0', 0.5).decisionId)).toMatchObject({ id: first.id, rule: first.rule, reason: first.reason, bufferSec: 0 });
    expect(session.decisionById(session.renderedAt('v0', 3).decisionId)).toMatchObject({ id: second.id, bufferSec: 2 });
  });

  it('names no decision for a segment a pin or the engine chose, nor for one never requested', () => {
    const session = new VodAbrSession({ seedHost: null, storage: null });
    session.choose(snapshot());
    session.segmentRequested({ rendition: 3, startSec: 0, endSec: 2 }, null);
    expect(session.renderedAt(3, 1)).toEqual({ decisionId: null });
    expect(session.renderedAt(4, 1)).toEqual({ decisionId: null });
    expect(session.decisionById(null)).toBeNull();
    expect(session.decisionById(undefined)).toBeNull();
  });

  it('gives an abandon its own decision id, for the refetch it asks for', () => {
    const session = new VodAbrSession({ seedHost: null, storage: null });
    const verdict = session.shouldAbandon(
      { rung: 4, bytesLoaded: 10_000, bytesTotal: 2_000_000, elapsedMs: 4_000, ttfbMs: 50 },
      snapshot({ bufferSec: 1, nowMs: 4_000, lastRung: 4 }),
    );
    expect(verdict.abandon).toBe(true);
    expect(session.decisionById(verdict.id)).toMatchObject({ rule: 'abandon', rung: verdict.toRung });
    const kept = session.shouldAbandon({ rung: 1, bytesLoaded: 0, elapsedMs: 10 }, snapshot({ bufferSec: 20 }));
    expect(kept).toMatchObject({ abandon: false, id: null });
  });

  it('times decisions on its monotonic clock and stamps the stored seed on its epoch clock', () => {
    const storage = memoryStorage();
    const session = new VodAbrSession({
      seedHost: 'cdn.example',
      storage,
      monotonicClock: { monotonicMs: () => 42 },
      epochClock: { epochMs: () => 1_700_000_000_000 },
    });
    expect(session.monotonicMs()).toBe(42);
    session.onSegmentLoaded(sample(1_250_000, 1_000, 42));
    session.close();
    expect(JSON.parse(storage.data.get('vod-player:abr-seed:cdn.example')!)).toMatchObject({ savedAtMs: 1_700_000_000_000 });
    // Seven days on the epoch clock later, the seed has expired.
    const later = new VodAbrSession({ seedHost: 'cdn.example', storage, epochClock: { epochMs: () => 1_700_000_000_000 + 8 * 24 * 3600 * 1000 } });
    expect(later.seedBandwidthBps).toBeNull();
  });
});

describe('seedHostOf', () => {
  it('keys seeds by the manifest host, resolving relative sources against the page', () => {
    expect(seedHostOf('https://cdn.example:8443/v/master.m3u8', 'https://site.example/')).toBe('cdn.example:8443');
    expect(seedHostOf('/v/master.m3u8', 'http://127.0.0.1:5173/demo/')).toBe('127.0.0.1:5173');
    expect(seedHostOf('data:application/x-mpegurl,#EXTM3U', 'https://site.example/')).toBeNull();
  });
});

describe('VodAbrSession: cold start and Resource Timing', () => {
  it('starts a first-time viewer from the browser downlink × 0.5, but a returning viewer from the seed', () => {
    const storage = memoryStorage();
    const fresh = new VodAbrSession({ seedHost: 'cdn.example', storage, downlinkBps: () => 10_000_000, resourceTiming: null });
    expect(fresh.bandwidthEstimateBps).toBe(5_000_000);
    const decision = fresh.choose(snapshot());
    expect(decision.rung).toBeGreaterThan(0);
    expect(decision.reason).toMatch(/downlink 5\.0 Mbps/);
    storage.setItem('vod-player:abr-seed:cdn.example', JSON.stringify({ bps: 2_000_000, atMs: Date.now() }));
    const withSeed = new VodAbrSession({ seedHost: 'cdn.example', storage, downlinkBps: () => 10_000_000, resourceTiming: null });
    expect(withSeed.bandwidthEstimateBps).toBe(withSeed.seedBandwidthBps ?? Number.NaN);
  });

  it('measures a fast segment Resource Timing saw cross the network instead of dropping it', () => {
    const timing = {
      entryFor: (url: string) => (url.endsWith('seg-1.m4s') ? { name: url, startTime: 0, responseStart: 40, responseEnd: 42, transferSize: 100_300, decodedBodySize: 100_000 } : null),
      dispose: () => undefined,
    };
    const session = new VodAbrSession({ seedHost: null, downlinkBps: () => null, resourceTiming: timing });
    // 100 kB whose body took 2 ms: 400 Mbps, accepted because it crossed the network.
    expect(session.onSegmentLoaded({ bytes: 100_000, durationMs: 42, ttfbMs: 41.9, nowMs: 100 }, 'https://cdn.example/seg-1.m4s')).toBe('accepted');
    expect(session.bandwidthEstimateBps).toBeCloseTo(400_000_000, -6);
  });
});
