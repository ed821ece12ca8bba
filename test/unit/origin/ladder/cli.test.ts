import { describe, expect, it } from 'vitest';
import { main, parseCli, UsageError, type CliIo } from '../../../../origin/cli.js';

function captureIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: { write: (chunk: string) => (io.out += chunk) },
    stderr: { write: (chunk: string) => (io.err += chunk), isTTY: false },
    onSignal: () => {},
  };
  return io;
}

describe('parseCli', () => {
  it('reads a generate command for an input file', () => {
    expect(parseCli(['generate', 'in.mp4', '--out', 'out', '--segment-sec', '4', '--ladder', '720p,360p'])).toEqual({
      command: 'generate',
      options: { outDir: 'out', segmentSec: 4, ladder: '720p,360p', input: 'in.mp4' },
    });
  });

  it('reads a synthetic generate command with size, duration and opt-outs', () => {
    expect(parseCli(['generate', '--synthetic', '-o', 'out', '--duration', '6', '--size', '640x360', '--no-thumbnails'])).toEqual({
      command: 'generate',
      options: { outDir: 'out', thumbnails: false, synthetic: { durationSec: 6, width: 640, height: 360 } },
    });
  });

  it('reads serve with defaults', () => {
    expect(parseCli(['serve', 'ladder'])).toEqual({ command: 'serve', options: { dir: 'ladder', port: 8080, host: '127.0.0.1' } });
    expect(parseCli(['serve', 'ladder', '--port', '0', '--host', '0.0.0.0'])).toMatchObject({ options: { port: 0, host: '0.0.0.0' } });
  });

  it('returns help text for --help at either level', () => {
    expect(parseCli(['--help'])).toMatchObject({ command: 'help' });
    expect(parseCli([])).toMatchObject({ command: 'help' });
    expect(parseCli(['generate', '--help'])).toMatchObject({ command: 'help', text: expect.stringContaining('--segment-sec') });
  });

  it('rejects contradictory or incomplete generate commands', () => {
    expect(() => parseCli(['generate', 'in.mp4', '--synthetic', '--out', 'o'])).toThrow(UsageError);
    expect(() => parseCli(['generate', '--out', 'o'])).toThrow(/<input> file or --synthetic/);
    expect(() => parseCli(['generate', '--synthetic'])).toThrow(/--out/);
    expect(() => parseCli(['generate', 'in.mp4', '--out', 'o', '--duration', '5'])).toThrow(/only applies to --synthetic/);
    expect(() => parseCli(['generate', '--synthetic', '--out', 'o', '--duration', 'abc'])).toThrow(/positive number/);
    expect(() => parseCli(['generate', '--synthetic', '--out', 'o', '--size', 'big'])).toThrow(/1920x1080/);
  });

  it('rejects unknown commands, unknown options and bad ports', () => {
    expect(() => parseCli(['frob'])).toThrow(/Unknown command/);
    expect(() => parseCli(['serve', 'dir', '--frob', '40'])).toThrow(UsageError);
    expect(() => parseCli(['serve', 'dir', '--port', '70000'])).toThrow(/--port/);
    expect(() => parseCli(['serve'])).toThrow(/exactly one <dir>/);
  });
});

describe('main', () => {
  it('exits 2 with a short message for usage errors', async () => {
    const io = captureIo();
    expect(await main(['generate', '--synthetic'], io)).toBe(2);
    expect(io.err).toBe('vod-origin: generate needs --out <dir>.\nRun "vod-origin --help" for usage.\n');
  });

  it('exits 2 without a stack for an unknown rung', async () => {
    const io = captureIo();
    expect(await main(['generate', '--synthetic', '--out', '/tmp/never-written', '--ladder', '999p'], io)).toBe(2);
    expect(io.err).toMatch(/^vod-origin: Unknown rung "999p"/);
    expect(io.err).not.toMatch(/\n\s+at /);
  });

  it('exits 2 without a stack when the input file is missing', async () => {
    const io = captureIo();
    expect(await main(['generate', '/definitely/missing.mp4', '--out', '/tmp/never-written'], io)).toBe(2);
    expect(io.err).toBe('vod-origin: Input file not found: /definitely/missing.mp4\n');
  });

  it('prints help on stdout and exits 0', async () => {
    const io = captureIo();
    expect(await main(['serve', '--help'], io)).toBe(0);
    expect(io.out).toContain('vod-origin serve <dir>');
  });
});
