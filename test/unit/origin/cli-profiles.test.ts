import { describe, expect, it } from 'vitest';
import { main, parseCli, profilesOutput, UsageError, type CliIo } from '../../../origin/cli.js';
import { NETWORK_PROFILE_NAMES } from '../../../origin/throttle/network-profiles.js';

function captureIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: { write: (chunk: string) => (io.out += chunk) },
    stderr: { write: (chunk: string) => (io.err += chunk), isTTY: false },
    onSignal: () => undefined,
  };
  return io;
}

describe('vod-origin profiles', () => {
  it('reads the command with every profile, as a table by default', () => {
    expect(parseCli(['profiles'])).toEqual({ command: 'profiles', options: { names: [...NETWORK_PROFILE_NAMES], json: false } });
  });

  it('reads --json and names, keeping table order', () => {
    expect(parseCli(['profiles', 'cliff', 'slow-3g', '--json'])).toEqual({ command: 'profiles', options: { names: ['slow-3g', 'cliff'], json: true } });
  });

  it('rejects an unknown profile name as a usage error that lists the profiles', () => {
    expect(() => parseCli(['profiles', 'dial-up'])).toThrow(UsageError);
    expect(() => parseCli(['profiles', 'dial-up'])).toThrow(/Unknown network profile "dial-up"; the profiles are slow-3g, .*outage-10s/);
  });

  it('has its own help', () => {
    expect(parseCli(['profiles', '--help'])).toMatchObject({ command: 'help', text: expect.stringContaining('vod-origin profiles [<name>...] [--json]') });
  });

  it('prints the table: each profile with its numbers, sparkline and description', async () => {
    const io = captureIo();

    expect(await main(['profiles'], io)).toBe(0);
    for (const name of NETWORK_PROFILE_NAMES) expect(io.out).toMatch(new RegExp(`\\n${name}\\s+\\d+\\s+\\d+–\\d+\\s+\\d+ s\\s+(loop|hold)\\s+\\d+(±\\d+)? ms\\s+\\[`));
    expect(io.out).toContain('8 Mbps for 20 s, then 600 kbps for good');
    expect(io.err).toBe('');
  });

  it('prints JSON summaries with --json', async () => {
    const io = captureIo();

    expect(await main(['profiles', 'cliff', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out)).toEqual([
      expect.objectContaining({ name: 'cliff', mode: 'hold', rttMs: 40, durationSec: 60, meanKbps: 3067, minKbps: 600, maxKbps: 8000, steps: 2 }),
    ]);
  });

  it('gives the same output for one name as the full listing does', () => {
    const one = profilesOutput({ command: 'profiles', options: { names: ['commute'], json: true } });
    const all = profilesOutput({ command: 'profiles', options: { names: [...NETWORK_PROFILE_NAMES], json: true } });
    expect(JSON.parse(all)).toContainEqual(JSON.parse(one)[0]);
  });

  it('lists the profiles command in the main help', () => {
    expect(parseCli(['--help'])).toMatchObject({ text: expect.stringContaining('vod-origin profiles') });
  });
});
