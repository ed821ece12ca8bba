import type { KeyValueStorage } from '../../../contracts/key-value-storage.js';
import type { StorageChange } from '../../../src/resume/synced-store.js';
import type { Scheduler } from '../../../src/resume/types.js';

/** A clock and timers that only move when told to. */
export class FakeScheduler implements Scheduler {
  #epochMs: number;
  #timers: Array<{ atMs: number; callback: () => void; id: number }> = [];
  #nextId = 1;

  constructor(startMs = 1_700_000_000_000) {
    this.#epochMs = startMs;
  }

  epochMs(): number {
    return this.#epochMs;
  }

  setTimeout(callback: () => void, delayMs: number): () => void {
    const id = this.#nextId++;
    this.#timers.push({ atMs: this.#epochMs + delayMs, callback, id });
    return () => {
      this.#timers = this.#timers.filter((timer) => timer.id !== id);
    };
  }

  /** Moves the clock forward, running the timers that come due, in order. */
  advance(ms: number): void {
    const endMs = this.#epochMs + ms;
    for (;;) {
      const next = this.#timers.filter((timer) => timer.atMs <= endMs).sort((a, b) => a.atMs - b.atMs)[0];
      if (!next) break;
      this.#timers = this.#timers.filter((timer) => timer !== next);
      this.#epochMs = next.atMs;
      next.callback();
    }
    this.#epochMs = endMs;
  }
}

/** localStorage in a Map, that can be told to fail. */
export class FakeStorage implements KeyValueStorage {
  readonly items: Map<string, string>;
  failWith: Error | null = null;

  constructor(items = new Map<string, string>()) {
    this.items = items;
  }

  get length(): number {
    if (this.failWith) throw this.failWith;
    return this.items.size;
  }
  key(index: number): string | null {
    if (this.failWith) throw this.failWith;
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    if (this.failWith) throw this.failWith;
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.failWith) throw this.failWith;
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    if (this.failWith) throw this.failWith;
    this.items.delete(key);
  }
}

/**
 * One browser's localStorage as several tabs see it: each `tab()` reads and writes the same items,
 * and its writes fire `storage` events in the other tabs (not its own), after the write, as
 * browsers do.
 */
export class FakeBrowserStorage {
  readonly items = new Map<string, string>();
  readonly #tabs: FakeTabStorage[] = [];

  tab(): FakeTabStorage {
    const tab = new FakeTabStorage(this.items, (change) => {
      for (const other of this.#tabs) if (other !== tab) other.dispatch(change);
    });
    this.#tabs.push(tab);
    return tab;
  }
}

export class FakeTabStorage extends FakeStorage {
  readonly #notify: (change: StorageChange) => void;
  readonly #listeners = new Set<(change: StorageChange) => void>();

  constructor(shared: Map<string, string>, notify: (change: StorageChange) => void) {
    super(shared);
    this.#notify = notify;
  }

  override setItem(key: string, value: string): void {
    const oldValue = this.getItem(key);
    super.setItem(key, value);
    if (oldValue !== value) this.#notify({ key, newValue: value });
  }
  override removeItem(key: string): void {
    const oldValue = this.getItem(key);
    super.removeItem(key);
    if (oldValue !== null) this.#notify({ key, newValue: null });
  }

  /** The `onStorageChange` option of a synced store in this tab. */
  readonly onStorageChange = (listener: (change: StorageChange) => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Another tab changed the storage: a `storage` event here, in a task of its own. */
  dispatch(change: StorageChange): void {
    setTimeout(() => {
      for (const listener of [...this.#listeners]) listener(change);
    }, 0);
  }
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
}
