/** What the watchdog needs: time and timers (injected), and what the buffer looks like now. */
export interface StallWatchdogDeps {
  nowMs(): number;
  setTimer(callback: () => void, ms: number): () => void;
  /** Anything that changes when media data arrives or leaves, e.g. the buffered ranges as text. */
  bufferFingerprint(): string;
}

/** A stall with no media arriving for this long is an engine that gave up silently. */
export const STALL_STUCK_MS = 12_000;
const CHECK_EVERY_MS = 1_000;

/**
 * Watches one stall: when the buffer has not changed for `stuckMs` while the viewer waits, the engine
 * is stuck (dash.js after a QuotaExceededError it could not handle, shaka after a segment missing
 * everywhere), and `onStuck` is called once, so that recovery reloads instead of a silent stall.
 * A network outage looks the same and is handled the same way: the reload then waits for the network.
 */
export class StallWatchdog {
  readonly #deps: StallWatchdogDeps;
  readonly #onStuck: (stuckMs: number) => void;
  readonly #stuckMs: number;
  #cancel: (() => void) | null = null;
  #fingerprint = '';
  #sinceMs = 0;

  constructor(deps: StallWatchdogDeps, onStuck: (stuckMs: number) => void, stuckMs: number = STALL_STUCK_MS) {
    this.#deps = deps;
    this.#onStuck = onStuck;
    this.#stuckMs = stuckMs;
  }

  /** A stall began. */
  start(): void {
    this.stop();
    this.#fingerprint = this.#deps.bufferFingerprint();
    this.#sinceMs = this.#deps.nowMs();
    this.#schedule();
  }

  /** The stall ended (or the source went away). */
  stop(): void {
    this.#cancel?.();
    this.#cancel = null;
  }

  #schedule(): void {
    this.#cancel = this.#deps.setTimer(() => this.#check(), CHECK_EVERY_MS);
  }

  #check(): void {
    const fingerprint = this.#deps.bufferFingerprint();
    const nowMs = this.#deps.nowMs();
    if (fingerprint !== this.#fingerprint) {
      this.#fingerprint = fingerprint;
      this.#sinceMs = nowMs;
    }
    if (nowMs - this.#sinceMs >= this.#stuckMs) {
      this.#cancel = null;
      this.#onStuck(nowMs - this.#sinceMs);
      return;
    }
    this.#schedule();
  }
}
