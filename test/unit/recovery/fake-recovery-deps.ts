import type { ProbeResult } from '../../../src/recovery/network-probe.js';
import type { RecoveryDeps } from '../../../src/recovery/recovery-session.js';

/**
 * Recovery's outside world with hand-driven time: timers fire on `advance(ms)`, `online` events on
 * `goOnline()`, and each probe answers the next of `probeResults` (then the last one again).
 */
export class FakeRecoveryDeps implements RecoveryDeps {
  nowMsValue = 0;
  isOnline = true;
  probeResults: ProbeResult[] = [{ reachable: true, retryAfterSec: null }];
  readonly probes: Array<{ url: string; atMs: number }> = [];
  #timers: Array<{ atMs: number; callback: () => void; cancelled: boolean }> = [];
  readonly #onlineListeners = new Set<() => void>();

  nowMs = (): number => this.nowMsValue;
  random = (): number => 0.5;
  online = (): boolean => this.isOnline;
  onOnline = (listener: () => void): (() => void) => {
    this.#onlineListeners.add(listener);
    return () => this.#onlineListeners.delete(listener);
  };
  setTimer = (callback: () => void, ms: number): (() => void) => {
    const timer = { atMs: this.nowMsValue + ms, callback, cancelled: false };
    this.#timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };
  probe = async (url: string): Promise<ProbeResult> => {
    this.probes.push({ url, atMs: this.nowMsValue });
    return this.probeResults.length > 1 ? this.probeResults.shift()! : this.probeResults[0]!;
  };

  get pendingTimers(): number {
    return this.#timers.filter((timer) => !timer.cancelled).length;
  }

  /** Moves time on by `ms`, firing due timers in order, letting promise callbacks run after each. */
  async advance(ms: number): Promise<void> {
    const endMs = this.nowMsValue + ms;
    for (;;) {
      await flush();
      const due = this.#timers.filter((timer) => !timer.cancelled && timer.atMs <= endMs).sort((a, b) => a.atMs - b.atMs)[0];
      if (!due) break;
      this.nowMsValue = Math.max(this.nowMsValue, due.atMs);
      due.cancelled = true;
      due.callback();
    }
    this.nowMsValue = endMs;
    await flush();
  }

  async goOnline(): Promise<void> {
    this.isOnline = true;
    for (const listener of [...this.#onlineListeners]) listener();
    await flush();
  }
}

/** Lets pending promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
