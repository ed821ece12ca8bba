import { spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { LadderError } from './errors.js';

/** The two binaries the origin needs. */
export type ToolName = 'ffmpeg' | 'ffprobe';

/** A binary found on this machine, and where it was found. */
export interface ResolvedTool {
  path: string;
  source: 'env' | 'path' | 'npm';
}

export interface FfmpegTools {
  ffmpeg: ResolvedTool;
  ffprobe: ResolvedTool;
}

/** Everything resolution touches, injectable for tests. */
export interface ResolveDeps {
  env: Readonly<Record<string, string | undefined>>;
  /** Absolute path of an executable called `name` on PATH, or null. */
  findOnPath(name: string): string | null;
  /** The `.path` export of the tool's npm installer package, or null when it is not installed. */
  npmBinaryPath(tool: ToolName): string | null;
  isFile(path: string): boolean;
  isExecutable(path: string): boolean;
  /** chmod u+x. */
  makeExecutable(path: string): void;
}

const ENV_VAR: Record<ToolName, string> = { ffmpeg: 'FFMPEG_PATH', ffprobe: 'FFPROBE_PATH' };
const NPM_PACKAGE: Record<ToolName, string> = { ffmpeg: '@ffmpeg-installer/ffmpeg', ffprobe: '@ffprobe-installer/ffprobe' };

/**
 * Finds a binary: `FFMPEG_PATH` / `FFPROBE_PATH` first, then PATH, then the npm installer
 * package (made executable if npm skipped its install script). Throws a LadderError
 * (`FFMPEG_NOT_FOUND`) saying what was tried.
 */
export function resolveTool(tool: ToolName, deps: ResolveDeps = nodeResolveDeps()): ResolvedTool {
  const envVar = ENV_VAR[tool];
  const fromEnv = deps.env[envVar];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!deps.isFile(fromEnv) || !deps.isExecutable(fromEnv)) {
      throw new LadderError('FFMPEG_NOT_FOUND', `${envVar}=${fromEnv} is not an executable file.`);
    }
    return { path: fromEnv, source: 'env' };
  }

  const onPath = deps.findOnPath(tool);
  if (onPath !== null) return { path: onPath, source: 'path' };

  const fromNpm = deps.npmBinaryPath(tool);
  if (fromNpm !== null && deps.isFile(fromNpm)) {
    if (!deps.isExecutable(fromNpm)) {
      try {
        deps.makeExecutable(fromNpm);
      } catch (error) {
        throw new LadderError('FFMPEG_NOT_FOUND', `${fromNpm} (from ${NPM_PACKAGE[tool]}) is not executable and chmod failed: ${(error as Error).message}`);
      }
    }
    return { path: fromNpm, source: 'npm' };
  }

  throw new LadderError(
    'FFMPEG_NOT_FOUND',
    `Cannot find ${tool}: set ${envVar}, put ${tool} on PATH (e.g. apt-get install ffmpeg), or install ${NPM_PACKAGE[tool]}.`,
  );
}

/** Resolves ffmpeg and ffprobe. */
export function resolveFfmpegTools(deps: ResolveDeps = nodeResolveDeps()): FfmpegTools {
  return { ffmpeg: resolveTool('ffmpeg', deps), ffprobe: resolveTool('ffprobe', deps) };
}

/** Resolution against the real environment, file system and node_modules. */
export function nodeResolveDeps(env: Readonly<Record<string, string | undefined>> = process.env): ResolveDeps {
  const isFile = (path: string) => {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  };
  const isExecutable = (path: string) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  const require = createRequire(import.meta.url);
  return {
    env,
    isFile,
    isExecutable,
    findOnPath(name) {
      const names = process.platform === 'win32' ? [`${name}.exe`, name] : [name];
      for (const dir of (env.PATH ?? '').split(delimiter)) {
        if (dir === '') continue;
        for (const candidate of names) {
          const full = join(dir, candidate);
          if (isFile(full) && isExecutable(full)) return full;
        }
      }
      return null;
    },
    npmBinaryPath(tool) {
      try {
        const exported = require(NPM_PACKAGE[tool]) as { path?: unknown };
        return typeof exported.path === 'string' ? exported.path : null;
      } catch {
        return null;
      }
    },
    makeExecutable(path) {
      chmodSync(path, statSync(path).mode | 0o100);
    },
  };
}

/** How a run of ffmpeg or ffprobe ended. */
export interface ToolRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** The last few KB of stderr. */
  stderrTail: string;
}

export interface RunOptions {
  /** Called with each complete stdout line (ffmpeg `-progress pipe:1` output). */
  onStdoutLine?: (line: string) => void;
  /** Keep stdout in the result (ffprobe's JSON). */
  collectStdout?: boolean;
  /** Aborting sends SIGTERM to the child. */
  signal?: AbortSignal;
}

const STDERR_TAIL_BYTES = 8192;

/** Runs a binary to completion. Rejects only when it cannot be started. */
export function runTool(path: string, args: readonly string[], options: RunOptions = {}): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let pending = '';
    let stderrTail = '';
    const onAbort = () => child.kill('SIGTERM');
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (options.collectStdout) stdout += chunk;
      if (!options.onStdoutLine) return;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onStdoutLine(line.trimEnd());
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
    });
    child.on('error', (error) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(new LadderError('FFMPEG_NOT_FOUND', `Cannot run ${path}: ${error.message}`, { cause: error }));
    });
    child.on('close', (exitCode, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (pending !== '' && options.onStdoutLine) options.onStdoutLine(pending.trimEnd());
      resolve({ exitCode, signal, stdout, stderrTail });
    });
  });
}

/** A progress fact from one ffmpeg `-progress` line. */
export type ProgressFact = { frame: number } | { outTimeUs: number };

/**
 * Reads one `-progress` line: `frame=` (frames encoded by the first video output) or
 * `out_time_us=` (the furthest output timestamp, all outputs). Anything else is null. Pure.
 */
export function parseProgressLine(line: string): ProgressFact | null {
  const match = /^(frame|out_time_us)=(\d+)$/.exec(line.trim());
  if (!match) return null;
  return match[1] === 'frame' ? { frame: Number(match[2]) } : { outTimeUs: Number(match[2]) };
}

/** The last meaningful lines of stderr, one line, for an error message. Pure. */
export function summarizeStderr(stderrTail: string, maxLines = 3): string {
  const lines = stderrTail
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('Conversion failed'));
  return lines.slice(-maxLines).join(' | ') || 'no error output';
}

/** Runs ffprobe on a file and returns its parsed JSON (format + streams). */
export async function probeJson(ffprobePath: string, input: string): Promise<unknown> {
  const run = await runTool(
    ffprobePath,
    ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', input],
    { collectStdout: true },
  );
  if (run.exitCode !== 0) {
    throw new LadderError('PROBE_FAILED', `ffprobe cannot read ${input}: ${summarizeStderr(run.stderrTail)}`);
  }
  try {
    return JSON.parse(run.stdout) as unknown;
  } catch {
    throw new LadderError('PROBE_FAILED', `ffprobe gave unreadable output for ${input}.`);
  }
}

/** First line of `ffmpeg -version`, e.g. `ffmpeg version 5.1.6-0+deb12u1 …`. */
export async function ffmpegVersion(ffmpegPath: string): Promise<string> {
  const run = await runTool(ffmpegPath, ['-hide_banner', '-version'], { collectStdout: true });
  return run.stdout.split('\n')[0]?.trim() ?? 'unknown';
}

/** Whether this ffmpeg build has a filter (drawtext needs libfreetype). */
export async function ffmpegHasFilter(ffmpegPath: string, name: string): Promise<boolean> {
  const run = await runTool(ffmpegPath, ['-hide_banner', '-filters'], { collectStdout: true });
  return run.stdout.split('\n').some((line) => line.trim().split(/\s+/)[1] === name);
}
