/**
 * The clock vocabulary, one name per timebase:
 * - `monotonicMs()`: a monotonic clock (`performance.now()` in a browser and Node), for durations
 *   and ordering; never compared across processes.
 * - `epochMs()`: wall-clock milliseconds since the Unix epoch (`Date.now()`), for timestamps that
 *   are stored or sent (`updatedAt`, beacon times, log entries).
 * Code takes the narrowest interface it needs, passed in, so tests run on a fake clock.
 */
export interface MonotonicClock {
  monotonicMs(): number;
}

export interface EpochClock {
  epochMs(): number;
}

export interface Clock extends MonotonicClock, EpochClock {}
