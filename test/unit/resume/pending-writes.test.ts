import { describe, expect, it } from 'vitest';
import { PendingWrites, isNewerWrite, pendingEntryKey } from '../../../src/resume/pending-writes.js';
import type { ResumeRecord } from '../../../src/resume/types.js';
import { FakeBrowserStorage, FakeStorage } from './fakes.js';

const NOW = 1_700_000_000_000;
const rec = (positionSec: number, updatedAt: number): ResumeRecord => ({ positionSec, durationSec: 120, completed: false, updatedAt });
const KEY = 'vod-resume:pending';

describe('PendingWrites: one entry per video', () => {
  it('keeps each video under its own key, oldest write first', () => {
    const storage = new FakeStorage();
    const queue = new PendingWrites(storage, KEY);
    queue.put('b', rec(20, NOW + 1_000));
    queue.put('a', rec(10, NOW));
    expect(storage.items.get(pendingEntryKey(KEY, 'a'))).toBe(JSON.stringify(rec(10, NOW)));
    expect(queue.ids()).toEqual(['a', 'b']);
    expect(queue.size).toBe(2);
  });

  it('never replaces a queued write with an older one of the same video', () => {
    const queue = new PendingWrites(new FakeStorage(), KEY);
    queue.put('m', rec(40, NOW + 5_000));
    queue.put('m', rec(90, NOW));
    expect(queue.get('m')).toEqual(rec(40, NOW + 5_000));
    queue.put('m', rec(45, NOW + 9_000));
    expect(queue.get('m')).toEqual(rec(45, NOW + 9_000));
  });

  it('breaks a timestamp tie by the further position', () => {
    expect(isNewerWrite(rec(50, NOW), rec(40, NOW))).toBe(true);
    expect(isNewerWrite(rec(40, NOW), rec(50, NOW))).toBe(false);
  });

  it('removes an acknowledged write only while the entry still holds it', () => {
    const queue = new PendingWrites(new FakeStorage(), KEY);
    queue.put('m', rec(10, NOW));
    queue.put('m', rec(14, NOW + 4_000)); // queued while the first was in flight
    queue.remove('m', rec(10, NOW)); // the first one's acknowledgement
    expect(queue.get('m')).toEqual(rec(14, NOW + 4_000));
    queue.remove('m', rec(14, NOW + 4_000));
    expect(queue.get('m')).toBeNull();
  });

  it('does not match keys of other queues or local records', () => {
    const storage = new FakeStorage();
    storage.items.set('vod-resume:m', JSON.stringify(rec(5, NOW))); // a local record
    storage.items.set('vod-resume:other:pending/x', JSON.stringify(rec(6, NOW))); // another viewer's queue
    const queue = new PendingWrites(storage, KEY);
    expect(queue.ids()).toEqual([]);
  });

  it('adopts the single-key queue of earlier versions, once', () => {
    const storage = new FakeStorage();
    storage.items.set(KEY, JSON.stringify([['a', rec(10, NOW)], ['b', rec(20, NOW + 1)], ['bad id/', rec(1, NOW)]]));
    const queue = new PendingWrites(storage, KEY);
    expect(queue.ids()).toEqual(['a', 'b']);
    expect(storage.items.has(KEY)).toBe(false);
  });

  it('leaves a local record that happens to sit at the legacy key alone', () => {
    const storage = new FakeStorage();
    storage.items.set('vod-resume:pending', JSON.stringify(rec(30, NOW))); // video "pending"'s local record
    new PendingWrites(storage, 'vod-resume:pending');
    expect(storage.items.get('vod-resume:pending')).toBe(JSON.stringify(rec(30, NOW)));
  });

  it('keeps writes in memory when storage fails, and still sends them this page', () => {
    const storage = new FakeStorage();
    const queue = new PendingWrites(storage, KEY);
    storage.failWith = Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    queue.put('m', rec(10, NOW));
    expect(queue.ids()).toEqual(['m']);
    expect(queue.get('m')).toEqual(rec(10, NOW));
    queue.remove('m', rec(10, NOW));
    expect(queue.size).toBe(0);
  });

  it('sees only its own videos in a storage that cannot list its keys', () => {
    const items = new Map<string, string>();
    const minimal = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
    const queue = new PendingWrites(minimal, KEY);
    queue.put('m', rec(10, NOW));
    expect(queue.ids()).toEqual(['m']);
  });
});

describe('PendingWrites: two tabs over one storage', () => {
  it("never erases another tab's queued writes", () => {
    const browser = new FakeBrowserStorage();
    const tabA = new PendingWrites(browser.tab(), KEY);
    const tabB = new PendingWrites(browser.tab(), KEY); // opened before A wrote anything
    tabA.put('film-a', rec(30, NOW));
    tabB.put('film-b', rec(12, NOW + 1_000));
    tabA.put('film-a', rec(34, NOW + 4_000));
    expect(tabA.ids()).toEqual(['film-b', 'film-a']);
    expect(tabB.ids()).toEqual(['film-b', 'film-a']);
    tabB.remove('film-a', rec(34, NOW + 4_000)); // B sent A's write
    expect(tabA.ids()).toEqual(['film-b']);
  });

  it('writes its own write back when another tab removed it (the event cannot tell sent from lost)', () => {
    const browser = new FakeBrowserStorage();
    const tabB = new PendingWrites(browser.tab(), KEY);
    tabB.put('m', rec(20, NOW + 8_000));
    // Tab A, whose copy of the storage still showed its own older write, acknowledged that one and deleted the entry.
    browser.items.delete(pendingEntryKey(KEY, 'm'));
    expect(tabB.noteStorageEvent(pendingEntryKey(KEY, 'm'), null)).toBe(true);
    expect(tabB.get('m')).toEqual(rec(20, NOW + 8_000));
  });

  it('writes its own write back when an older one replaced it', () => {
    const browser = new FakeBrowserStorage();
    const tabB = new PendingWrites(browser.tab(), KEY);
    tabB.put('m', rec(20, NOW + 8_000));
    browser.items.set(pendingEntryKey(KEY, 'm'), JSON.stringify(rec(10, NOW)));
    expect(tabB.noteStorageEvent(pendingEntryKey(KEY, 'm'), JSON.stringify(rec(10, NOW)))).toBe(true);
    expect(tabB.get('m')).toEqual(rec(20, NOW + 8_000));
  });

  it('lets go of its write once another tab sent it (it marks the entry sent before removing it)', async () => {
    const browser = new FakeBrowserStorage();
    const storageB = browser.tab();
    const events: Array<string | null> = [];
    storageB.onStorageChange((change) => events.push(change.newValue));
    const tabA = new PendingWrites(browser.tab(), KEY);
    const tabB = new PendingWrites(storageB, KEY);
    tabB.put('m', rec(20, NOW + 8_000));
    tabA.remove('m', rec(20, NOW + 8_000)); // A sent B's write
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(events).toEqual([JSON.stringify({ sent: rec(20, NOW + 8_000) }), null]);
    expect(events.map((newValue) => tabB.noteStorageEvent(pendingEntryKey(KEY, 'm'), newValue))).toEqual([false, false]);
    expect(tabB.get('m')).toBeNull();
  });

  it('writes its own write back when another tab marked an older one sent', () => {
    const browser = new FakeBrowserStorage();
    const tabB = new PendingWrites(browser.tab(), KEY);
    tabB.put('m', rec(20, NOW + 8_000));
    const olderSent = JSON.stringify({ sent: rec(10, NOW) });
    expect(tabB.noteStorageEvent(pendingEntryKey(KEY, 'm'), olderSent)).toBe(true);
    expect(tabB.get('m')).toEqual(rec(20, NOW + 8_000));
  });

  it('lets go of its write once another tab queued a newer one, or it was sent from this tab', () => {
    const browser = new FakeBrowserStorage();
    const tabB = new PendingWrites(browser.tab(), KEY);
    tabB.put('m', rec(20, NOW + 8_000));
    browser.items.set(pendingEntryKey(KEY, 'm'), JSON.stringify(rec(5, NOW + 9_000)));
    expect(tabB.noteStorageEvent(pendingEntryKey(KEY, 'm'), JSON.stringify(rec(5, NOW + 9_000)))).toBe(false);
    browser.items.delete(pendingEntryKey(KEY, 'm'));
    expect(tabB.noteStorageEvent(pendingEntryKey(KEY, 'm'), null)).toBe(false); // no longer its business
    expect(tabB.get('m')).toBeNull();

    tabB.put('n', rec(30, NOW));
    tabB.remove('n', rec(30, NOW)); // acknowledged here
    expect(tabB.noteStorageEvent(pendingEntryKey(KEY, 'n'), null)).toBe(false);
  });

  it('respects a storage clear() from another tab', () => {
    const browser = new FakeBrowserStorage();
    const tabB = new PendingWrites(browser.tab(), KEY);
    tabB.put('m', rec(20, NOW));
    browser.items.clear();
    expect(tabB.noteStorageEvent(null, null)).toBe(false);
    expect(tabB.size).toBe(0);
  });
});

describe('PendingWrites: moving to another queue (token rotation)', () => {
  it('moves every write, merged with what the target holds', () => {
    const storage = new FakeStorage();
    const from = new PendingWrites(storage, 'vod-resume:old:pending');
    const to = new PendingWrites(storage, 'vod-resume:new:pending');
    from.put('a', rec(10, NOW));
    from.put('b', rec(20, NOW + 1_000));
    to.put('b', rec(25, NOW + 2_000)); // newer: stays
    expect(from.moveTo(to)).toBe(2);
    expect(from.size).toBe(0);
    expect(to.get('a')).toEqual(rec(10, NOW));
    expect(to.get('b')).toEqual(rec(25, NOW + 2_000));
    expect([...storage.items.keys()].filter((key) => key.startsWith('vod-resume:old:'))).toEqual([]);
  });
});
