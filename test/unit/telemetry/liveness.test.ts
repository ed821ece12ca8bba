import { describe, expect, it } from 'vitest';
import { OwnerLiveness, isOwnerGone, type LockManagerLike } from '../../../telemetry/liveness.js';
import { createStorageQueueStore, listOwners, ownerKey } from '../../../telemetry/storage.js';
import type { TelemetryBeacon } from '../../../telemetry/types.js';
import { FakeLocks, MemoryStorage } from './harness.js';

const STALE_MS = 90_000;

describe('isOwnerGone', () => {
  it.each([
    ['its lock is held', { record: { aliveAtMs: 0, locked: true }, lastSavedAtMs: 0, lockHeld: true }, 1e9, false],
    ['it held its lock and the lock is free', { record: { aliveAtMs: 99_000, locked: true }, lastSavedAtMs: 99_000, lockHeld: false }, 100_000, true],
    ['its lock is free but it never said it held it, heard of recently', { record: { aliveAtMs: 95_000, locked: false }, lastSavedAtMs: 0, lockHeld: false }, 100_000, false],
    ['its lock is free, it never held it, not heard of for 90 s', { record: { aliveAtMs: 10_000, locked: false }, lastSavedAtMs: 0, lockHeld: false }, 100_000, true],
    ['no Web Locks, renewed 30 s ago', { record: { aliveAtMs: 70_000, locked: false }, lastSavedAtMs: 0, lockHeld: null }, 100_000, false],
    ['no Web Locks, saved 30 s ago', { record: null, lastSavedAtMs: 70_000, lockHeld: null }, 100_000, false],
    ['no Web Locks, silent for 90 s', { record: { aliveAtMs: 10_000, locked: true }, lastSavedAtMs: 5_000, lockHeld: null }, 100_000, true],
    ['it left (pagehide), a second ago, no Web Locks', { record: { aliveAtMs: 99_000, locked: false, leftAtMs: 99_000 }, lastSavedAtMs: 99_000, lockHeld: null }, 100_000, true],
    ['it left, but holds its lock again (back from the cache)', { record: { aliveAtMs: 99_000, locked: true, leftAtMs: 99_000 }, lastSavedAtMs: 0, lockHeld: true }, 100_000, false],
  ] as const)('%s → %s', (_what, state, nowMs, gone) => {
    expect(isOwnerGone(state, nowMs, STALE_MS)).toBe(gone);
  });
});

function leftBy(storage: MemoryStorage, owner: string, atMs: number): void {
  createStorageQueueStore(storage, 'c', owner, () => atMs).save({ beacons: [{ eventId: `${owner}-e`, sessionId: 's' } as TelemetryBeacon], serverErrors: {}, dropped: {}, quarantined: {} });
}

async function gone(liveness: OwnerLiveness, storage: MemoryStorage, me: string): Promise<string[]> {
  const out: string[] = [];
  await liveness.forEachGone(listOwners(storage, me), (owner) => out.push(owner));
  return out.sort();
}

describe('OwnerLiveness', () => {
  it('with Web Locks: holds a lock per instance, and finds gone exactly those whose lock is free', async () => {
    const storage = new MemoryStorage();
    const locks = new FakeLocks();
    let now = 1_000;
    const tabA = new OwnerLiveness({ storage, locks, epochMs: () => now, staleMs: STALE_MS });
    const tabB = new OwnerLiveness({ storage, locks, epochMs: () => now, staleMs: STALE_MS });
    tabA.claim('a');
    tabB.claim('b');
    leftBy(storage, 'a', now);
    leftBy(storage, 'b', now);
    await Promise.resolve();
    expect(JSON.parse(storage.getItem(ownerKey('a'))!)).toEqual({ aliveAtMs: 1_000, locked: true });
    expect(await gone(tabB, storage, 'b')).toEqual([]);
    locks.dropHeldBy(':a'); // tab a's page is gone
    expect(await gone(tabB, storage, 'b')).toEqual(['a']);
    now += 10 * STALE_MS; // time alone never makes a tab that holds its lock gone
    expect(await gone(tabA, storage, 'a')).toEqual([]);
  });

  it('with Web Locks: takes over inside the gone owner’s lock, so another page cannot at the same time', async () => {
    const storage = new MemoryStorage();
    const locks = new FakeLocks();
    leftBy(storage, 'dead', 0);
    storage.setItem(ownerKey('dead'), JSON.stringify({ aliveAtMs: 0, locked: true }));
    const liveness = new OwnerLiveness({ storage, locks, epochMs: () => 1_000, staleMs: STALE_MS });
    const heldDuring: boolean[] = [];
    await liveness.forEachGone(listOwners(storage, 'me'), () => heldDuring.push(locks.held.has('vod-telemetry:v1:owner:dead')));
    expect(heldDuring).toEqual([true]);
    // While another page holds it, this one leaves it alone.
    let release = (): void => undefined;
    void locks.request('vod-telemetry:v1:owner:dead', {}, () => new Promise<void>((resolve) => (release = resolve)));
    expect(await gone(liveness, storage, 'me')).toEqual([]);
    release();
  });

  it('without Web Locks: a lease renewed every scan; silent for staleMs is gone', async () => {
    const storage = new MemoryStorage();
    let now = 0;
    const liveness = new OwnerLiveness({ storage, locks: null, epochMs: () => now, staleMs: STALE_MS });
    const other = new OwnerLiveness({ storage, locks: null, epochMs: () => now, staleMs: STALE_MS });
    other.claim('b');
    leftBy(storage, 'b', 0);
    now = 80_000;
    other.renew('b');
    now = 150_000;
    expect(await gone(liveness, storage, 'me')).toEqual([]);
    now = 170_000;
    expect(await gone(liveness, storage, 'me')).toEqual(['b']);
  });

  it('falls back to the lease when the lock query fails, and skips instances of its own page', async () => {
    const storage = new MemoryStorage();
    const broken: LockManagerLike = { request: () => Promise.reject(new Error('no')), query: () => Promise.reject(new Error('no')) };
    const liveness = new OwnerLiveness({ storage, locks: broken, epochMs: () => 200_000, staleMs: STALE_MS });
    liveness.claim('mine');
    leftBy(storage, 'mine', 0);
    leftBy(storage, 'old', 0);
    expect(await gone(liveness, storage, 'me')).toEqual(['old']);
  });

  it('releases: its record goes and its lock is freed', async () => {
    const storage = new MemoryStorage();
    const locks = new FakeLocks();
    const liveness = new OwnerLiveness({ storage, locks, epochMs: () => 0, staleMs: STALE_MS });
    liveness.claim('a');
    await Promise.resolve();
    expect(locks.held.size).toBe(1);
    liveness.release('a');
    await Promise.resolve();
    await Promise.resolve();
    expect(locks.held.size).toBe(0);
    expect(storage.length).toBe(0);
  });

  it('on pagehide lets go of its lock (the back/forward cache allows no held lock) and is gone at once; back from the cache, it lives again', async () => {
    const storage = new MemoryStorage();
    const locks = new FakeLocks();
    const tab = new OwnerLiveness({ storage, locks, epochMs: () => 1_000, staleMs: STALE_MS });
    const other = new OwnerLiveness({ storage, locks, epochMs: () => 1_000, staleMs: STALE_MS });
    tab.claim('a');
    leftBy(storage, 'a', 1_000);
    await Promise.resolve();
    tab.leave('a');
    await Promise.resolve();
    await Promise.resolve();
    expect(locks.held.size).toBe(0);
    tab.renew('a'); // a scan between pagehide and the end of the page does not undo it
    expect(JSON.parse(storage.getItem(ownerKey('a'))!)).toMatchObject({ leftAtMs: 1_000 });
    expect(await gone(other, storage, 'b')).toEqual(['a']);
    tab.rejoin('a');
    await Promise.resolve();
    expect(locks.held.size).toBe(1);
    expect(JSON.parse(storage.getItem(ownerKey('a'))!)).toEqual({ aliveAtMs: 1_000, locked: true });
    expect(await gone(other, storage, 'b')).toEqual([]);
  });

  it('without Web Locks, a page that left (pagehide) is gone at once', async () => {
    const storage = new MemoryStorage();
    const tab = new OwnerLiveness({ storage, locks: null, epochMs: () => 1_000, staleMs: STALE_MS });
    tab.claim('a');
    leftBy(storage, 'a', 1_000);
    tab.leave('a');
    expect(await gone(new OwnerLiveness({ storage, locks: null, epochMs: () => 2_000, staleMs: STALE_MS }), storage, 'b')).toEqual(['a']);
  });
});
