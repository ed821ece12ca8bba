import type { KeyValueStorage } from '../contracts/key-value-storage.js';
import { removeOwnerRecord, writeOwnerRecord, type OwnerEntries, type OwnerRecord } from './storage.js';

/**
 * Whether the page that owns a stored queue is still open, so that a page only ever takes over the
 * queues of pages that are gone (a closed tab, a crash), never those of a tab still open.
 *
 * Two signs, the better one when the browser has it:
 *  - **Web Locks** (`navigator.locks`, secure contexts): each instance holds an exclusive lock named
 *    after it for as long as it lives; the browser releases it when the page goes, however it
 *    goes. An instance that held its lock (its record says `locked`) and whose lock is free is gone,
 *    at once. Taking over happens inside that lock, so two pages never take the same queue.
 *  - **A lease**, elsewhere: each instance renews its record's `aliveAtMs` every scan (15 s); an
 *    instance not heard of for `staleMs` (90 s: background tabs may run timers once a minute) is
 *    taken to be gone. A frozen tab may then be taken over while it lives: its beacons are sent
 *    twice, and the collector drops the copy by event id.
 *
 * On `pagehide` an instance `leave`s: it releases its lock (a page holding a Web Lock is not put
 * in the back/forward cache) and marks its record `leftAtMs`, so its leftovers are taken over at
 * once, lock or no lock. A page that comes back from the cache `rejoin`s; it may then send again
 * beacons another page took over meanwhile (copies, dropped by the collector): never a loss.
 */

/** What is known of an owner: its record, its latest save, and whether its lock is held (null: no Web Locks). */
export interface OwnerState {
  record: OwnerRecord | null;
  lastSavedAtMs: number;
  lockHeld: boolean | null;
}

/** Pure: true when the owner's page is gone (see the module comment). */
export function isOwnerGone(state: OwnerState, nowEpochMs: number, staleMs: number): boolean {
  if (state.lockHeld === true) return false;
  // Its page went (pagehide): gone, or in the back/forward cache, from where it would send again itself.
  if (state.record?.leftAtMs !== undefined) return true;
  // It held its lock, and the lock is free: its page is gone (or it retired).
  if (state.lockHeld === false && state.record?.locked === true) return true;
  // No lock to go by (no Web Locks, a record from before the grant, an older version): the lease.
  const lastSignMs = Math.max(state.lastSavedAtMs, state.record?.aliveAtMs ?? 0);
  return nowEpochMs - lastSignMs >= staleMs;
}

/** The part of `navigator.locks` (LockManager) used here. */
export interface LockManagerLike {
  request(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => unknown): Promise<unknown>;
  query(): Promise<{ held?: ReadonlyArray<{ name?: string }> }>;
}

const LOCK_PREFIX = 'vod-telemetry:v1:owner:';

export interface OwnerLivenessOptions {
  storage: KeyValueStorage;
  /** `navigator.locks`, or null where there is none (the lease alone). */
  locks: LockManagerLike | null;
  epochMs: () => number;
  /** Without a lock: an owner not heard of for this long is gone, milliseconds. */
  staleMs: number;
}

/** The impure side: claims, renews and releases this page's instances, and finds the owners that are gone. */
export class OwnerLiveness {
  readonly #options: OwnerLivenessOptions;
  readonly #releasers = new Map<string, () => void>();
  readonly #claimed = new Set<string>();

  constructor(options: OwnerLivenessOptions) {
    this.#options = options;
  }

  readonly #left = new Set<string>();

  /** `instanceId` lives from now until `release` (or until its page goes). */
  claim(instanceId: string): void {
    const { storage, locks, epochMs } = this.#options;
    this.#claimed.add(instanceId);
    this.#left.delete(instanceId);
    writeOwnerRecord(storage, instanceId, { aliveAtMs: epochMs(), locked: false });
    if (!locks) return;
    try {
      locks
        .request(lockName(instanceId), {}, () => {
          if (!this.#claimed.has(instanceId) || this.#left.has(instanceId)) return undefined; // released (or left) before the grant
          writeOwnerRecord(storage, instanceId, { aliveAtMs: epochMs(), locked: true });
          return new Promise<void>((resolve) => this.#releasers.set(instanceId, resolve));
        })
        .catch(() => undefined);
    } catch {
      // Locks unusable here (e.g. a sandboxed iframe): the lease still works.
    }
  }

  /** Renews the lease of `instanceId` (called every scan). */
  renew(instanceId: string): void {
    if (!this.#claimed.has(instanceId) || this.#left.has(instanceId)) return;
    writeOwnerRecord(this.#options.storage, instanceId, { aliveAtMs: this.#options.epochMs(), locked: this.#releasers.has(instanceId) });
  }

  /** The page is hidden for good or cached (`pagehide`): let go of the lock, and say it left. */
  leave(instanceId: string): void {
    if (!this.#claimed.has(instanceId) || this.#left.has(instanceId)) return;
    this.#left.add(instanceId);
    const now = this.#options.epochMs();
    writeOwnerRecord(this.#options.storage, instanceId, { aliveAtMs: now, locked: this.#releasers.has(instanceId), leftAtMs: now });
    this.#releasers.get(instanceId)?.();
    this.#releasers.delete(instanceId);
  }

  /** The page came back from the back/forward cache (`pageshow`, persisted): alive again. */
  rejoin(instanceId: string): void {
    if (this.#left.has(instanceId)) this.claim(instanceId);
  }

  /** `instanceId` retires: its record goes, its lock is released (what it left may be taken over). */
  release(instanceId: string): void {
    this.#claimed.delete(instanceId);
    this.#left.delete(instanceId);
    removeOwnerRecord(this.#options.storage, instanceId);
    this.#releasers.get(instanceId)?.();
    this.#releasers.delete(instanceId);
  }

  /** Calls `takeOver(owner)` for each owner that is gone; with Web Locks, inside the owner's lock. */
  async forEachGone(owners: readonly OwnerEntries[], takeOver: (owner: string) => void): Promise<void> {
    const { locks, epochMs, staleMs } = this.#options;
    const held = locks ? await heldLocks(locks) : null;
    for (const entry of owners) {
      if (this.#claimed.has(entry.owner)) continue;
      const lockHeld = held === null ? null : held.has(lockName(entry.owner));
      if (!isOwnerGone({ record: entry.record, lastSavedAtMs: entry.lastSavedAtMs, lockHeld }, epochMs(), staleMs)) continue;
      if (locks && held !== null) {
        try {
          // ifAvailable: another page taking it over right now (or the owner, back) holds it: leave it.
          await locks.request(lockName(entry.owner), { ifAvailable: true }, (lock) => {
            if (lock) takeOver(entry.owner);
          });
        } catch {
          // a failed lock request takes nothing over; the next scan tries again
        }
      } else takeOver(entry.owner);
    }
  }
}

function lockName(instanceId: string): string {
  return `${LOCK_PREFIX}${instanceId}`;
}

/** Names of the locks held in this origin, or null when the query fails (then: the lease). */
async function heldLocks(locks: LockManagerLike): Promise<Set<string> | null> {
  try {
    const snapshot = await locks.query();
    return new Set((snapshot.held ?? []).map((lock) => lock.name ?? ''));
  } catch {
    return null;
  }
}
