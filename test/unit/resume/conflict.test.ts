import { describe, expect, it } from 'vitest';
import { estimateOffsetMs, toDeviceClock, toServerClock } from '../../../src/resume/clock-offset.js';
import { pickRecord } from '../../../src/resume/conflict.js';

const NOW = 1_700_000_000_000;
const at = (positionSec: number, updatedAt: number) => ({ positionSec, durationSec: 120, completed: false, updatedAt });

describe('pickRecord: last writer wins, with a clock-skew rule', () => {
  it('takes the later write', () => {
    const older = at(80, NOW - 60_000);
    const newer = at(20, NOW - 10_000);
    expect(pickRecord(older, newer, { nowEpochMs: NOW })).toBe(newer);
    expect(pickRecord(newer, older, { nowEpochMs: NOW })).toBe(newer);
  });

  it('takes whichever exists when one side has none', () => {
    const only = at(30, NOW);
    expect(pickRecord(null, only, { nowEpochMs: NOW })).toBe(only);
    expect(pickRecord(only, null, { nowEpochMs: NOW })).toBe(only);
    expect(pickRecord(null, null, { nowEpochMs: NOW })).toBeNull();
  });

  it('counts a timestamp from the future as now, so a clock running ahead cannot win forever', () => {
    // Device A's clock is an hour fast: its old write claims to be from the future.
    const fromFastClock = at(30, NOW + 3_600_000);
    const justNow = at(70, NOW - 1_000);
    // Within the tolerance of "now": concurrent, the further position wins.
    expect(pickRecord(fromFastClock, justNow, { nowEpochMs: NOW })).toBe(justNow);
    // Against an older write it is simply the later one.
    expect(pickRecord(fromFastClock, at(90, NOW - 60_000), { nowEpochMs: NOW })).toBe(fromFastClock);
  });

  it('treats writes closer than the tolerance as concurrent: the further position wins', () => {
    const local = at(50, NOW - 2_000);
    const remote = at(40, NOW - 4_000);
    expect(pickRecord(local, remote, { nowEpochMs: NOW })).toBe(local);
    expect(pickRecord(at(30, NOW - 2_000), remote, { nowEpochMs: NOW })).toBe(remote);
  });

  it('prefers the remote record on a perfect tie', () => {
    const local = at(40, NOW);
    const remote = at(40, NOW);
    expect(pickRecord(local, remote, { nowEpochMs: NOW })).toBe(remote);
  });

  it('uses the tolerance it is given', () => {
    const local = at(50, NOW - 2_000);
    const remote = at(40, NOW - 1_000);
    expect(pickRecord(local, remote, { nowEpochMs: NOW, skewToleranceMs: 0 })).toBe(remote);
  });
});

describe('clock offset between server and device', () => {
  it('takes the midpoint of the round trip as the moment the server read its clock', () => {
    // Sent at 1000, received at 1200 (device); the server said 61 100: it runs 60 s ahead.
    expect(estimateOffsetMs(1_000, 1_200, 61_100)).toBe(60_000);
  });

  it('puts a device timestamp on the server clock and back', () => {
    expect(toServerClock(5_000, 60_000)).toBe(65_000);
    expect(toDeviceClock(65_000, 60_000)).toBe(5_000);
  });
});
