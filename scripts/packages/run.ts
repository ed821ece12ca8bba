// Child processes for the package proof: run a command to completion, or start a server and wait
// for the line that says where it listens. Output is kept and shown only when something fails.
import { spawn, type ChildProcess } from 'node:child_process';

export interface RunResult {
  stdout: string;
  stderr: string;
  durationMs: number;
}

export class CommandError extends Error {
  override readonly name = 'CommandError';
}

/** Runs `command args…` in `cwd`; rejects with the tail of its output on a non-zero exit or after `timeoutMs`. */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<RunResult> {
  const startedMs = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new CommandError(`${command} ${args.join(' ')} timed out after ${options.timeoutMs} ms in ${options.cwd}\n${tail(stdout + stderr)}`));
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new CommandError(`${command} could not start: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr, durationMs: Date.now() - startedMs });
      else reject(new CommandError(`${command} ${args.join(' ')} exited with ${code} in ${options.cwd}\n${tail(stdout + '\n' + stderr)}`));
    });
  });
}

/** Starts a long-running command and resolves once a line of its stdout matches `ready` (the match is returned). */
export function startServer(
  command: string,
  args: readonly string[],
  options: { cwd: string; ready: RegExp; timeoutMs: number },
): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let settled = false;
    const timer = setTimeout(() => finish(new CommandError(`${command} ${args.join(' ')} did not say it was ready within ${options.timeoutMs} ms\n${tail(output)}`)), options.timeoutMs);
    const finish = (error: Error | null, match?: RegExpMatchArray): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        child.kill('SIGKILL');
        reject(error);
      } else resolve({ child, match: match!, output: () => output });
    };
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = output.match(options.ready);
      if (match) finish(null, match);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => finish(new CommandError(`${command} could not start: ${error.message}`)));
    child.on('close', (code) => finish(new CommandError(`${command} exited with ${code} before it was ready\n${tail(output)}`)));
  });
}

/** Stops a server started by `startServer` and waits for it to exit (at most 5 s). */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // 'exit', not 'close': a grandchild holding the stdio pipes must not keep us waiting.
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
