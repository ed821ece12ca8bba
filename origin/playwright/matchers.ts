import { expect as base } from '@playwright/test';
import type { OriginFixture } from './fixtures.js';
import { findQuality, type PlayerHandle, type PlayerState, type SwitchRecord } from './player-handle.js';

const POLL_MS = 250;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface MatcherResult {
  pass: boolean;
  message: () => string;
  name: string;
}

function describeState(state: PlayerState): string {
  const switches = state.switches.map((s) => `${s.from?.label ?? '–'}→${s.to.label}`).join(' ') || 'none';
  return `quality ${state.quality?.label ?? 'none'}, buffer ${state.bufferAheadSec.toFixed(1)} s, t=${state.currentTimeSec.toFixed(1)} s, ${state.rebufferCount} rebuffers (${state.rebufferSec.toFixed(2)} s), switches: ${switches}`;
}

/** Polls `state()` until `done(state)` or the timeout; returns the last state and whether it passed. */
async function pollState(
  player: PlayerHandle,
  timeoutMs: number,
  done: (state: PlayerState) => boolean,
): Promise<{ ok: boolean; state: PlayerState }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await player.state();
    if (done(state)) return { ok: true, state };
    if (Date.now() >= deadline) return { ok: false, state };
    await sleep(POLL_MS);
  }
}

const isDown = (s: SwitchRecord): boolean => s.from !== null && s.to.bitrateBps < s.from.bitrateBps;
const isUp = (s: SwitchRecord): boolean => s.from !== null && s.to.bitrateBps > s.from.bitrateBps;

/**
 * `expect` with the QA kit's matchers:
 *  - `await expect(player).toReachQuality('720p', { timeout })`: the engine confirms that rendition;
 *  - `await expect(player).toSwitchDown({ timeout })` / `toSwitchUp`: a confirmed switch to a lower
 *    (higher) bitrate after the last `player.mark()`;
 *  - `await expect(player).toPlayWithoutRebuffering({ seconds })`: `seconds` of media play with no
 *    stall as a viewer sees it (waiting or frozen picture) and no fatal error;
 *  - `await expect(origin).toHaveFetchedOnly(['240p', '360p'])`: every video segment this test's
 *    session fetched came from those rungs (from the origin's request log).
 */
export const expect = base.extend({
  async toReachQuality(player: PlayerHandle, quality: string | number, options: { timeout?: number } = {}): Promise<MatcherResult> {
    const timeoutMs = options.timeout ?? 30_000;
    const { ok, state } = await pollState(player, timeoutMs, (s) => {
      const wanted = findQuality(s.qualities, quality);
      return wanted !== undefined && s.quality?.index === wanted.index;
    });
    return {
      pass: ok,
      name: 'toReachQuality',
      message: () => `expected the player ${ok ? 'not ' : ''}to reach ${String(quality)} within ${timeoutMs} ms; ${describeState(state)}`,
    };
  },

  async toSwitchDown(player: PlayerHandle, options: { timeout?: number } = {}): Promise<MatcherResult> {
    const timeoutMs = options.timeout ?? 30_000;
    const { ok, state } = await pollState(player, timeoutMs, (s) => s.switches.some((w) => w.atMs >= player.markMs && isDown(w)));
    return {
      pass: ok,
      name: 'toSwitchDown',
      message: () => `expected a switch down ${ok ? 'not ' : ''}to happen within ${timeoutMs} ms; ${describeState(state)}`,
    };
  },

  async toSwitchUp(player: PlayerHandle, options: { timeout?: number } = {}): Promise<MatcherResult> {
    const timeoutMs = options.timeout ?? 30_000;
    const { ok, state } = await pollState(player, timeoutMs, (s) => s.switches.some((w) => w.atMs >= player.markMs && isUp(w)));
    return {
      pass: ok,
      name: 'toSwitchUp',
      message: () => `expected a switch up ${ok ? 'not ' : ''}to happen within ${timeoutMs} ms; ${describeState(state)}`,
    };
  },

  async toPlayWithoutRebuffering(
    player: PlayerHandle,
    options: { seconds: number; timeout?: number },
  ): Promise<MatcherResult> {
    const first = await player.state();
    const timeoutMs = options.timeout ?? options.seconds * 1000 * 2 + 15_000;
    const targetSec = first.currentTimeSec + options.seconds;
    let failure = '';
    const { ok, state } = await pollState(player, timeoutMs, (s) => {
      if (s.rebufferCount > first.rebufferCount) failure = `it rebuffered (${s.rebufferCount - first.rebufferCount} new stalls)`;
      const fatal = s.errors.find((e) => e.fatal);
      if (fatal) failure = `fatal ${fatal.code}: ${fatal.message}`;
      return failure !== '' || s.currentTimeSec >= targetSec || s.ended;
    });
    const pass = ok && failure === '';
    return {
      pass,
      name: 'toPlayWithoutRebuffering',
      message: () =>
        pass
          ? `expected rebuffering within ${options.seconds} s of play, but it played through; ${describeState(state)}`
          : `expected ${options.seconds} s of play without rebuffering, but ${failure || `playback only reached ${state.currentTimeSec.toFixed(1)} s of ${targetSec.toFixed(1)} s in ${timeoutMs} ms`}; ${describeState(state)}`,
    };
  },

  async toHaveFetchedOnly(origin: OriginFixture, rungs: readonly string[]): Promise<MatcherResult> {
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
