/**
 * Time, injected: `nowMs()` is monotonic (the timebase of player signals, `performance.now()`
 * in a browser), `epochMs()` is wall-clock. Tests pass a fake one.
 */
export interface TelemetryClock {
  nowMs(): number;
  epochMs(): number;
}

export const systemClock: TelemetryClock = {
  nowMs: () => performance.now(),
  epochMs: () => Date.now(),
};
