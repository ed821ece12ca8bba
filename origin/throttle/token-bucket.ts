import { linkBitsBetween, linkRateBpsAt, linkSecondsToDeliver, type LinkRate } from './rate.js';

/**
 * A token bucket as a pure fold: `refill(state, nowMs, profile)` then `take(state, bits)`. Tokens
 * are bits. Time is an argument, ms on any monotonic clock; trace time is `(nowMs - startMs) / 1000`.
 *
 * Burst size: while the link is idle (nothing is waiting to be sent), the bucket holds at most
 * `capacityBits(rate)` = max(16 KiB, 50 ms of the current rate). Whatever it holds goes out at
 * once when demand returns, above the trace, so a small cap keeps per-second fidelity high: at
 * 2 Mbps the worst burst is 16 KiB, 6.6% of one second's bytes, and only after an idle spell. The
 * cap must still hold what accrues between two ticks, or a late tick loses tokens: 50 ms is five
 * 10 ms ticks, and the 16 KiB floor (one write) covers slow links, where 50 ms of rate is only a
 * few hundred bytes.
 *
 * While the link is backlogged (responses were waiting for tokens at the last refill), the
 * capacity was not wasted: a real link would have carried those bits. If the shaper ticks late (a
 * busy event loop, a descheduled process) the owed bits are kept, up to one second of the rate
 * (`CATCH_UP_SEC`), so a stall delays bytes instead of losing them.
 */
export interface BucketState {
  readonly tokensBits: number;
  /** Last refill, ms. */
  readonly lastMs: number;
  /** The link's clock start (trace t = 0), ms. */
  readonly startMs: number;
}

/** Smallest burst, bits (16 KiB). */
export const MIN_BURST_BITS = 16 * 1024 * 8;
/** Burst as time at the current rate, seconds. */
export const BURST_WINDOW_SEC = 0.05;
/** Most a backlogged link catches up after a late refill, as time at the rate, seconds. */
export const CATCH_UP_SEC = 1;

/** What drives the refill: a LinkProfile satisfies this. */
export interface RateSource {
  readonly rate: LinkRate;
}

/** An empty bucket whose clock starts at `nowMs`. */
export function createBucket(nowMs: number): BucketState {
  return { tokensBits: 0, lastMs: nowMs, startMs: nowMs };
}

/** Most bits the bucket holds at `rateBps` (Infinity when unlimited). */
export function capacityBits(rateBps: number): number {
  return Math.max(MIN_BURST_BITS, rateBps * BURST_WINDOW_SEC);
}

/**
 * Adds exactly what the rate delivers over (lastMs, nowMs] (the trace's integral, or rate × dt).
 * The total is capped at `capacityBits` of the rate at `nowMs` when the link was idle, and at
 * the larger of that and the last `CATCH_UP_SEC` of delivery when it was `backlogged`. A `nowMs`
 * before `lastMs` changes nothing.
 */
export function refill(state: BucketState, nowMs: number, profile: RateSource, backlogged = false): BucketState {
  if (!(nowMs > state.lastMs)) return state;
  const fromSec = (state.lastMs - state.startMs) / 1000;
  const toSec = (nowMs - state.startMs) / 1000;
  const added = linkBitsBetween(profile.rate, fromSec, toSec);
  let cap = capacityBits(linkRateBpsAt(profile.rate, toSec));
  if (backlogged) cap = Math.max(cap, linkBitsBetween(profile.rate, Math.max(0, toSec - CATCH_UP_SEC), toSec));
  return { tokensBits: Math.min(cap, state.tokensBits + added), lastMs: nowMs, startMs: state.startMs };
}

/** Removes `bits`. Taking more than the bucket holds is a bug in the caller: RangeError. */
export function take(state: BucketState, bits: number): BucketState {
  if (!(bits >= 0) || bits > state.tokensBits) {
    throw new RangeError(`cannot take ${bits} bits from a bucket holding ${state.tokensBits}`);
  }
  if (bits === 0) return state;
  return { tokensBits: state.tokensBits - bits, lastMs: state.lastMs, startMs: state.startMs };
}

/**
 * Ms from `nowMs` until the bucket holds `bits`, assuming nothing takes meanwhile and counting
 * from the state as of `nowMs` (refill first for a state older than that). 0 when it already
 * does; Infinity when it never will: a fixed 0 kbps, a trace that is all outage, or a `hold` trace
 * that ends in an outage. During an outage in a trace that later recovers, it is the time to the
 * next non-zero step plus the time that step needs. Ask for at most `capacityBits`: the cap is not
 * modelled here.
 */
export function msUntil(state: BucketState, bits: number, profile: RateSource, nowMs: number): number {
  const needBits = bits - state.tokensBits;
  if (!(needBits > 0)) return 0;
  const fromSec = (Math.max(nowMs, state.lastMs) - state.startMs) / 1000;
  const seconds = linkSecondsToDeliver(profile.rate, fromSec, needBits);
  return seconds * 1000;
}
