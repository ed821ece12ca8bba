import type { FatalReason } from '../errors.js';
import type { NetworkProbe } from './network-probe.js';
import { backoffMs, type RecoveryConfig, type RecoveryVerdict } from './policy.js';

/** The outside world of recovery, passed in so tests drive it with fake time. */
export interface RecoveryDeps {
  /** Monotonic ms. */
  nowMs(): number;
  /** Jitter, in [0, 1). */
  random(): number;
  /** `navigator.onLine`. */
  online(): boolean;
  /** Calls `listener` at each `online` event; returns the unsubscribe. */
  onOnline(listener: () => void): () => void;
  /** Calls `callback` after `ms`; returns the cancel. */
  setTimer(callback: () => void, ms: number): () => void;
  probe: NetworkProbe;
}

/** How a wait ended: reload now, give up for `reason`, or cancelled (a new source, a disconnect). */
export type RecoveryOutcome = { readonly go: true } | { readonly go: false; readonly reason: FatalReason | null };

interface Episode {
  readonly startMs: number;
  reloads: number;
  decodeReloads: number;
  decodeFailures: number;
}

/** A pause before a decode reload: lets the failed pipeline settle. */
const DECODE_RELOAD_DELAY_MS = 250;

/**
 * One source's recovery episodes. An episode starts at the first failure the policy takes over and
 * ends when playback has progressed again (`progressed()`), so budgets (the window, the decode
 * reloads) count one run of trouble, not the whole session.
 */
export class RecoverySession {
  readonly #config: RecoveryConfig;
  readonly #deps: RecoveryDeps;
  #episode: Episode | null = null;
  #cancelWait: (() => void) | null = null;

  constructor(config: RecoveryConfig, deps: RecoveryDeps) {
    this.#config = config;
    this.#deps = deps;
  }

  get config(): RecoveryConfig {
    return this.#config;
  }

  /** True from the first failure until playback progresses again. */
  get inEpisode(): boolean {
    return this.#episode !== null;
  }

  /** Counts a decode failure in this episode (starting one if needed); returns how many came before it. */
  noteDecodeFailure(): number {
    const episode = (this.#episode ??= { startMs: this.#deps.nowMs(), reloads: 0, decodeReloads: 0, decodeFailures: 0 });
    return episode.decodeFailures++;
  }

  /** Reloads so far in this episode. */
  get reloads(): number {
    return this.#episode?.reloads ?? 0;
  }

  /** When this episode began (monotonic ms), null outside one. */
  get episodeStartMs(): number | null {
    return this.#episode?.startMs ?? null;
  }

  /** Milliseconds left in this episode's window (the whole window outside an episode). */
  get windowLeftMs(): number {
    if (!this.#episode) return this.#config.windowMs;
    return Math.max(0, this.#episode.startMs + this.#config.windowMs - this.#deps.nowMs());
  }

  /**
   * Waits until the source may reload, as `verdict` says: at once for an excluded rendition, after a
   * short pause for a decode error (within its budget), after `online` or a successful probe of
   * `probeUrl` for a network loss (within the window).
   */
  async recover(verdict: Exclude<RecoveryVerdict, { action: 'fatal' }>, probeUrl: string): Promise<RecoveryOutcome> {
    this.#cancelWait?.();
    const episode = (this.#episode ??= { startMs: this.#deps.nowMs(), reloads: 0, decodeReloads: 0, decodeFailures: 0 });
    episode.reloads++;
    switch (verdict.action) {
      case 'exclude-rendition':
        return { go: true };
      case 'reload':
        if (++episode.decodeReloads > this.#config.decodeReloads) return { go: false, reason: 'decode-failed' };
        return (await this.#wait(DECODE_RELOAD_DELAY_MS, false)) ? { go: true } : { go: false, reason: null };
      case 'wait-network':
        return this.#waitForNetwork(episode, probeUrl);
    }
  }

  /** Playback moved on: the episode (and its budgets) is over. */
  progressed(): void {
    this.#episode = null;
  }

  /** A new source or a disconnect: any wait ends (`go: false, reason: null`) and the episode is dropped. */
  cancel(): void {
    this.#cancelWait?.();
    this.#cancelWait = null;
    this.#episode = null;
  }

  async #waitForNetwork(episode: Episode, probeUrl: string): Promise<RecoveryOutcome> {
    const deadlineMs = episode.startMs + this.#config.windowMs;
    let retryAfterSec: number | null = null;
    for (let attempt = 0; ; attempt++) {
      const leftMs = deadlineMs - this.#deps.nowMs();
      if (leftMs <= 0) return { go: false, reason: 'network-lost' };
      const waitMs = retryAfterSec !== null ? retryAfterSec * 1000 : backoffMs(attempt, this.#config, this.#deps.random());
      // Retry-After is the origin's word: an `online` event does not cut it short.
      const continued = await this.#wait(Math.min(waitMs, leftMs), retryAfterSec === null);
      if (!continued) return { go: false, reason: null };
      if (!this.#deps.online()) {
        retryAfterSec = null;
        continue;
      }
      const result = await this.#deps.probe(probeUrl, this.#config.probeTimeoutMs);
      if (this.#episode !== episode) return { go: false, reason: null }; // cancelled while probing
      if (result.reachable) return { go: true };
      retryAfterSec = result.retryAfterSec;
    }
  }

  /** Resolves true after `ms` (or at an `online` event when `wakeOnOnline`), false when cancelled. */
  #wait(ms: number, wakeOnOnline: boolean): Promise<boolean> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (value: boolean): void => {
        if (done) return;
        done = true;
        cancelTimer();
        unsubscribe();
        if (this.#cancelWait === cancel) this.#cancelWait = null;
        resolve(value);
      };
      const cancelTimer = this.#deps.setTimer(() => finish(true), ms);
      const unsubscribe = wakeOnOnline ? this.#deps.onOnline(() => finish(true)) : () => undefined;
      const cancel = (): void => finish(false);
      this.#cancelWait = cancel;
    });
  }
}
