/**
 * Time, injected (the vocabulary of `contracts/clock.ts`): `monotonicMs()` is the timebase of
 * player signals (`atMs`, `performance.now()` in a browser), `epochMs()` is wall-clock, for beacon
 * times and saved queues. Tests pass a fake one.
 */
import type { Clock } from '../contracts/clock.js';

/** The clock telemetry takes: both timebases (`Clock`; this name is kept for embedders). */
export type TelemetryClock = Clock;

export const systemClock: TelemetryClock = {
  monotonicMs: () => performance.now(),
  epochMs: () => Date.now(),
};
