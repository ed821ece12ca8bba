import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeAddress, main, parseCli, UsageError, type CliIo } from '../../../../origin/cli.js';
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

  it('reads a network profile for --trace, with its own RTT and mode unless flags give them', () => {
    expect(parseCli(['serve', 'dir', '--trace', 'cliff'])).toMatchObject({
      options: { profile: { rate: { kind: 'trace-ref', ref: 'cliff', mode: 'hold' }, rttMs: 40, jitterMs: 0 } },
    });
    expect(parseCli(['serve', 'dir', '--trace', 'slow-3g', '--rtt', '10'])).toMatchObject({
      options: { profile: { rate: { kind: 'trace-ref', ref: 'slow-3g', mode: 'loop' }, rttMs: 10 } },
    });
  });

  it('reads the traces folder from --traces-dir, else from VOD_TRACES_DIR, else none', () => {
    expect(parseCli(['serve', 'dir', '--traces-dir', './traces'], { VOD_TRACES_DIR: '/env/traces' })).toMatchObject({ options: { tracesDir: './traces' } });
    expect(parseCli(['serve', 'dir'], { VOD_TRACES_DIR: '/env/traces' })).toMatchObject({ options: { tracesDir: '/env/traces' } });
    expect(parseCli(['serve', 'dir'], { VOD_TRACES_DIR: '' })).not.toHaveProperty('options.tracesDir');
    expect(() => parseCli(['serve', 'dir', '--traces-dir='])).toThrow(UsageError);
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
    [['--cors-origin', 'my-app.test'], /--cors-origin: "my-app.test" is not an origin/],
    [['--cors-origin', 'https://my-app.test/watch'], /--cors-origin: .*no path/],
    [['--allowed-host', 'box.local/x'], /--allowed-host: not a host name/],
  ])('rejects %j as a usage error', (flags, message) => {
    expect(() => parseCli(['serve', 'dir', ...flags])).toThrow(UsageError);
    expect(() => parseCli(['serve', 'dir', ...flags])).toThrow(message);
  });

  it('reads repeated --cors-origin and --allowed-host flags, canonical', () => {
    expect(
      parseCli(['serve', 'dir', '--cors-origin', 'https://My-App.test', '--cors-origin', 'http://192.168.1.20:*', '--allowed-host', 'Box.Local:9000']),
    ).toMatchObject({ options: { corsOrigins: ['https://my-app.test', 'http://192.168.1.20:*'], allowedHosts: ['box.local:9000'] } });
  });

  it('describes the bound address as server.address() reports it', () => {
    expect(describeAddress({ address: '127.0.0.1', family: 'IPv4', port: 8080 })).toBe('127.0.0.1:8080 (IPv4)');
    expect(describeAddress({ address: '::1', family: 'IPv6', port: 8080 })).toBe('[::1]:8080 (IPv6)');
    expect(describeAddress({ address: '0.0.0.0', family: 'IPv4', port: 80 })).toMatch(/^0\.0\.0\.0:80 \(IPv4, every interface/);
    expect(describeAddress({ address: '::', family: 'IPv6', port: 80 })).toMatch(/^\[::\]:80 \(IPv6, every interface/);
  });

  it('prints the address it is bound to and the pages its APIs accept, and lets those pages in', async () => {
    const io = captureIo();
    const running = main(['serve', ladder.root, '--port', '0', '--cors-origin', 'https://my-app.test'], io);
    while (!io.out.includes('Control:')) await sleep(10);
    const url = /at (http:\/\/\S+)/.exec(io.out)?.[1] ?? '';
    const port = new URL(url).port;

    const allowed = await timedRequest(`${url}/_origin/sessions`, { headers: { Origin: 'https://my-app.test' } });
    const refused = await timedRequest(`${url}/_origin/sessions`, { headers: { Origin: 'https://evil.example' } });
    io.stop();

    expect(await running).toBe(0);
    expect(io.out).toContain(`Bound to: 127.0.0.1:${port} (IPv4)\n`);
    expect(io.out).toContain('APIs for: loopback pages, https://my-app.test\n');
    expect([allowed.status, refused.status]).toEqual([200, 403]);
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

  it('serves a network profile by name, printing it with its own RTT', async () => {
    const io = captureIo();
    const running = main(['serve', ladder.root, '--port', '0', '--trace', 'slow-4g'], io);
    while (!io.out.includes('Control:')) await sleep(10);
    const url = /at (http:\/\/\S+)/.exec(io.out)?.[1] ?? '';

    const manifest = await timedRequest(`${url}/master.m3u8`);
    io.stop();

    expect(await running).toBe(0);
    expect(io.out).toContain('Throttle: trace slow-4g (loop, 120 s, mean 2971 kbps), RTT 100 ms');
    expect(io.out).toContain('Traces:   network profiles (vod-origin profiles)\n');
    expect(manifest.headersMs).toBeGreaterThanOrEqual(95);
  });

  it('resolves --trace names in --traces-dir and says where', async () => {
    const io = captureIo();
    const tracesDir = join(ladder.root, 'my-traces');
    await mkdir(tracesDir, { recursive: true });
    await writeFile(join(tracesDir, 'flat-640.json'), JSON.stringify({ steps: [[2, 640]] }));
    const running = main(['serve', ladder.root, '--port', '0', '--trace', 'flat-640', '--traces-dir', tracesDir], io);
    while (!io.out.includes('Control:')) await sleep(10);
    io.stop();

    expect(await running).toBe(0);
    expect(io.out).toContain('Throttle: trace flat-640 (loop, 2 s, mean 640 kbps)');
    expect(io.out).toContain(`Traces:   network profiles (vod-origin profiles) and ${tracesDir}`);
  });

  it('exits 2 with one line for a trace that does not exist', async () => {
    const io = captureIo();

    expect(await main(['serve', ladder.root, '--port', '0', '--trace', 'no-such-trace-anywhere'], io)).toBe(2);
    expect(io.err).toMatch(/^vod-origin: no trace named "no-such-trace-anywhere"/);
    expect(io.err).toContain('slow-3g, fast-3g');
    expect(io.err.trim().split('\n')).toHaveLength(1);
  });
});
