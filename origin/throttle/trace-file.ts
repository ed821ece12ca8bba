import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, isAbsolute, resolve } from 'node:path';
import { ProfileError, TraceError } from './errors.js';
import { isNetworkProfileName, NETWORK_PROFILE_NAMES, NETWORK_PROFILES } from './network-profiles.js';
import { parseTrace, type Trace } from './trace.js';

/**
 * Loading traces by reference. A reference is, in this order:
 *  1. the name of a built-in network profile (`slow-4g`, `commute`, … in network-profiles.ts);
 *  2. a path to a trace file (anything with a `/` or ending in `.json`), relative to the working
 *     directory, where paths are allowed;
 *  3. a file name in a folder of trace files, only when that folder is configured (`tracesDir`).
 * The package ships no trace data and looks in no folder unless it is told to.
 */

/** A trace name: a plain file name without `.json`, e.g. `fcc_trace_7540_http---www.yahoo.com`. */
export const TRACE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export function isTraceName(value: string): boolean {
  return TRACE_NAME_PATTERN.test(value) && !value.endsWith('.json');
}

export interface LoadTraceOptions {
  /**
   * A folder of `<name>.json` trace files in which names that are not a network profile resolve.
   * None by default: then a name must be a network profile's.
   */
  tracesDir?: string | undefined;
  /**
   * Whether `ref` may be a file path. Defaults to true. Pass false for references that come from
   * HTTP (query, control API), so a client cannot make the origin read arbitrary files.
   */
  allowPaths?: boolean;
}

/**
 * Loads a trace by reference (see above): a profile name builds the profile's trace; a path reads
 * that file; a name in `tracesDir` reads `<tracesDir>/<name>.json`, or the one file whose name it
 * is a prefix of (`hsdpa_norway_bus.ljansbakken-oslo-report.2011-01-29`).
 *
 * Throws ProfileError `UNKNOWN_PROFILE` for a name that is no profile when no `tracesDir` is
 * configured (its message lists the profiles); else TraceError: `BAD_NAME`, `NOT_FOUND`,
 * `AMBIGUOUS_NAME`, `READ_FAILED`, `NOT_JSON`, or any of `parseTrace`'s codes.
 */
export async function loadTrace(ref: string, options: LoadTraceOptions = {}): Promise<Trace> {
  if (isNetworkProfileName(ref)) return NETWORK_PROFILES[ref].build();
  return readTraceFile(await resolveTracePath(ref, options));
}

/** Reads and parses one trace file; a trace without a `name` is named after the file. Throws TraceError. */
export async function readTraceFile(filePath: string): Promise<Trace> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new TraceError('NOT_FOUND', `no trace file at ${filePath}`, { cause: error });
    throw new TraceError('READ_FAILED', `cannot read trace file ${filePath}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TraceError('NOT_JSON', `trace file ${filePath} is not valid JSON: ${(error as Error).message}`, { cause: error });
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
export async function listTraceNames(tracesDir: string): Promise<string[]> {
  const files = await readdir(tracesDir);
  return files
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/**
 * Every name `loadTrace` accepts with these options: the network profiles (table order), then the
 * traces in `tracesDir` if one is configured (sorted; a file named like a profile is shadowed).
 */
export async function listTraceRefs(options: Pick<LoadTraceOptions, 'tracesDir'> = {}): Promise<string[]> {
  const files = options.tracesDir === undefined ? [] : await listTraceNames(options.tracesDir);
  return [...NETWORK_PROFILE_NAMES, ...files.filter((name) => !isNetworkProfileName(name))];
}

/**
 * The file `loadTrace` would read for `ref` (profile names are not files: `loadTrace` takes them
 * before it gets here, and this function resolves only paths and names in `tracesDir`).
 */
export async function resolveTracePath(ref: string, options: LoadTraceOptions = {}): Promise<string> {
  const allowPaths = options.allowPaths ?? true;
  const looksLikePath = ref.includes('/') || ref.includes('\\') || ref.endsWith('.json') || isAbsolute(ref);
  if (looksLikePath) {
    if (!allowPaths) throw new TraceError('BAD_NAME', `only trace names are allowed here, not paths: ${JSON.stringify(ref)}`);
    return resolve(ref);
  }
  if (!isTraceName(ref)) throw new TraceError('BAD_NAME', `not a trace name: ${JSON.stringify(ref)}`);

  const { tracesDir } = options;
  if (tracesDir === undefined) {
    const paths = allowPaths ? ', or a path to a trace .json file' : '';
    throw new ProfileError(
      'UNKNOWN_PROFILE',
      `no trace named ${JSON.stringify(ref)}: it is not a network profile (${NETWORK_PROFILE_NAMES.join(', ')}), and no ` +
        `traces folder is configured (tracesDir, --traces-dir, VOD_TRACES_DIR); give a profile name${paths}`,
    );
  }
  const exact = resolve(tracesDir, `${ref}.json`);
  if (existsSync(exact)) return exact;
  let names: string[];
  try {
    names = await listTraceNames(tracesDir);
  } catch (error) {
    throw new TraceError('NOT_FOUND', `no trace named "${ref}": cannot list ${tracesDir}`, { cause: error });
  }
  const matches = names.filter((name) => name.startsWith(ref));
  const [only] = matches;
  if (matches.length === 1 && only !== undefined) return resolve(tracesDir, `${only}.json`);
  if (matches.length > 1) {
    const shown = matches.slice(0, 5).join(', ');
    throw new TraceError('AMBIGUOUS_NAME', `trace name "${ref}" fits ${matches.length} traces: ${shown}${matches.length > 5 ? ', …' : ''}`);
  }
  throw new TraceError('NOT_FOUND', `no trace named "${ref}" in ${tracesDir}, and no network profile has that name (${NETWORK_PROFILE_NAMES.join(', ')})`);
}
