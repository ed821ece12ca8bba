import type { Scheduler, StorageLike } from '../../../src/resume/types.js';

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
export class FakeStorage implements StorageLike {
  readonly items = new Map<string, string>();
  failWith: Error | null = null;

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

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
}
