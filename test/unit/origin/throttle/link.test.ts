import { describe, expect, it } from 'vitest';
import { SessionLink } from '../../../../origin/throttle/link.js';
import type { LinkProfile } from '../../../../origin/throttle/profile.js';
import { createTrace } from '../../../../origin/throttle/trace.js';
import { settle } from './manual-clock.js';
import { collect, countingSource } from './streams.js';

const fixed = (kbps: number): LinkProfile => ({ rate: { kind: 'fixed', kbps }, rttMs: 0, jitterMs: 0 });

/** A link on a hand-moved clock, ticked every `tickMs` by the test. */
function harness(profile: LinkProfile) {
  const clock = { nowMs: 0 };
  const link = new SessionLink('s1', profile, { now: () => clock.nowMs });
  return {
    link,
    clock,
    async run(durationMs: number, tickMs = 10): Promise<void> {
      const endMs = clock.nowMs + durationMs;
      while (clock.nowMs < endMs) {
        clock.nowMs = Math.min(endMs, clock.nowMs + tickMs);
        link.tick(clock.nowMs);
        await settle();
      }
    },
  };
}

describe('SessionLink', () => {
  it('holds two concurrent responses to the fixed rate together, half each', async () => {
    const { link, run } = harness(fixed(800));
    const a = collect(link.register(countingSource(1_000_000)));
    const b = collect(link.register(countingSource(1_000_000)));
    await settle();
    await run(2000);
    // 800 kbps × 2 s = 200,000 bytes, shared by both.
    expect(a.bytes() + b.bytes()).toBeGreaterThanOrEqual(199_990);
    expect(a.bytes() + b.bytes()).toBeLessThanOrEqual(200_000);
    expect(Math.abs(a.bytes() - b.bytes())).toBeLessThanOrEqual(100);
  });

  it('follows a stepped trace, outage included', async () => {
    const trace = createTrace('steps', [
      [0.5, 1600],
      [0.5, 0],
      [1, 400],
    ]);
    const { link, run } = harness({ rate: { kind: 'trace', trace, mode: 'loop' }, rttMs: 0, jitterMs: 0 });
    const a = collect(link.register(countingSource(1_000_000)));
    const b = collect(link.register(countingSource(1_000_000)));
    await settle();
    await run(500);
    expect(a.bytes() + b.bytes()).toBe(100_000);
    await run(500);
    expect(a.bytes() + b.bytes()).toBe(100_000);
    await run(1000);
    expect(a.bytes() + b.bytes()).toBe(150_000);
    expect(Math.abs(a.bytes() - b.bytes())).toBeLessThanOrEqual(100);
    expect(link.stats(2000).bytesPerSecond).toEqual([100_000, 50_000]);
  });

  it('gives a lone response the whole rate after the other one finishes', async () => {
    const { link, run } = harness(fixed(800));
    const short = collect(link.register(countingSource(10_000)));
    const long = collect(link.register(countingSource(1_000_000)));
    await settle();
    await run(1000);
    await short.done;
    expect(short.bytes()).toBe(10_000);
    expect(short.data()[9_999]).toBe(9_999 % 251);
    expect(long.bytes()).toBeGreaterThanOrEqual(89_990);
    expect(link.activeStreams).toBe(1);
  });

  it('ends a shaped response with all of its bytes, in order', async () => {
    const { link, run } = harness(fixed(8000));
    const one = collect(link.register(countingSource(70_000, 3000)));
    await settle();
    await run(200);
    await one.done;
    const data = one.data();
    expect(data.byteLength).toBe(70_000);
    expect(data.every((byte, i) => byte === i % 251)).toBe(true);
    expect(link.activeStreams).toBe(0);
  });

  it('switches rate mid-stream when the profile changes', async () => {
    const { link, run, clock } = harness(fixed(5000));
    const a = collect(link.register(countingSource(2_000_000)));
    await settle();
    await run(1000);
    expect(a.bytes()).toBeGreaterThanOrEqual(624_990);
    expect(a.bytes()).toBeLessThanOrEqual(625_000);
    const before = a.bytes();
    link.setProfile(fixed(600), clock.nowMs);
    await run(1000);
    // 600 kbps × 1 s = 75,000 bytes, plus at most the few bytes held at the switch.
    expect(a.bytes() - before).toBeGreaterThanOrEqual(74_990);
    expect(a.bytes() - before).toBeLessThanOrEqual(75_010);
    expect(link.stats(clock.nowMs).clockStartMs).toBe(1000);
  });

  it('delivers what a backlogged link was owed when a tick comes late', async () => {
    const { link, clock } = harness(fixed(800));
    const one = collect(link.register(countingSource(1_000_000)));
    await settle();
    for (const nowMs of [10, 510]) {
      clock.nowMs = nowMs;
      link.tick(nowMs);
      await settle();
    }
    // 800 kbps × 0.51 s, though the second tick came 490 ms late.
    expect(one.bytes()).toBe(51_000);
  });

  it('bursts at most 16 KiB after an idle spell', async () => {
    const { link, run } = harness(fixed(800));
    const shaped = link.register(countingSource(1_000_000));
    await run(1000);
    const one = collect(shaped);
    await settle();
    await run(10);
    // The 16 KiB the idle bucket held, plus one 10 ms tick at 800 kbps.
    expect(one.bytes()).toBe(16 * 1024 + 1000);
  });

  it('reads from the source only as fast as it grants', async () => {
    const { link, run } = harness(fixed(800));
    const source = countingSource(5_000_000, 16 * 1024);
    const shaped = collect(link.register(source));
    await settle();
    await run(1000);
    expect(shaped.bytes()).toBeGreaterThanOrEqual(99_990);
    // What was granted, plus the chunk in hand, the source's own buffer and its read-ahead.
    expect(source.producedBytes).toBeLessThanOrEqual(shaped.bytes() + 3 * 16 * 1024);
  });

  it('grants nothing to a response whose reader is not reading, and leaves its source alone', async () => {
    const { link, run } = harness(fixed(800));
    const source = countingSource(1_000_000);
    const stalled = link.register(source);
    const other = collect(link.register(countingSource(1_000_000)));
    await settle();
    await run(500);
    expect(stalled.readableLength).toBe(0);
    // At most the source's own read-ahead (one 64 KiB chunk).
    expect(source.producedBytes).toBeLessThanOrEqual(64 * 1024);
    expect(other.bytes()).toBeGreaterThanOrEqual(49_990);
  });

  it('unregisters an aborted response and destroys its source', async () => {
    const { link, run } = harness(fixed(800));
    const source = countingSource(1_000_000);
    const aborted = link.register(source);
    collect(aborted);
    const other = collect(link.register(countingSource(1_000_000)));
    await settle();
    await run(100);
    aborted.destroy();
    await settle();
    expect(link.activeStreams).toBe(1);
    expect(source.destroyed).toBe(true);
    const before = other.bytes();
    await run(1000);
    expect(other.bytes() - before).toBeGreaterThanOrEqual(99_990);
  });

  it('fails the shaped response when its source fails', async () => {
    const { link } = harness(fixed(800));
    const source = countingSource(1_000_000);
    const shaped = link.register(source);
    const errored = new Promise<Error>((resolve) => shaped.once('error', resolve));
    source.destroy(new Error('disk on fire'));
    expect((await errored).message).toBe('disk on fire');
    await settle();
    expect(link.activeStreams).toBe(0);
  });

  it('passes bytes straight through when unlimited, without ticks', async () => {
    const link = new SessionLink('s', { rate: { kind: 'unlimited' }, rttMs: 0, jitterMs: 0 }, { now: () => 0 });
    const one = collect(link.register(countingSource(300_000)));
    await one.done;
    expect(one.bytes()).toBe(300_000);
    expect(link.stats(0).totalBytes).toBe(300_000);
  });

  it('starts shaping a running unlimited response when a rate is set', async () => {
    const { link, run, clock } = harness({ rate: { kind: 'unlimited' }, rttMs: 0, jitterMs: 0 });
    const slowReader = link.register(countingSource(5_000_000));
    // Nobody reads yet, so nothing flows; then a rate is set and reading starts.
    link.setProfile(fixed(800), clock.nowMs);
    const one = collect(slowReader);
    await settle();
    await run(1000);
    expect(one.bytes()).toBeGreaterThanOrEqual(99_990);
    expect(one.bytes()).toBeLessThanOrEqual(100_000);
  });

  it('tells the shaper when it next needs a tick: soon while sending, after the outage during one', async () => {
    const trace = createTrace('gap', [
      [0.1, 800],
      [1, 0],
      [1, 800],
    ]);
    const { link, run } = harness({ rate: { kind: 'trace', trace, mode: 'hold' }, rttMs: 0, jitterMs: 0 });
    collect(link.register(countingSource(1_000_000)));
    await settle();
    expect(link.tick(10)).toBeLessThan(1);
    await run(200);
    // At 0.2 s the link is down until 1.1 s.
    expect(link.tick(200)).toBeCloseTo(900 + 0.01, 6);
    expect(new SessionLink('idle', fixed(1), { now: () => 0 }).tick(5)).toBe(Infinity);
  });
});
