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

  it('explains a rendered quality with the latest decision that chose its rung', () => {
    const session = new VodAbrSession({ seedHost: null, storage: null });
    const decision = session.choose(snapshot());
    const record = session.decisionFor({ bitrateBps: RUNGS[decision.rung]!.bitrateBps, height: RUNGS[decision.rung]!.height });
    expect(record).toMatchObject({ rung: decision.rung, rule: decision.rule, reason: decision.reason, bufferSec: 0 });
    expect(session.decisionFor({ bitrateBps: 9_999_999, height: 2160 })).toBeNull();
  });

  it('keeps one record per change of rung or rule, not one per call', () => {
    const session = new VodAbrSession({ seedHost: null, storage: null });
    for (let i = 0; i < 50; i++) session.choose(snapshot({ nowMs: i }));
    expect(session.decisions.length).toBe(1);
  });
});

describe('seedHostOf', () => {
  it('keys seeds by the manifest host, resolving relative sources against the page', () => {
    expect(seedHostOf('https://cdn.example:8443/v/master.m3u8', 'https://site.example/')).toBe('cdn.example:8443');
    expect(seedHostOf('/v/master.m3u8', 'http://127.0.0.1:5173/demo/')).toBe('127.0.0.1:5173');
    expect(seedHostOf('data:application/x-mpegurl,#EXTM3U', 'https://site.example/')).toBeNull();
  });
});
