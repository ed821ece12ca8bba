import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, parseCli, UsageError, type CliIo } from '../../../../origin/cli.js';
import { makeFakeLadder, type FakeLadder } from '../server/helpers.js';
import { sleep, timedRequest } from './origin-fixture.js';

function captureIo(): CliIo & { out: string; err: string; stop: () => void } {
  const handlers: Array<() => void> = [];
  const io = {
    out: '',
    err: '',
    stdout: { write: (chunk: string) => (io.out += chunk) },
    stderr: { write: (chunk: string) => (io.err += chunk), isTTY: false },
    onSignal: (_signal: string, handler: () => void) => handlers.push(handler),
    stop: () => handlers[0]?.(),
  };
  return io;
}

let ladder: FakeLadder;
beforeAll(async () => {
  ladder = await makeFakeLadder();
});
afterAll(async () => {
  await ladder.cleanup();
});

describe('vod-origin serve: throttle and fault flags', () => {
  it('reads a fixed-rate profile with latency and repeated fault rules', () => {
    const parsed = parseCli(['serve', 'dir', '--kbps', '800', '--rtt', '40', '--jitter=5', '--fault', '503@media:count=3', '--fault', 'slow@manifest:ms=100']);

    expect(parsed).toMatchObject({
      command: 'serve',
      options: {
        dir: 'dir',
        profile: { rate: { kind: 'fixed', kbps: 800 }, rttMs: 40, jitterMs: 5 },
        faults: [{ id: '503@media:count=3' }, { id: 'slow@manifest:ms=100' }],
      },
    });
  });

  it('reads a trace by name or path with its mode, and latency alone as an unlimited link', () => {
    expect(parseCli(['serve', 'dir', '--trace', 'fcc_trace_7540', '--trace-mode', 'hold'])).toMatchObject({
      options: { profile: { rate: { kind: 'trace-ref', ref: 'fcc_trace_7540', mode: 'hold' } } },
    });
    expect(parseCli(['serve', 'dir', '--trace', './my/trace.json'])).toMatchObject({
      options: { profile: { rate: { kind: 'trace-ref', ref: './my/trace.json', mode: 'loop' } } },
    });
    expect(parseCli(['serve', 'dir', '--rtt', '40'])).toMatchObject({ options: { profile: { rate: { kind: 'unlimited' }, rttMs: 40 } } });
  });

  it('leaves profile and faults out when no flag gives them', () => {
    expect(parseCli(['serve', 'dir'])).toEqual({ command: 'serve', options: { dir: 'dir', port: 8080, host: '127.0.0.1' } });
  });

  it.each([
    [['--kbps', '800', '--trace', 'x'], /either --kbps or --trace/],
    [['--kbps', 'fast'], /--kbps must be a number/],
    [['--trace-mode', 'hold'], /only applies with --trace/],
    [['--fault', 'explode@media'], /--fault: unknown fault/],
    [['--fault', '503', '--fault', '503'], /--fault: two rules have the id/],
  ])('rejects %j as a usage error', (flags, message) => {
    expect(() => parseCli(['serve', 'dir', ...flags])).toThrow(UsageError);
    expect(() => parseCli(['serve', 'dir', ...flags])).toThrow(message);
  });

  it('serves with the profile and faults for requests without a session, and prints them', async () => {
    const io = captureIo();
    const running = main(['serve', ladder.root, '--port', '0', '--kbps', '8000', '--rtt', '60', '--fault', '404@init:count=1'], io);
    while (!io.out.includes('Control:')) await sleep(10);
    const url = /at (http:\/\/\S+)/.exec(io.out)?.[1] ?? '';

    const manifest = await timedRequest(`${url}/master.m3u8`);
    const init = await timedRequest(`${url}/video/720p/init.mp4`);
    const initAgain = await timedRequest(`${url}/video/720p/init.mp4`);
    io.stop();

    expect(await running).toBe(0);
    expect(io.out).toContain('Throttle: 8000 kbps, RTT 60 ms (every session, and requests without one)');
    expect(io.out).toContain('Faults:   404@init:count=1');
    expect(manifest.headersMs).toBeGreaterThanOrEqual(55);
    expect([init.status, initAgain.status]).toEqual([404, 200]);
  });

  it('exits 2 with one line for a trace that does not exist', async () => {
    const io = captureIo();

    expect(await main(['serve', ladder.root, '--port', '0', '--trace', 'no-such-trace-anywhere'], io)).toBe(2);
    expect(io.err).toMatch(/^vod-origin: no trace named "no-such-trace-anywhere"/);
  });
});
