import type { MonotonicClock } from '../../contracts/clock.js';

/**
 * Time and timers for the runtime shaper, injectable so tests can drive it by hand. Times are ms on
 * a monotonic clock (`monotonicMs()`, not the epoch): only differences matter.
 */
export interface LinkClock extends MonotonicClock {
  /** Runs `callback` once after `delayMs`. The timer must not keep the process alive. */
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

/** `performance.now()` and unref'd `setTimeout`. */
export const systemClock: LinkClock = Object.freeze({
  monotonicMs: () => performance.now(),
  setTimer: (callback: () => void, delayMs: number): unknown => {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return timer;
  },
  clearTimer: (handle: unknown): void => clearTimeout(handle as NodeJS.Timeout),
});
