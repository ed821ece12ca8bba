import { describe, expect, it } from 'vitest';
import { BeaconQueue } from '../../../telemetry/queue.js';
import type { QueueStore, StoredQueue } from '../../../telemetry/storage.js';
import type { TelemetryBeacon } from '../../../telemetry/types.js';

/** A store that keeps the last queue saved. */
class RecordingStore implements QueueStore {
  saved: StoredQueue | null = null;
  end: TelemetryBeacon | null = null;
  save(queue: StoredQueue): void {
    this.saved = structuredClone(queue);
  }
  saveEnd(beacon: TelemetryBeacon | null): void {
    this.end = beacon;
  }
}

function beacon(sessionId: string, seq: number, type: 'error' | 'heartbeat' | 'session_end' = 'error'): TelemetryBeacon {
  const envelope = { schemaVersion: 1 as const, eventId: `${sessionId}-${seq}`, sessionId, seq, timeMs: 0, sessionTimeMs: 0, positionSec: 0, droppedCount: 0 };
  if (type === 'heartbeat') return { ...envelope, type, data: { playedSec: 0, bufferSec: 0, bitrateBps: null, droppedFrames: 0 } };
  if (type === 'session_end') {
    return {
      ...envelope,
      type,
      data: { reason: 'stop', startupMs: null, exitBeforeStart: false, rebufferMs: 0, rebufferCount: 0, rebufferRatio: 0, averageBitrateBps: null, switchCount: 0, playedSec: 0, errorCount: 0, fatal: false, durationMs: 0, quarantinedCount: 0 },
    };
  }
  return { ...envelope, type: 'error', data: { code: 'SEGMENT_LOAD_FAILED', fatal: false, message: 'x' } };
}

function queueOf(beacons: TelemetryBeacon[], max = 100): { queue: BeaconQueue; store: RecordingStore; full: TelemetryBeacon[] } {
  const store = new RecordingStore();
  const full: TelemetryBeacon[] = [];
  const queue = new BeaconQueue(max, store, (dropped) => full.push(dropped));
  for (const b of beacons) queue.add(b);
  return { queue, store, full };
}

const ids = (beacons: readonly TelemetryBeacon[]): string[] => beacons.map((b) => b.eventId);
const endOf = (beacons: readonly TelemetryBeacon[]): TelemetryBeacon | undefined => beacons.find((b) => b.type === 'session_end');

describe('BeaconQueue', () => {
  it('drops the oldest heartbeat when full, tells once per episode, and counts it only for its own session', () => {
    const { queue, full } = queueOf([beacon('s1', 0), beacon('s1', 1, 'heartbeat'), beacon('s1', 2, 'session_end'), beacon('s2', 0)], 4);
    queue.add(beacon('s2', 1)); // drops s1-1 (the heartbeat)
    queue.add(beacon('s2', 2)); // drops s1-0 (no heartbeat left: the oldest)
    expect(ids(queue.items)).toEqual(['s1-2', 's2-0', 's2-1', 's2-2']);
    expect(full.map((b) => b.eventId)).toEqual(['s1-1']);
    const sent = queue.take(10, 100_000);
    expect(sent.map((b) => [b.eventId, b.droppedCount])).toEqual([
      ['s1-2', 2],
      ['s2-0', 0],
      ['s2-1', 0],
      ['s2-2', 0],
    ]);
    queue.remove(sent);
    queue.add(beacon('s2', 3));
    queue.add(beacon('s2', 4));
    queue.add(beacon('s2', 5));
    queue.add(beacon('s2', 6));
    queue.add(beacon('s2', 7)); // full again after it had room: told again
    expect(full).toHaveLength(2);
  });

  it('writes a count into the next beacon of its session that leaves, once, and saves it so a retry sends the same', () => {
    const { queue, store } = queueOf([beacon('s1', 0), beacon('s1', 1), beacon('s1', 2)]);
    queue.drop(queue.items[0]!);
    const first = queue.take(1, 100_000);
    expect(first.map((b) => [b.eventId, b.droppedCount])).toEqual([['s1-1', 1]]);
    expect(store.saved?.beacons[0]).toMatchObject({ eventId: 's1-1', droppedCount: 1 });
    expect(store.saved?.dropped).toEqual({});
    const retry = queue.take(2, 100_000);
    expect(retry.map((b) => [b.eventId, b.droppedCount])).toEqual([
      ['s1-1', 1],
      ['s1-2', 0],
    ]);
  });

  it('carries the count of a dropped beacon on to the next one of its session', () => {
    const { queue } = queueOf([beacon('s1', 0), beacon('s1', 1), beacon('s1', 2)]);
    queue.drop(queue.items[0]!);
    const [stamped] = queue.take(1, 100_000);
    queue.drop(stamped!); // it carried 1: 2 are now owed
    expect(queue.take(1, 100_000)[0]).toMatchObject({ eventId: 's1-2', droppedCount: 2 });
  });

  it("holds a session_end back while a beacon of its session is held, then sends it with the session's quarantined count", () => {
    const { queue } = queueOf([beacon('s1', 0), beacon('s1', 1), beacon('s1', 2, 'session_end'), beacon('s2', 0)]);
    const held = new Set(['s1-0']);
    expect(ids(queue.take(10, 100_000, held))).toEqual(['s1-1', 's2-0']);
    queue.quarantine(queue.items[0]!);
    const rest = queue.take(10, 100_000);
    expect(ids(rest)).toEqual(['s1-1', 's1-2', 's2-0']);
    expect(rest.map((b) => b.droppedCount)).toEqual([1, 0, 0]);
    expect(endOf(rest)).toMatchObject({ data: { quarantinedCount: 1 } });
    expect([queue.quarantinedTotal, queue.droppedTotal]).toEqual([1, 1]);
  });

  it('sends a beacon with 5xx answers against it alone', () => {
    const { queue } = queueOf([beacon('s1', 0), beacon('s1', 1), beacon('s1', 2)]);
    expect(queue.countServerError('s1-1')).toBe(1);
    expect(ids(queue.take(10, 100_000))).toEqual(['s1-0']);
    queue.remove([queue.items[0]!]);
    expect(ids(queue.take(10, 100_000))).toEqual(['s1-1']);
    expect(queue.countServerError('nope')).toBe(0);
  });

  it('keeps to maxCount and maxBytes, but always takes one', () => {
    const { queue } = queueOf([beacon('s1', 0), beacon('s1', 1), beacon('s1', 2)]);
    expect(queue.take(2, 100_000)).toHaveLength(2);
    expect(queue.take(10, 10)).toHaveLength(1);
    expect(queue.takeAll(2, 100_000).map((chunk) => chunk.length)).toEqual([2, 1]);
  });

  it('saves its 5xx counts and owed counts with the beacons, and adopts them from another queue', () => {
    const { queue, store } = queueOf([beacon('s1', 0), beacon('s1', 1)]);
    queue.countServerError('s1-1');
    queue.drop(queue.items[0]!);
    expect(store.saved).toMatchObject({ serverErrors: { 's1-1': 1 }, dropped: { s1: 1 }, quarantined: {} });

    const { queue: other } = queueOf([beacon('s2', 0), beacon('s1', 1)]);
    expect(other.adopt(store.saved!)).toBe(0); // s1-1 is already there
    other.adopt({ beacons: [beacon('s3', 0)], serverErrors: {}, dropped: { s3: 2 }, quarantined: { s3: 1 } });
    expect(other.serverErrorsOf('s1-1')).toBe(1);
    expect(other.take(10, 100_000, new Set(['s1-1'])).map((b) => [b.eventId, b.droppedCount])).toEqual([
      ['s2-0', 0],
      ['s3-0', 2],
    ]);
  });

  it("forgets a session's counts once its session_end has left (nothing is left to carry them)", () => {
    const { queue, store } = queueOf([beacon('s1', 0), beacon('s1', 1, 'session_end')]);
    queue.quarantine(queue.items[0]!);
    queue.remove(queue.take(10, 100_000));
    expect(queue.size).toBe(0);
    expect(store.saved).toEqual({ beacons: [], serverErrors: {}, dropped: {}, quarantined: {} });
  });

  it('keeps the provisional session_end through its store', () => {
    const { queue, store } = queueOf([]);
    queue.setProvisionalEnd(beacon('s1', 3, 'session_end'));
    expect(store.end?.eventId).toBe('s1-3');
    queue.setProvisionalEnd(null);
    expect(store.end).toBeNull();
  });
});
