import type { LinkClock } from '../../../../origin/throttle/clock.js';

/** A clock that only moves when the test says so; timers fire in due order as it advances. */
export class ManualClock implements LinkClock {
  #nowMs = 0;
  #nextId = 1;
  readonly #timers = new Map<number, { dueMs: number; callback: () => void }>();

  monotonicMs(): number {
    return this.#nowMs;
  }

  setTimer(callback: () => void, delayMs: number): unknown {
    const id = this.#nextId++;
    this.#timers.set(id, { dueMs: this.#nowMs + Math.max(0, delayMs), callback });
    return id;
  }

  clearTimer(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** Timers waiting to fire. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /**
   * Moves time forward by `ms`, firing due timers one at a time and letting stream callbacks
   * (nextTick, microtasks, setImmediate) settle after each.
   */
  async advance(ms: number): Promise<void> {
    const endMs = this.#nowMs + ms;
    for (;;) {
      await settle();
      let next: [number, { dueMs: number; callback: () => void }] | undefined;
      for (const entry of this.#timers) if (entry[1].dueMs <= endMs && (next === undefined || entry[1].dueMs < next[1].dueMs)) next = entry;
      if (next === undefined) break;
      this.#timers.delete(next[0]);
      this.#nowMs = Math.max(this.#nowMs, next[1].dueMs);
      next[1].callback();
    }
    this.#nowMs = endMs;
    await settle();
  }
}

/** Lets queued stream work run: a few turns of the event loop. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}
