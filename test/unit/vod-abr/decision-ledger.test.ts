import { describe, expect, it } from 'vitest';
import { DecisionLedger, type AbrDecisionRecord } from '../../../src/vod-abr/decision-ledger.js';

function decision(rung: number, rule = 'buffer'): Omit<AbrDecisionRecord, 'id'> {
  return { rung, bitrateBps: 1_000_000 * (rung + 1), height: 360 * (rung + 1), rule, reason: `${rule} → rung ${rung}`, bufferSec: 10, bandwidthEstimateBps: 5e6, atMs: 0 };
}

/** Segment `n` (2 s long) of rendition `rendition`. */
function segment(rendition: string | number, n: number) {
  return { rendition, startSec: 2 * n, endSec: 2 * n + 2 };
}

describe('DecisionLedger', () => {
  it('numbers decisions 1, 2, 3… and finds each by its id', () => {
    const ledger = new DecisionLedger();
    const ids = [ledger.add(decision(0)).id, ledger.add(decision(1)).id, ledger.add(decision(1)).id];
    expect(ids).toEqual([1, 2, 3]);
    expect(ledger.byId(2)).toMatchObject({ id: 2, rung: 1 });
    expect(ledger.byId(99)).toBeNull();
  });

  it("names the decision whose request brought the segment at the playhead, in that segment's rendition only", () => {
    const ledger = new DecisionLedger();
    const low = ledger.add(decision(0, 'startup'));
    ledger.bind(segment('v0', 0), low.id);
    const high = ledger.add(decision(1));
    ledger.bind(segment('v1', 1), high.id);
    expect(ledger.at('v0', 1.2)).toBe(low);
    expect(ledger.at('v1', 2)).toBe(high);
    expect(ledger.at('v1', 1.2)).toBeNull(); // v1 has no segment at 1.2 s
    expect(ledger.at('v0', 3)).toBeNull(); // nor v0 at 3 s
  });

  it('gives null for a segment no decision chose (a pinned rendition, the engine ABR)', () => {
    const ledger = new DecisionLedger();
    ledger.add(decision(1));
    ledger.bind(segment(1, 0), null);
    expect(ledger.at(1, 1)).toBeNull();
  });

  it('lets a later request of the same segment replace what the earlier one said', () => {
    const ledger = new DecisionLedger();
    const first = ledger.add(decision(1));
    ledger.bind(segment(1, 4), first.id);
    const second = ledger.add(decision(1, 'download-time'));
    ledger.bind(segment(1, 4), second.id);
    expect(ledger.at(1, 8.5)).toBe(second);
    ledger.bind(segment(1, 4), null); // then fetched again while pinned
    expect(ledger.at(1, 8.5)).toBeNull();
  });

  it('keeps the last 32 decisions and the last 64 requests, nothing older', () => {
    const ledger = new DecisionLedger();
    const bound = ledger.add(decision(0));
    ledger.bind(segment(0, 0), bound.id);
    for (let i = 0; i < 100; i++) ledger.add(decision(1));
    // Bound to a remembered request, the first decision outlives the 32 latest.
    expect(ledger.byId(bound.id)).toBe(bound);
    expect(ledger.byId(2)).toBeNull();
    expect(ledger.byId(101)).not.toBeNull();
    expect(ledger.byId(70)).not.toBeNull(); // ids 70–101: the latest 32
    expect(ledger.byId(69)).toBeNull();
    for (let n = 1; n <= 64; n++) ledger.bind(segment(1, n), 101);
    expect(ledger.at(0, 1)).toBeNull();
    expect(ledger.byId(bound.id)).toBeNull();
    expect(ledger.at(1, 3)).toMatchObject({ id: 101 });
  });

  it('binds no decision for an id it no longer keeps', () => {
    const ledger = new DecisionLedger();
    for (let i = 0; i < 40; i++) ledger.add(decision(0));
    ledger.bind(segment(0, 0), 1);
    expect(ledger.at(0, 1)).toBeNull();
  });
});
