import { describe, expect, it } from 'vitest';
import {
  createStorageQueueStore,
  listOwners,
  ownerKey,
  parseQueueKey,
  queueKey,
  takeOwner,
  writeOwnerRecord,
  type StoredQueue,
} from '../../../telemetry/storage.js';
import type { TelemetryBeacon } from '../../../telemetry/types.js';
import { MemoryStorage } from './harness.js';

const CHANNEL = encodeURIComponent('https://collector.example/beacons');

function beacon(eventId: string, type: 'error' | 'session_end' = 'error'): TelemetryBeacon {
  return { eventId, type, sessionId: 's1', seq: 0 } as unknown as TelemetryBeacon;
}

function queue(beacons: TelemetryBeacon[], counts: Partial<StoredQueue> = {}): StoredQueue {
  return { beacons, serverErrors: {}, dropped: {}, quarantined: {}, ...counts };
}

describe('queue storage', () => {
  it('keeps one key per instance and channel, with its counts and when it was saved; an empty queue removes its key', () => {
    const storage = new MemoryStorage();
    const store = createStorageQueueStore(storage, CHANNEL, 'tab-1', () => 1_000);
    store.save(queue([beacon('e1')], { serverErrors: { e1: 2 }, dropped: { s1: 1 } }));
    expect(JSON.parse(storage.getItem(queueKey(CHANNEL, 'tab-1'))!)).toEqual({
      savedAtMs: 1_000,
      beacons: [beacon('e1')],
      serverErrors: { e1: 2 },
      dropped: { s1: 1 },
      quarantined: {},
    });
    store.save(queue([], { dropped: { s1: 1 } })); // a count still owed is kept
    expect(storage.length).toBe(1);
    store.save(queue([]));
    expect(storage.length).toBe(0);
  });

  it('never writes another instance’s keys: two tabs keep both queues', () => {
    const storage = new MemoryStorage();
    createStorageQueueStore(storage, CHANNEL, 'tab-1').save(queue([beacon('a')]));
    createStorageQueueStore(storage, CHANNEL, 'tab-2').save(queue([beacon('b')]));
    createStorageQueueStore(storage, CHANNEL, 'tab-1').save(queue([beacon('a'), beacon('a2')]));
    expect(JSON.parse(storage.getItem(queueKey(CHANNEL, 'tab-2'))!).beacons).toEqual([beacon('b')]);
  });

  it('lists the other owners with their channels, latest save and liveness record', () => {
    const storage = new MemoryStorage();
    createStorageQueueStore(storage, CHANNEL, 'me', () => 5).save(queue([beacon('m')]));
    createStorageQueueStore(storage, CHANNEL, 'tab-1', () => 10).save(queue([beacon('a')]));
    createStorageQueueStore(storage, 'custom', 'tab-1', () => 20).saveEnd(beacon('end', 'session_end'));
    writeOwnerRecord(storage, 'tab-2', { aliveAtMs: 30, locked: true });
    storage.setItem('unrelated', 'x');
    const owners = listOwners(storage, 'me').sort((a, b) => a.owner.localeCompare(b.owner));
    expect(owners).toEqual([
      { owner: 'tab-1', record: null, lastSavedAtMs: 20, channels: [CHANNEL, 'custom'] },
      { owner: 'tab-2', record: { aliveAtMs: 30, locked: true }, lastSavedAtMs: 0, channels: [] },
    ]);
  });

  it('takes over an owner’s queues in the channels it can send to, provisional ends last, and leaves the others', () => {
    const storage = new MemoryStorage();
    const store = createStorageQueueStore(storage, CHANNEL, 'gone');
    store.save(queue([beacon('e1'), beacon('e2')], { quarantined: { s1: 1 } }));
    store.saveEnd(beacon('end', 'session_end'));
    createStorageQueueStore(storage, 'custom', 'gone').save(queue([beacon('c1')]));
    writeOwnerRecord(storage, 'gone', { aliveAtMs: 0, locked: true });
    const taken = takeOwner(storage, 'gone', (channel) => channel === CHANNEL);
    expect([...taken.keys()]).toEqual([CHANNEL]);
    expect(taken.get(CHANNEL)).toEqual(queue([beacon('e1'), beacon('e2'), beacon('end', 'session_end')], { quarantined: { s1: 1 } }));
    expect([...storage.map.keys()].sort()).toEqual([ownerKey('gone'), queueKey('custom', 'gone')].sort());
    takeOwner(storage, 'gone', () => true);
    expect(storage.length).toBe(0); // its record goes with its last key
  });

  it('reads the queues older versions left ({ savedAtMs, beacons }) and skips what is not a beacon', () => {
    const storage = new MemoryStorage();
    storage.setItem(queueKey(CHANNEL, 'old'), JSON.stringify({ savedAtMs: 7, beacons: [beacon('e1'), { nope: true }, 3] }));
    storage.setItem(queueKey(CHANNEL, 'broken'), '{not json');
    expect(takeOwner(storage, 'old', () => true).get(CHANNEL)).toEqual(queue([beacon('e1')]));
    expect(takeOwner(storage, 'broken', () => true).get(CHANNEL)).toEqual(queue([]));
  });

  it('parses its keys, whatever the channel', () => {
    expect(parseQueueKey(queueKey(CHANNEL, 'abc'))).toEqual({ channel: CHANNEL, owner: 'abc', isEnd: false });
    expect(parseQueueKey(`${queueKey('custom', 'abc')}:end`)).toEqual({ channel: 'custom', owner: 'abc', isEnd: true });
    expect(parseQueueKey(ownerKey('abc'))).toBeNull();
    expect(parseQueueKey('vod-telemetry:v1:nochannel')).toBeNull();
  });

  it('never throws when storage does (quota, disabled)', () => {
    const failing = new MemoryStorage();
    failing.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    expect(() => createStorageQueueStore(failing, CHANNEL, 'x').save(queue([beacon('e1')]))).not.toThrow();
    Object.defineProperty(failing, 'length', { get: () => { throw new Error('disabled'); } });
    expect(listOwners(failing, 'x')).toEqual([]);
  });
});
