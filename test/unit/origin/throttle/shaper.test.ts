import { afterEach, describe, expect, it } from 'vitest';
import type { LinkProfile } from '../../../../origin/throttle/profile.js';
import { Shaper } from '../../../../origin/throttle/shaper.js';
import { createTrace } from '../../../../origin/throttle/trace.js';
import { ManualClock, settle } from './manual-clock.js';
import { collect, countingSource } from './streams.js';

const fixed = (kbps: number, rttMs = 0, jitterMs = 0): LinkProfile => ({ rate: { kind: 'fixed', kbps }, rttMs, jitterMs });

let shaper: Shaper | null = null;
afterEach(() => {
  shaper?.close();
  shaper = null;
});

function setup(options: { tickMs?: number; defaultProfile?: LinkProfile } = {}) {
  const clock = new ManualClock();
  shaper = new Shaper({ clock, ...options });
  return { clock, shaper };
}

describe('Shaper', () => {
  it('drives every session from one timer', async () => {
    const { clock, shaper } = setup();
    const sinks = [];
    for (let i = 0; i < 20; i += 1) {
      shaper.setProfile(`s${i}`, fixed(400 + 40 * i));
      sinks.push(collect(shaper.shape(countingSource(1_000_000), `s${i}`)));
      sinks.push(collect(shaper.shape(countingSource(1_000_000), `s${i}`)));
    }
    await settle();
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(1000);
    expect(clock.pendingTimers).toBe(1);
    for (let i = 0; i < 20; i += 1) {
      const bytes = (sinks[2 * i]?.bytes() ?? 0) + (sinks[2 * i + 1]?.bytes() ?? 0);
      expect(Math.abs(bytes - (400 + 40 * i) * 125)).toBeLessThanOrEqual(10);
    }
  });

  it('stops its timer when no response is in flight', async () => {
    const { clock, shaper } = setup();
    shaper.setProfile('a', fixed(8000));
    const one = collect(shaper.shape(countingSource(5000), 'a'));
    await clock.advance(100);
    await one.done;
    await clock.advance(50);
    expect(clock.pendingTimers).toBe(0);
    expect(shaper.stats('a')?.activeStreams).toBe(0);
  });

  it('switches a response in flight from 5 Mbps to 600 kbps', async () => {
    const { clock, shaper } = setup();
    shaper.setProfile('p', fixed(5000));
    const one = collect(shaper.shape(countingSource(3_000_000), 'p'));
    await clock.advance(1000);
    const fast = one.bytes();
    expect(fast).toBeGreaterThanOrEqual(624_000);
    expect(fast).toBeLessThanOrEqual(625_000);
    shaper.setProfile('p', fixed(600));
    await clock.advance(1000);
    expect(one.bytes() - fast).toBeGreaterThanOrEqual(74_000);
    expect(one.bytes() - fast).toBeLessThanOrEqual(75_100);
  });

  it('reports bytes per second since the session clock started', async () => {
    const { clock, shaper } = setup();
    const trace = createTrace('up', [
      [1, 800],
      [1, 1600],
    ]);
    shaper.setProfile('t', { rate: { kind: 'trace', trace, mode: 'hold' }, rttMs: 0, jitterMs: 0 });
    await clock.advance(5000);
    // The clock starts with the first request, not when the profile was set.
    collect(shaper.shape(countingSource(10_000_000), 't'));
    collect(shaper.shape(countingSource(10_000_000), 't'));
    await clock.advance(3000);
    const stats = shaper.stats('t');
    expect(stats?.clockStartMs).toBe(5000);
    expect(stats?.bytesPerSecond).toEqual([100_000, 200_000, 200_000]);
    expect(stats?.activeStreams).toBe(2);
  });

  it('starts the session clock at the first-byte delay of the first request', async () => {
    const { clock, shaper } = setup();
    shaper.setProfile('r', fixed(800, 40, 10));
    await clock.advance(250);
    expect(shaper.firstByteDelayMs('r', () => 0.75)).toBe(45);
    expect(shaper.stats('r')?.clockStartMs).toBe(250);
  });

  it('sleeps through an outage and wakes for a new profile', async () => {
    const { clock, shaper } = setup();
    const down = createTrace('down', [
      [0.1, 800],
      [1, 0],
    ]);
    shaper.setProfile('o', { rate: { kind: 'trace', trace: down, mode: 'hold' }, rttMs: 0, jitterMs: 0 });
    const one = collect(shaper.shape(countingSource(1_000_000), 'o'));
    await clock.advance(500);
    expect(one.bytes()).toBe(10_000);
    expect(clock.pendingTimers).toBe(0);
    shaper.setProfile('o', fixed(800));
    await clock.advance(1000);
    expect(one.bytes()).toBeGreaterThanOrEqual(109_990);
  });

  it('passes bytes through for a session without a profile when the default is unlimited', async () => {
    const { clock, shaper } = setup();
    const one = collect(shaper.shape(countingSource(500_000), 'u'));
    await one.done;
    expect(one.bytes()).toBe(500_000);
    expect(clock.pendingTimers).toBe(0);
  });

  it('shapes a session without a profile with the default profile', async () => {
    const { clock, shaper } = setup({ defaultProfile: fixed(800) });
    const one = collect(shaper.shape(countingSource(500_000), 'd'));
    await clock.advance(1000);
    expect(one.bytes()).toBeGreaterThanOrEqual(99_990);
    expect(one.bytes()).toBeLessThanOrEqual(100_000);
  });

  it('forgets a cleared session but lets its responses finish', async () => {
    const { clock, shaper } = setup();
    shaper.setProfile('c', fixed(800));
    const one = collect(shaper.shape(countingSource(20_000), 'c'));
    await clock.advance(100);
    shaper.clear('c');
    expect(shaper.sessions()).toEqual([]);
    expect(shaper.stats('c')).toBeNull();
    await clock.advance(100);
    await one.done;
    expect(one.bytes()).toBe(20_000);
  });

  it('destroys responses in flight when closed', async () => {
    const { clock, shaper } = setup();
    shaper.setProfile('x', fixed(800));
    const shaped = shaper.shape(countingSource(1_000_000), 'x');
    collect(shaped).done.catch(() => undefined);
    await clock.advance(50);
    shaper.close();
    expect(shaped.destroyed).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });
});
