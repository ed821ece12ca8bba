import { takeFitting } from './batch.js';
import type { QueueStore } from './storage.js';
import type { TelemetryBeacon } from './types.js';

/**
 * Undelivered beacons, oldest first, mirrored to a QueueStore on every change.
 *
 * Capped at `maxBeacons`: adding to a full queue drops the oldest heartbeat, or the oldest beacon
 * when none is a heartbeat. Dropped beacons (and beacons the collector refused) are counted, and
 * the count is written into the next beacon added, as `droppedCount`.
 */
export class BeaconQueue {
  readonly #maxBeacons: number;
  readonly #store: QueueStore;
  #items: TelemetryBeacon[];
  /** Dropped since the last beacon added. */
  #pendingDropped = 0;
  /** Dropped in all, for diagnostics. */
  droppedTotal = 0;

  constructor(maxBeacons: number, store: QueueStore) {
    this.#maxBeacons = maxBeacons;
    this.#store = store;
    this.#items = store.load();
  }

  get size(): number {
    return this.#items.length;
  }

  /** Every queued beacon, oldest first (a copy). */
  get items(): readonly TelemetryBeacon[] {
    return [...this.#items];
  }

  add(beacon: TelemetryBeacon): void {
    while (this.#items.length >= this.#maxBeacons) this.#dropOne();
    const stamped = this.#pendingDropped > 0 ? { ...beacon, droppedCount: beacon.droppedCount + this.#pendingDropped } : beacon;
    this.#pendingDropped = 0;
    this.#items.push(stamped);
    this.#store.save(this.#items);
  }

  /** Keeps the session_end to send should this page die without `pagehide` (null: none). */
  setProvisionalEnd(beacon: TelemetryBeacon | null): void {
    this.#store.saveEnd(beacon);
  }

  /** Takes in what pages that are gone left behind (see QueueStore.adoptStale); returns how many beacons came. */
  adoptStale(staleMs: number): number {
    const known = new Set(this.#items.map((beacon) => beacon.eventId));
    const adopted = this.#store.adoptStale(staleMs).filter((beacon) => !known.has(beacon.eventId) && known.add(beacon.eventId));
    if (adopted.length === 0) return 0;
    for (const beacon of adopted) this.add(beacon);
    return adopted.length;
  }

  /** The oldest beacons that fit: at most `maxCount`, at most `maxBytes` (but always at least one). */
  head(maxCount: number, maxBytes: number): TelemetryBeacon[] {
    return takeFitting(this.#items, 0, maxCount, maxBytes);
  }

  /** Delivered: forget them. */
  remove(beacons: readonly TelemetryBeacon[]): void {
    const ids = new Set(beacons.map((beacon) => beacon.eventId));
    this.#items = this.#items.filter((beacon) => !ids.has(beacon.eventId));
    this.#store.save(this.#items);
  }

  /** Refused for good (the collector answered 4xx): forget them and count them as dropped. */
  drop(beacons: readonly TelemetryBeacon[]): void {
    const before = this.#items.length;
    this.remove(beacons);
    for (const beacon of beacons) this.#pendingDropped += beacon.droppedCount;
    this.#count(before - this.#items.length);
  }

  #dropOne(): void {
    const heartbeat = this.#items.findIndex((beacon) => beacon.type === 'heartbeat');
    const [dropped] = this.#items.splice(heartbeat === -1 ? 0 : heartbeat, 1);
    // Its own drop count must not be lost with it.
    if (dropped) this.#pendingDropped += dropped.droppedCount;
    this.#count(1);
  }

  #count(dropped: number): void {
    this.#pendingDropped += dropped;
    this.droppedTotal += dropped;
  }
}
