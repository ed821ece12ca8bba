import { bitsBetween, rateBpsAt, secondsToDeliver, type Trace, type TraceMode } from './trace.js';

/**
 * What drives a link's rate: a fixed rate, a trace, or nothing (unlimited). Pure; time is seconds
 * since the link's clock started (trace t = 0).
 */
export type LinkRate =
  | { readonly kind: 'fixed'; readonly kbps: number }
  | { readonly kind: 'trace'; readonly trace: Trace; readonly mode: TraceMode }
  | { readonly kind: 'unlimited' };

/** The rate at `elapsedSec`, bits/s; Infinity when unlimited. */
export function linkRateBpsAt(rate: LinkRate, elapsedSec: number): number {
  switch (rate.kind) {
    case 'fixed':
      return rate.kbps * 1000;
    case 'trace':
      return rateBpsAt(rate.trace, elapsedSec, rate.mode);
    case 'unlimited':
      return Infinity;
  }
}

/** Exactly the bits the link may carry over [t0Sec, t1Sec]; Infinity when unlimited. */
export function linkBitsBetween(rate: LinkRate, t0Sec: number, t1Sec: number): number {
  if (!(t1Sec > t0Sec)) return 0;
  switch (rate.kind) {
    case 'fixed':
      return rate.kbps * 1000 * (t1Sec - t0Sec);
    case 'trace':
      return bitsBetween(rate.trace, t0Sec, t1Sec, rate.mode);
    case 'unlimited':
      return Infinity;
  }
}

/** Seconds from `fromSec` until the link has carried `bits` more; Infinity if it never will. */
export function linkSecondsToDeliver(rate: LinkRate, fromSec: number, bits: number): number {
  if (!(bits > 0)) return 0;
  switch (rate.kind) {
    case 'fixed':
      return rate.kbps > 0 ? bits / (rate.kbps * 1000) : Infinity;
    case 'trace':
      return secondsToDeliver(rate.trace, fromSec, bits, rate.mode);
    case 'unlimited':
      return 0;
  }
}

