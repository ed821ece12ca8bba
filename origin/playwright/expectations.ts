import type { PlayerState } from './player-handle.js';
import type { QualitySnapshot, SwitchRecord } from './recording.js';

/**
 * The decisions and messages behind the QA kit's player matchers, apart from the polling: what a
 * timeout means, what settles each matcher, and what it says in either direction. Pure: states
 * and times are arguments.
 */

/**
 * The matcher's time limit, ms: an explicit `{ timeout }` wins, else Playwright's expect timeout
 * (`expect.configure({ timeout })`, the project's `expect.timeout`, else 5 s). 0 means no limit
 * (Infinity), as in Playwright: the test's own timeout ends it.
 */
export function matcherTimeoutMs(optionMs: number | undefined, expectTimeoutMs: number): number {
  const timeoutMs = optionMs ?? expectTimeoutMs;
  return timeoutMs > 0 ? timeoutMs : Infinity;
}

/**
 * `toPlayWithoutRebuffering`'s time limit, ms: an explicit `{ timeout }` wins; else the longer of
 * the expect timeout and `seconds × 2 + 15 s`, since N seconds of play cannot fit in a shorter
 * window (the default expect timeout is 5 s).
 */
export function playTimeoutMs(optionMs: number | undefined, expectTimeoutMs: number, seconds: number): number {
  if (optionMs !== undefined) return matcherTimeoutMs(optionMs, expectTimeoutMs);
  const floorMs = seconds * 2000 + 15_000;
  return expectTimeoutMs > 0 ? Math.max(expectTimeoutMs, floorMs) : Infinity;
}

/** One line on where the player stands, appended to every message. */
export function describeState(state: PlayerState): string {
  const switches = state.switches.map((s) => `${s.from?.label ?? '–'}→${s.to.label}`).join(' ') || 'none';
  return (
    `quality ${state.quality?.label ?? 'none'}, buffer ${state.bufferAheadSec.toFixed(1)} s, t=${state.currentTimeSec.toFixed(1)} s, ` +
    `${state.rebufferCount} rebuffers (${state.rebufferSec.toFixed(2)} s), switches: ${switches}`
  );
}

export type SwitchDirection = 'up' | 'down';

/** The first confirmed switch in `direction` at or after page time `sinceMs`. */
export function firstSwitch(state: PlayerState, direction: SwitchDirection, sinceMs: number): SwitchRecord | undefined {
  return state.switches.find((s) => s.atMs >= sinceMs && s.from !== null && (direction === 'down' ? s.to.bitrateBps < s.from.bitrateBps : s.to.bitrateBps > s.from.bitrateBps));
}

/**
 * `toSwitchDown` / `toSwitchUp`. `found` is the switch the polling saw, or undefined when the time
 * ran out without one. Positive: passes on the switch. Negated: fails on the switch, passes once
 * the whole timeout went by without one.
 */
export function switchMessage(input: {
  direction: SwitchDirection;
  isNot: boolean;
  found: SwitchRecord | undefined;
  markMs: number;
  timeoutMs: number;
  state: PlayerState;
}): string {
  const { direction, isNot, found, markMs, timeoutMs, state } = input;
  const window = timeoutMs === Infinity ? '' : ` within ${timeoutMs} ms`;
  const seen = found === undefined ? '' : `${found.from?.label ?? '–'} → ${found.to.label} ${((found.atMs - markMs) / 1000).toFixed(1)} s after the mark (${found.auto ? 'auto' : 'pinned'}, ${found.reason})`;
  const head = isNot
    ? found === undefined
      ? `expected a switch ${direction} after player.mark()${window}, and none came`
      : `expected no switch ${direction} after player.mark()${window}, but one came: ${seen}`
    : found === undefined
      ? `expected a switch ${direction} after player.mark()${window}, but none came`
      : `expected a switch ${direction} after player.mark(), and one came: ${seen}`;
  return `${head}; ${describeState(state)}`;
}

/**
 * Whether the player is on `wanted`, or switched to it at or after `sinceMs` (a visit between two
 * polls counts too).
 */
export function reachedQuality(state: PlayerState, wanted: QualitySnapshot, sinceMs: number): boolean {
  return state.quality?.index === wanted.index || state.switches.some((s) => s.atMs >= sinceMs && s.to.index === wanted.index);
}

/**
 * `toReachQuality`. Positive: passes once the player plays `quality`. Negated: fails as soon as it
 * does, passes once the whole timeout went by without it.
 */
export function reachMessage(input: { quality: string | number; isNot: boolean; reached: boolean; elapsedMs: number; timeoutMs: number; state: PlayerState }): string {
  const { quality, isNot, reached, elapsedMs, timeoutMs, state } = input;
  const window = timeoutMs === Infinity ? '' : ` within ${timeoutMs} ms`;
  const after = `${(elapsedMs / 1000).toFixed(1)} s`;
  const head = isNot
    ? reached
      ? `expected the player not to reach ${String(quality)}${window}, but it did after ${after}`
      : `expected the player not to reach ${String(quality)}${window}, and it did not`
    : reached
      ? `expected the player to reach ${String(quality)}, and it did after ${after}`
      : `expected the player to reach ${String(quality)}${window}, but it did not`;
  return `${head}; ${describeState(state)}`;
}

/** How a `toPlayWithoutRebuffering` window ended (or `pending` while it runs). */
export type PlayOutcome =
  | { kind: 'pending' }
  | { kind: 'played' }
  | { kind: 'ended' }
  | { kind: 'stalled'; newStalls: number; cause: string | null; positionSec: number | null }
  | { kind: 'fatal'; code: string; message: string };

/**
 * Where a play window stands, from the state when it began (`first`) and now: a fatal error or a
 * new stall (as a viewer sees it: waiting or a frozen picture) ends it badly; reaching
 * `first.currentTimeSec + seconds`, or the end of the media, ends it well.
 */
export function playOutcome(first: PlayerState, state: PlayerState, seconds: number): PlayOutcome {
  const fatal = state.errors.find((e) => e.fatal);
  if (fatal) return { kind: 'fatal', code: fatal.code, message: fatal.message };
  const newStalls = state.rebufferCount - first.rebufferCount;
  if (newStalls > 0) {
    const stall = state.stalls.at(-1);
    return { kind: 'stalled', newStalls, cause: stall?.cause ?? null, positionSec: stall?.positionSec ?? null };
  }
  if (state.currentTimeSec >= first.currentTimeSec + seconds) return { kind: 'played' };
  if (state.ended) return { kind: 'ended' };
  return { kind: 'pending' };
}

/**
 * The matcher's `pass` for how the window ended. Played through: true. A stall or a fatal error:
 * false (so `.not` passes at once). Out of time with neither (`pending`): the playback neither
 * proved the claim nor its opposite, so it fails in both directions (true under `.not`).
 */
export function playPass(outcome: PlayOutcome, isNot: boolean): boolean {
  switch (outcome.kind) {
    case 'played':
    case 'ended':
      return true;
    case 'stalled':
    case 'fatal':
      return false;
    case 'pending':
      return isNot;
  }
}

export function playMessage(input: { seconds: number; isNot: boolean; outcome: PlayOutcome; first: PlayerState; state: PlayerState; timeoutMs: number }): string {
  const { seconds, isNot, outcome, first, state, timeoutMs } = input;
  const targetSec = first.currentTimeSec + seconds;
  const progress = `playback only reached ${state.currentTimeSec.toFixed(1)} s of ${targetSec.toFixed(1)} s${timeoutMs === Infinity ? '' : ` in ${timeoutMs} ms`}`;
  const bad =
    outcome.kind === 'fatal'
      ? `a fatal error came: ${outcome.code}: ${outcome.message}`
      : outcome.kind === 'stalled'
        ? `it rebuffered (${outcome.newStalls} new ${outcome.newStalls === 1 ? 'stall' : 'stalls'}${outcome.cause === null ? '' : `, ${outcome.cause}`}${outcome.positionSec === null ? '' : ` at ${outcome.positionSec.toFixed(1)} s`})`
        : '';
  const good = outcome.kind === 'ended' ? `the media ended at ${state.currentTimeSec.toFixed(1)} s without one` : `it played ${seconds} s without one`;
  let head: string;
  if (isNot) {
    head =
      outcome.kind === 'pending'
        ? `expected a stall or a fatal error within ${seconds} s of play, but neither came and ${progress}, which shows neither`
        : bad !== ''
          ? `expected a stall or a fatal error within ${seconds} s of play, and ${bad}`
          : `expected a stall or a fatal error within ${seconds} s of play, but ${good}`;
  } else {
    head =
      outcome.kind === 'pending'
        ? `expected ${seconds} s of play without rebuffering, but ${progress}`
        : bad !== ''
          ? `expected ${seconds} s of play without rebuffering, but ${bad}`
          : `expected ${seconds} s of play without rebuffering, and ${good.replace('without one', 'without a stall')}`;
  }
  return `${head}; ${describeState(state)}`;
}
