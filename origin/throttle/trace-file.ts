import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TraceError } from './errors.js';
import { parseTrace, type Trace } from './trace.js';

/**
 * Loading traces from disk. The traces live in `../shared/traces` next to the repository and are
 * never copied into it.
 */

/** A trace name: a plain file name without `.json`, e.g. `fcc_trace_7540_http---www.yahoo.com`. */
export const TRACE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export function isTraceName(value: string): boolean {
  return TRACE_NAME_PATTERN.test(value) && !value.endsWith('.json');
}

let cachedTracesDir: string | null = null;

/**
 * `../shared/traces` resolved against the repository root: the nearest folder above this module
 * holding a `package.json` (the same from `origin/throttle/` and from `dist/node/origin/throttle/`).
 */
export function sharedTracesDir(): string {
  if (cachedTracesDir === null) cachedTracesDir = resolve(findRepoRoot(moduleDir()), '../shared/traces');
  return cachedTracesDir;
}

export interface LoadTraceOptions {
  /** Folder that names resolve in. Defaults to `sharedTracesDir()`. */
  tracesDir?: string;
  /**
   * Whether `ref` may be a file path. Defaults to true. Pass false for references that come from
   * HTTP (query, control API), so a client cannot make the origin read arbitrary files.
   */
  allowPaths?: boolean;
}

/**
 * Loads a trace by name or path:
 *  - a name (`fcc_trace_7540_http---www.yahoo.com`) is `<tracesDir>/<name>.json`; when no file has
 *    that exact name, a unique prefix of one (`hsdpa_norway_bus.ljansbakken-oslo-report.2011-01-29`)
 *    also works;
 *  - anything with a `/` or ending in `.json` is a path, relative to the working directory.
 *
 * Throws TraceError: `bad-name`, `not-found`, `ambiguous-name`, `read-failed`, `not-json`, or any
 * of `parseTrace`'s codes.
 */
export async function loadTrace(ref: string, options: LoadTraceOptions = {}): Promise<Trace> {
  const filePath = await resolveTracePath(ref, options);
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new TraceError('not-found', `no trace file at ${filePath}`, { cause: error });
    throw new TraceError('read-failed', `cannot read trace file ${filePath}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TraceError('not-json', `trace file ${filePath} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseTrace(json, basename(filePath, '.json'));
}

/**
 * Like `loadTrace`, but each reference is read once: later calls share the first call's promise
 * (a failed load is forgotten, so it can be retried).
 */
export function cachedTraceLoader(options: LoadTraceOptions = {}): (ref: string) => Promise<Trace> {
  const cache = new Map<string, Promise<Trace>>();
  return (ref) => {
    const hit = cache.get(ref);
    if (hit !== undefined) return hit;
    const pending = loadTrace(ref, options);
    cache.set(ref, pending);
    pending.catch(() => cache.delete(ref));
    return pending;
  };
}

/** Names of the traces in `tracesDir` (file names without `.json`), sorted. */
export async function listTraceNames(tracesDir: string = sharedTracesDir()): Promise<string[]> {
  const files = await readdir(tracesDir);
  return files
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/** The file `loadTrace` would read for `ref`. */
export async function resolveTracePath(ref: string, options: LoadTraceOptions = {}): Promise<string> {
  const allowPaths = options.allowPaths ?? true;
  const looksLikePath = ref.includes('/') || ref.includes('\\') || ref.endsWith('.json') || isAbsolute(ref);
  if (looksLikePath) {
    if (!allowPaths) throw new TraceError('bad-name', `only trace names are allowed here, not paths: ${JSON.stringify(ref)}`);
    return resolve(ref);
  }
  if (!isTraceName(ref)) throw new TraceError('bad-name', `not a trace name: ${JSON.stringify(ref)}`);

  const tracesDir = options.tracesDir ?? sharedTracesDir();
  const exact = resolve(tracesDir, `${ref}.json`);
  if (existsSync(exact)) return exact;
  let names: string[];
  try {
    names = await listTraceNames(tracesDir);
  } catch (error) {
    throw new TraceError('not-found', `no trace named "${ref}": cannot list ${tracesDir}`, { cause: error });
  }
  const matches = names.filter((name) => name.startsWith(ref));
  const [only] = matches;
  if (matches.length === 1 && only !== undefined) return resolve(tracesDir, `${only}.json`);
  if (matches.length > 1) {
    const shown = matches.slice(0, 5).join(', ');
    throw new TraceError('ambiguous-name', `trace name "${ref}" fits ${matches.length} traces: ${shown}${matches.length > 5 ? ', …' : ''}`);
  }
  throw new TraceError('not-found', `no trace named "${ref}" in ${tracesDir}`);
}

function moduleDir(): string {
  return import.meta.dirname ?? dirname(fileURLToPath(import.meta.url));
}

function findRepoRoot(fromDir: string): string {
  let dir = fromDir;
  for (;;) {
    if (existsSync(resolve(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(fromDir, '../..');
    dir = parent;
  }
}
