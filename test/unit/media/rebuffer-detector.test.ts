import { describe, expect, it } from 'vitest';
import {
  INITIAL_REBUFFER_STATE, stepRebuffer, type PlaybackSignal, type RebufferTransition,
} from '../../../src/media/rebuffer-detector.js';

/** Runs signals through the detector; returns the transitions. */
function run(signals: PlaybackSignal[]): RebufferTransition[] {
  let state = INITIAL_REBUFFER_STATE;
  const transitions: RebufferTransition[] = [];
  for (const signal of signals) {
    const step = stepRebuffer(state, signal, { freezeThresholdMs: 500, freezeMaxBufferSec: 0.5 });
    state = step.state;
    if (step.transition) transitions.push(step.transition);
  }
  return transitions;
}

/** Frames every 33 ms from `fromMs` up to `toMs`. */
const frames = (fromMs: number, toMs: number): PlaybackSignal[] => {
  const out: PlaybackSignal[] = [];
  for (let t = fromMs; t <= toMs; t += 33) out.push({ type: 'frame', nowMs: t }, { type: 'tick', nowMs: t, bufferAheadSec: 0 });
  return out;
};

describe('rebuffer detector', () => {
  it('does not count startup as rebuffering', () => {
    expect(run([{ type: 'waiting', nowMs: 0 }, { type: 'tick', nowMs: 2000, bufferAheadSec: 0 }, { type: 'playing', nowMs: 2500 }, ...frames(2500, 3000)])).toEqual([]);
  });

  it('reports a waiting stall from waiting to the first new frame', () => {
    const transitions = run([
      { type: 'playing', nowMs: 0 },
      ...frames(0, 1000),
      { type: 'waiting', nowMs: 1010 },
      { type: 'playing', nowMs: 2000 },
      ...frames(2100, 2200),
    ]);
    expect(transitions).toEqual([
      { type: 'start', cause: 'waiting', startedAtMs: 1010 },
      { type: 'end', cause: 'waiting', startedAtMs: 1010, endedAtMs: 2100 },
    ]);
  });

  it('reports a frozen picture with no waiting event, backdated to the last frame', () => {
    const transitions = run([
      { type: 'playing', nowMs: 0 },
      ...frames(0, 990),
      { type: 'tick', nowMs: 1400, bufferAheadSec: 0 },
      { type: 'tick', nowMs: 1600, bufferAheadSec: 0 },
      ...frames(3000, 3100),
    ]);
    expect(transitions).toEqual([
      { type: 'start', cause: 'frozen', startedAtMs: 990 },
      { type: 'end', cause: 'frozen', startedAtMs: 990, endedAtMs: 3000 },
    ]);
  });

  it('keeps one stall when waiting follows a detected freeze', () => {
    const transitions = run([
      { type: 'playing', nowMs: 0 },
      ...frames(0, 990),
      { type: 'tick', nowMs: 1600, bufferAheadSec: 0 },
      { type: 'waiting', nowMs: 2500 },
      { type: 'playing', nowMs: 3000 },
      ...frames(3010, 3100),
    ]);
    expect(transitions.map((t) => t.type)).toEqual(['start', 'end']);
    expect(transitions[1]).toMatchObject({ cause: 'frozen', endedAtMs: 3010 });
  });

  it('ignores a pause, and ends an open stall when the viewer pauses', () => {
    const transitions = run([
      { type: 'playing', nowMs: 0 },
      ...frames(0, 990),
      { type: 'pause', nowMs: 1000 },
      { type: 'tick', nowMs: 5000, bufferAheadSec: 0 },
      { type: 'playing', nowMs: 6000 },
      ...frames(6000, 6100),
      { type: 'waiting', nowMs: 6200 },
      { type: 'pause', nowMs: 6300 },
    ]);
    expect(transitions).toEqual([
      { type: 'start', cause: 'waiting', startedAtMs: 6200 },
      { type: 'end', cause: 'waiting', startedAtMs: 6200, endedAtMs: 6300 },
    ]);
  });

  it('does not count seeking, nor waiting before the first frame after a seek', () => {
    const transitions = run([
      { type: 'playing', nowMs: 0 },
      ...frames(0, 990),
      { type: 'seeking', nowMs: 1000 },
      { type: 'waiting', nowMs: 1001 },
      { type: 'tick', nowMs: 2000, bufferAheadSec: 0 },
      { type: 'seeked', nowMs: 2500 },
      { type: 'waiting', nowMs: 2510 },
      { type: 'tick', nowMs: 3500, bufferAheadSec: 0 },
      ...frames(3600, 3700),
    ]);
    expect(transitions).toEqual([]);
  });

  it('does not count a frozen picture while the buffer holds data (a slow machine, not an underrun)', () => {
    const transitions = run([
      { type: 'playing', nowMs: 0 },
      ...frames(0, 990),
      { type: 'tick', nowMs: 1600, bufferAheadSec: 8 },
      { type: 'tick', nowMs: 2600, bufferAheadSec: 7.9 },
      ...frames(3000, 3100),
    ]);
    expect(transitions).toEqual([]);
  });

  it('does not count time while the page is hidden', () => {
    const transitions = run([
      { type: 'playing', nowMs: 0 },
      ...frames(0, 990),
      { type: 'hidden', nowMs: 1000 },
      { type: 'tick', nowMs: 9000, bufferAheadSec: 0 },
      { type: 'visible', nowMs: 10_000 },
      { type: 'tick', nowMs: 10_100, bufferAheadSec: 0 },
      ...frames(10_100, 10_200),
    ]);
    expect(transitions).toEqual([]);
  });

  it('falls back to playing events when frames are never observed', () => {
    const transitions = run([
      { type: 'playing', nowMs: 0 },
      { type: 'tick', nowMs: 5000, bufferAheadSec: 0 },
      { type: 'waiting', nowMs: 6000 },
      { type: 'playing', nowMs: 7000 },
    ]);
    expect(transitions).toEqual([
      { type: 'start', cause: 'waiting', startedAtMs: 6000 },
      { type: 'end', cause: 'waiting', startedAtMs: 6000, endedAtMs: 7000 },
    ]);
  });
});
