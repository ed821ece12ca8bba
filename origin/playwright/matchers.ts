import { expect as base, type ExpectMatcherState } from '@playwright/test';
import {
  firstSwitch,
  matcherTimeoutMs,
  playMessage,
  playOutcome,
  playPass,
  playTimeoutMs,
  reachedQuality,
  reachMessage,
  switchMessage,
  type PlayOutcome,
  type SwitchDirection,
} from './expectations.js';
import type { OriginFixture } from './fixtures.js';
import { findQuality, type PlayerHandle, type PlayerState } from './player-handle.js';

const POLL_MS = 250;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface MatcherResult {
  pass: boolean;
  message: () => string;
  name: string;
}

/**
 * Polls `state()` until `settled(state)` or the time runs out (counted from `startMs`, the
 * matcher's start), and reads the state once more at the deadline, so an event just before it is
 * seen. Returns the last state, whether it settled, and how long it took.
 */
async function watch(
  player: PlayerHandle,
  timeoutMs: number,
  settled: (state: PlayerState) => boolean,
  startMs: number = Date.now(),
): Promise<{ settled: boolean; state: PlayerState; elapsedMs: number }> {
  const deadlineMs = startMs + timeoutMs;
  for (;;) {
    const state = await player.state();
    if (settled(state)) return { settled: true, state, elapsedMs: Date.now() - startMs };
    const leftMs = deadlineMs - Date.now();
    if (leftMs <= 0) return { settled: false, state, elapsedMs: Date.now() - startMs };
    await sleep(Math.min(POLL_MS, leftMs));
  }
}

async function switchMatcher(
  context: ExpectMatcherState,
  name: string,
  direction: SwitchDirection,
  player: PlayerHandle,
  options: { timeout?: number },
): Promise<MatcherResult> {
  const timeoutMs = matcherTimeoutMs(options.timeout, context.timeout);
  const markMs = player.markMs;
  const { state } = await watch(player, timeoutMs, (s) => firstSwitch(s, direction, markMs) !== undefined);
  const found = firstSwitch(state, direction, markMs);
  return {
    pass: found !== undefined,
    name,
    message: () => switchMessage({ direction, isNot: context.isNot, found, markMs, timeoutMs, state }),
  };
}

/**
 * `expect` with the QA kit's matchers. Every player matcher polls the page until it is settled or
 * its timeout runs out: an explicit `{ timeout }` wins, else Playwright's expect timeout
 * (`expect.configure({ timeout })`, the project's `expect: { timeout }`, else 5 s); 0 means no
 * limit but the test's own.
 *
 *  - `await expect(player).toReachQuality('720p', { timeout })`: the engine confirms that rendition
 *    (label, `720p`-style height, or a height number) at some point within the timeout. Negated:
 *    it does NOT play that rendition during the whole timeout — fails as soon as it does, passes
 *    when the timeout is over.
 *  - `await expect(player).toSwitchDown({ timeout })` / `toSwitchUp`: a confirmed switch to a lower
 *    (higher) bitrate after the last `player.mark()`, within the timeout. Negated: no such switch
 *    during the whole timeout — `expect(player).not.toSwitchDown({ timeout: 3000 })` fails as soon
 *    as one happens and passes after 3 s without one.
 *  - `await expect(player).toPlayWithoutRebuffering({ seconds, timeout })`: `seconds` of media play
 *    with no new stall as a viewer sees it (waiting or frozen picture) and no fatal error. It fails
 *    as soon as a stall or fatal error is seen. The time limit defaults to the longer of the expect
 *    timeout and `seconds × 2 + 15 s`. Negated: the player stalls or fails before `seconds` of play
 *    — passes as soon as a stall or fatal error is seen, fails when `seconds` play cleanly (or the
 *    media ends). If the time runs out with neither (the player made no progress), it fails in
 *    both directions: nothing was shown either way.
 *  - `await expect(origin).toHaveFetchedOnly(['240p', '360p'])`: every video segment this test's
 *    session fetched came from those rungs (from the origin's request log; not polled).
 */
export const expect = base.extend({
  async toReachQuality(this: ExpectMatcherState, player: PlayerHandle, quality: string | number, options: { timeout?: number } = {}): Promise<MatcherResult> {
    const startMs = Date.now();
    const timeoutMs = matcherTimeoutMs(options.timeout, this.timeout);
    const first = await player.state();
    const sinceMs = first.atMs;
    const { settled, state, elapsedMs } = await watch(
      player,
      timeoutMs,
      (s) => {
        if (s.qualities.length > 0 && findQuality(s.qualities, quality) === undefined) return true; // no such rendition: stop, throw below
        const wanted = findQuality(s.qualities, quality);
        return wanted !== undefined && reachedQuality(s, wanted, sinceMs);
      },
      startMs,
    );
    if (settled && findQuality(state.qualities, quality) === undefined) {
      throw new Error(`toReachQuality: no quality ${JSON.stringify(quality)} in ${state.qualities.map((q) => q.label).join(', ')}`);
    }
    return {
      pass: settled,
      name: 'toReachQuality',
      message: () => reachMessage({ quality, isNot: this.isNot, reached: settled, elapsedMs, timeoutMs, state }),
    };
  },

  async toSwitchDown(this: ExpectMatcherState, player: PlayerHandle, options: { timeout?: number } = {}): Promise<MatcherResult> {
    return switchMatcher(this, 'toSwitchDown', 'down', player, options);
  },

  async toSwitchUp(this: ExpectMatcherState, player: PlayerHandle, options: { timeout?: number } = {}): Promise<MatcherResult> {
    return switchMatcher(this, 'toSwitchUp', 'up', player, options);
  },

  async toPlayWithoutRebuffering(this: ExpectMatcherState, player: PlayerHandle, options: { seconds: number; timeout?: number }): Promise<MatcherResult> {
    const startMs = Date.now();
    const timeoutMs = playTimeoutMs(options.timeout, this.timeout, options.seconds);
    const first = await player.state();
    const { state } = await watch(player, timeoutMs, (s) => playOutcome(first, s, options.seconds).kind !== 'pending', startMs);
    const final: PlayOutcome = playOutcome(first, state, options.seconds);
    return {
      pass: playPass(final, this.isNot),
      name: 'toPlayWithoutRebuffering',
      message: () => playMessage({ seconds: options.seconds, isNot: this.isNot, outcome: final, first, state, timeoutMs }),
    };
  },

  async toHaveFetchedOnly(this: ExpectMatcherState, origin: OriginFixture, rungs: readonly string[]): Promise<MatcherResult> {
    const fetched = [...new Set((await origin.log()).filter((e) => e.kind === 'media' && e.method === 'GET').map((e) => e.rung ?? '?'))];
    const extra = fetched.filter((rung) => !rungs.includes(rung));
    const pass = fetched.length > 0 && extra.length === 0;
    return {
      pass,
      name: 'toHaveFetchedOnly',
      message: () =>
        fetched.length === 0
          ? `expected video segments from ${rungs.join(', ')}, but the session fetched none`
          : pass
            ? `expected other rungs than ${rungs.join(', ')}, but fetched only ${fetched.join(', ')}`
            : `expected only ${rungs.join(', ')}, but also fetched ${extra.join(', ')}`,
    };
  },
});
