#!/usr/bin/env node
/**
 * `vod-origin`: generate a ladder with ffmpeg, serve one, or list the built-in network profiles.
 *
 * Each command is a table entry (its parseArgs options, help text and a mapping to typed
 * options), so a new flag is one option plus one line in its mapping.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CodedError } from '../contracts/coded-error.js';
import { FaultError } from './faults/errors.js';
import { AccessConfigError, parseAllowedHost, parseCorsOrigin } from './http/access.js';
import { parseFaultRulesCli } from './faults/parse.js';
import type { FaultRule } from './faults/types.js';
import { LadderError } from './ladder/errors.js';
import type { GenerateOptions } from './ladder/generate.js';
import { createTerminalProgress } from './ladder/report/terminal-progress.js';
import { ProfileError, TraceError } from './throttle/errors.js';
import { isNetworkProfileName, NETWORK_PROFILE_NAMES, networkProfile, type NetworkProfileName } from './throttle/network-profiles.js';
import { parseProfileArgs, type ProfileSpec } from './throttle/profile.js';
import { formatNetworkProfiles, summarizeNetworkProfile } from './throttle/profile-listing.js';

/** A mistake in the command line: exit code 2 and a pointer to --help. */
export class UsageError extends CodedError<'INVALID_USAGE'> {
  override readonly name = 'UsageError';

  constructor(message: string) {
    super('INVALID_USAGE', message);
  }
}

type Values = Record<string, string | boolean | string[] | undefined>;
type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** Options of `vod-origin generate`, as the command line gives them. */
export interface GenerateCommand {
  command: 'generate';
  options: Omit<GenerateOptions, 'onProgress' | 'onWarning' | 'signal' | 'tools'>;
}

/** Options of `vod-origin serve`. `profile` and `faults` are present only when flags gave them. */
export interface ServeCommand {
  command: 'serve';
  options: {
    dir: string;
    port: number;
    host: string;
    /** The link of every session and of requests without one (`--kbps` / `--trace`, `--rtt`, `--jitter`). */
    profile?: ProfileSpec;
    /** Default fault rules of every session and of requests without one (`--fault`, repeatable). */
    faults?: FaultRule[];
    /** Folder of trace files that names resolve in after the network profiles (`--traces-dir`, else `VOD_TRACES_DIR`). */
    tracesDir?: string;
    /** Page origins the APIs accept besides loopback ones (`--cors-origin`, repeatable), canonical. */
    corsOrigins?: string[];
    /** Host names the APIs answer to besides loopback names and the bound address (`--allowed-host`, repeatable). */
    allowedHosts?: string[];
  };
}

/** Options of `vod-origin profiles`. */
export interface ProfilesCommand {
  command: 'profiles';
  options: {
    /** The profiles to list, in table order; all of them when no name was given. */
    names: NetworkProfileName[];
    /** JSON on stdout instead of a table. */
    json: boolean;
  };
}

export type ParsedCommand = GenerateCommand | ServeCommand | ProfilesCommand | { command: 'help'; text: string };

/** Environment variables the CLI reads (`VOD_TRACES_DIR`). */
export type CliEnv = Readonly<Record<string, string | undefined>>;

const MAIN_HELP = `vod-origin: the vod-player mock origin

Usage:
  vod-origin generate <input> --out <dir> [--segment-sec 2] [--ladder 1080p,720p,...]
  vod-origin generate --synthetic --out <dir> [--duration 120] [--size 1920x1080] [--fps 25]
  vod-origin serve <dir> [--port 8080] [--host 127.0.0.1] [--kbps N | --trace <profile|file.json>]
                         [--rtt ms] [--jitter ms] [--fault <rule>]... [--traces-dir <dir>]
                         [--cors-origin <origin>]... [--allowed-host <host>]...
  vod-origin profiles [<name>...] [--json]

Run "vod-origin <command> --help" for the options of a command.
`;

const GENERATE_HELP = `Usage:
  vod-origin generate <input> --out <dir> [options]
  vod-origin generate --synthetic --out <dir> [options]

Encodes an ABR ladder (H.264 + AAC, fragmented MP4, 2 s segments) with HLS and DASH manifests.

Options:
  -o, --out <dir>         Ladder folder to write (required). Files the generator owns are replaced.
      --synthetic         Use a generated test pattern with noise and a tone instead of <input>.
      --duration <sec>    Synthetic duration in seconds (default 120).
      --size <WxH>        Synthetic size (default 1920x1080).
      --fps <n>           Synthetic frame rate (default 25).
      --segment-sec <sec> Segment duration in seconds (default 2).
      --ladder <list>     Rungs, e.g. 1080p,720p,480p or 540p@1800k (default 240p,360p,480p,720p,1080p;
                          rungs above the source's resolution are dropped).
      --no-thumbnails     Skip the thumbnail sprites.
      --no-captions       Skip captions.
  -h, --help              Show this help.

Environment: FFMPEG_PATH, FFPROBE_PATH pick the binaries (else PATH, else the npm installers).
`;

const SERVE_HELP = `Usage:
  vod-origin serve <dir> [--port 8080] [--host 127.0.0.1] [throttle options] [--fault <rule>]...

Serves a generated ladder folder over HTTP until Ctrl-C.

Options:
      --port <n>          Port (default 8080; 0 picks a free one).
      --host <addr>       Interface to bind (default 127.0.0.1).
  -h, --help              Show this help.

Who may use the APIs (control API /_origin/..., request log, /beacons, /progress): pages on
loopback origins (http://127.0.0.1:*, http://localhost:*, http://[::1]:*) through a Host header
naming this server (127.0.0.1, localhost or [::1] with its port, or the bound address). Other
pages get 403, other Host names 421 (DNS rebinding); control bodies must be application/json.
Media stays readable by any page (no credentials).
      --cors-origin <o>   Also allow pages on this origin, e.g. http://192.168.1.20:5173,
                          https://my-app.test, or http://box.local:* for any port (repeatable).
      --allowed-host <h>  Also answer APIs for this Host name, e.g. box.local or localhost:9000
                          behind a port mapping (repeatable).

Throttling (default: none). The profile applies to every session (/s/<id>/...) and to requests
without a session, which share one link. Each session gets its own link with this profile.
      --kbps <n>          A fixed rate, kilobits per second.
      --trace <ref>       A bandwidth trace: a network profile (slow-3g, fast-3g, slow-4g, fast-4g,
                          cable, commute, cliff, oscillating, outage-10s; see "vod-origin profiles"),
                          a path to a trace .json ({"steps": [[duration_s, kbps], ...]}), or a file
                          name in --traces-dir (a unique prefix works).
      --trace-mode <m>    After the trace ends: loop or hold its last rate (default: the profile's
                          own mode, else loop).
      --rtt <ms>          Latency before each response's first byte (default: the profile's own
                          RTT, else 0).
      --jitter <ms>       The latency varies uniformly within +- this.
      --traces-dir <dir>  A folder of <name>.json traces that --trace, ?trace= and the control API
                          may name after the profiles (default: $VOD_TRACES_DIR, else none).

Faults (default: none). Each --fault rule applies to every session (with its own counters) and
to requests without a session, e.g.
      --fault '503@media:rung=720p,seg=5-8,count=3,retryAfter=2'
      --fault 'reset@media:bytes=10000,p=0.1'   --fault 'stall@media:sec=5,seg=10'
      --fault 'slow@manifest:ms=2000'           --fault 'truncate@media:fraction=0.5,count=1'
      --fault 'corrupt@media:every=1000'        --fault 'outage:sec=10,afterMs=30000'
      --fault 'manifest-change@manifest'        --fault 'codec@manifest:codecs=hvc1.1.6.L93.B0'
      --fault 'replace@manifest:path=/master.m3u8,body=%23EXTM3U%0Abroken'
      --fault '404@init:path=/video/*/init.mp4,afterMatches=1'   (path: a glob, * ** ?)

A running test changes a session's profile and faults over HTTP:
  PUT /_origin/sessions/<id>/profile  {"kbps": 800, "rttMs": 40} | {"trace": "slow-4g"} | {"unlimited": true}
                                      | {"trace": {"steps": [[5, 800], [5, 0]]}, "traceMode": "loop"}
  PUT /_origin/sessions/<id>/faults   [rules]     GET /_origin/sessions/<id>/report
(with Content-Type: application/json, e.g. curl --json '{"kbps": 800}' -X PUT ...),
or per session from the manifest URL: /s/<id>/master.m3u8?kbps=800&rtt=40 (or ?trace=slow-4g);
a URL profile needs the /s/<id>/ session (a GET never changes the link of requests without one).
A profile name brings its own RTT and mode unless "rttMs" / "traceMode" (rtt= / traceMode=) say otherwise.
`;

const PROFILES_HELP = `Usage:
  vod-origin profiles [<name>...] [--json]

Lists the built-in network profiles (generated from parameters, the same steps on every run), or
only the named ones: name, mean / min / max kbps over one pass, the pass's length, what happens
after it (loop, or hold the last rate), RTT, a sparkline of the rate and the shape in words.
Use a name wherever a trace is accepted: --trace slow-4g, ?trace=slow-4g, {"trace": "slow-4g"},
or network.use('slow-4g') in the Playwright kit.

Options:
      --json              Print JSON (an array of summaries) instead of a table.
  -h, --help              Show this help.
`;

const GENERATE_OPTIONS = {
  out: { type: 'string', short: 'o' },
  synthetic: { type: 'boolean' },
  duration: { type: 'string' },
  size: { type: 'string' },
  fps: { type: 'string' },
  'segment-sec': { type: 'string' },
  ladder: { type: 'string' },
  'no-thumbnails': { type: 'boolean' },
  'no-captions': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies OptionsConfig;

const SERVE_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  kbps: { type: 'string' },
  trace: { type: 'string' },
  'trace-mode': { type: 'string' },
  rtt: { type: 'string' },
  jitter: { type: 'string' },
  fault: { type: 'string', multiple: true },
  'traces-dir': { type: 'string' },
  'cors-origin': { type: 'string', multiple: true },
  'allowed-host': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} satisfies OptionsConfig;

const PROFILES_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies OptionsConfig;

/** The CLI flags `parseProfileArgs` reads, by parseArgs option name. */
const PROFILE_OPTION_NAMES = ['kbps', 'trace', 'trace-mode', 'rtt', 'jitter'] as const;

function positiveNumber(values: Values, name: string): number | undefined {
  const raw = values[name];
  if (typeof raw !== 'string') return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) throw new UsageError(`--${name} must be a positive number, got "${raw}".`);
  return value;
}

function parseSize(raw: string): { width: number; height: number } {
  const match = /^(\d+)x(\d+)$/i.exec(raw.trim());
  if (!match) throw new UsageError(`--size must look like 1920x1080, got "${raw}".`);
  return { width: Number(match[1]), height: Number(match[2]) };
}

function toGenerate(values: Values, positionals: string[]): GenerateCommand {
  if (positionals.length > 1) throw new UsageError(`generate takes one input, got ${positionals.length}: ${positionals.join(' ')}`);
  const input = positionals[0];
  const out = values.out;
  if (typeof out !== 'string' || out === '') throw new UsageError('generate needs --out <dir>.');
  const synthetic = values.synthetic === true;
  if (synthetic && input !== undefined) throw new UsageError('Give either <input> or --synthetic, not both.');
  if (!synthetic && input === undefined) throw new UsageError('generate needs an <input> file or --synthetic.');
  for (const name of ['duration', 'size', 'fps']) {
    if (!synthetic && values[name] !== undefined) throw new UsageError(`--${name} only applies to --synthetic.`);
  }

  const common = {
    outDir: out,
    ...(values['segment-sec'] !== undefined ? { segmentSec: positiveNumber(values, 'segment-sec') } : {}),
    ...(typeof values.ladder === 'string' ? { ladder: values.ladder } : {}),
    ...(values['no-thumbnails'] === true ? { thumbnails: false } : {}),
    ...(values['no-captions'] === true ? { captions: false } : {}),
  };
  if (!synthetic) return { command: 'generate', options: { ...common, input: input as string } };

  const durationSec = positiveNumber(values, 'duration');
  const frameRate = positiveNumber(values, 'fps');
  const size = typeof values.size === 'string' ? parseSize(values.size) : undefined;
  return {
    command: 'generate',
    options: {
      ...common,
      synthetic: {
        ...(durationSec !== undefined ? { durationSec } : {}),
        ...(frameRate !== undefined ? { frameRate } : {}),
        ...(size ?? {}),
      },
    },
  };
}

function toServe(values: Values, positionals: string[], env: CliEnv): ServeCommand {
  if (positionals.length !== 1) throw new UsageError('serve needs exactly one <dir>.');
  const portRaw = typeof values.port === 'string' ? values.port : '8080';
  const port = Number(portRaw);
  if (!/^\d+$/.test(portRaw) || port > 65535) throw new UsageError(`--port must be 0-65535, got "${portRaw}".`);
  const host = typeof values.host === 'string' && values.host !== '' ? values.host : '127.0.0.1';
  const profile = serveProfile(values);
  const faults = serveFaults(values);
  const tracesDir = serveTracesDir(values, env);
  const corsOrigins = serveList(values, 'cors-origin', parseCorsOrigin);
  const allowedHosts = serveList(values, 'allowed-host', parseAllowedHost);
  return {
    command: 'serve',
    options: {
      dir: positionals[0] as string,
      port,
      host,
      ...(profile === null ? {} : { profile }),
      ...(faults.length === 0 ? {} : { faults }),
      ...(tracesDir === undefined ? {} : { tracesDir }),
      ...(corsOrigins.length === 0 ? {} : { corsOrigins }),
      ...(allowedHosts.length === 0 ? {} : { allowedHosts }),
    },
  };
}

/** A repeatable flag's values, each checked by `parse` (AccessConfigError → UsageError). */
function serveList(values: Values, name: string, parse: (text: string) => string): string[] {
  const raw = values[name];
  if (!Array.isArray(raw)) return [];
  try {
    return raw.map(parse);
  } catch (error) {
    if (error instanceof AccessConfigError) throw new UsageError(`--${name}: ${error.message}`);
    throw error;
  }
}

/** `--traces-dir`, else `VOD_TRACES_DIR`, else none. */
function serveTracesDir(values: Values, env: CliEnv): string | undefined {
  const flag = values['traces-dir'];
  if (typeof flag === 'string') {
    if (flag.trim() === '') throw new UsageError('--traces-dir needs a folder.');
    return flag;
  }
  const fromEnv = env['VOD_TRACES_DIR'];
  return fromEnv === undefined || fromEnv.trim() === '' ? undefined : fromEnv;
}

function toProfiles(values: Values, positionals: string[]): ProfilesCommand {
  const unknown = positionals.filter((name) => !isNetworkProfileName(name));
  if (unknown.length > 0) {
    throw new UsageError(`Unknown network profile ${unknown.map((name) => `"${name}"`).join(', ')}; the profiles are ${NETWORK_PROFILE_NAMES.join(', ')}.`);
  }
  const wanted = new Set(positionals);
  const names = NETWORK_PROFILE_NAMES.filter((name) => wanted.size === 0 || wanted.has(name));
  return { command: 'profiles', options: { names, json: values.json === true } };
}

function serveProfile(values: Values): ProfileSpec | null {
  const args: string[] = [];
  for (const name of PROFILE_OPTION_NAMES) {
    const value = values[name];
    if (typeof value === 'string') args.push(`--${name}=${value}`);
  }
  try {
    return parseProfileArgs(args).profile;
  } catch (error) {
    if (error instanceof ProfileError) throw new UsageError(error.message);
    throw error;
  }
}

function serveFaults(values: Values): FaultRule[] {
  const rules = values.fault;
  if (!Array.isArray(rules)) return [];
  try {
    return parseFaultRulesCli(rules);
  } catch (error) {
    if (error instanceof FaultError) throw new UsageError(`--fault: ${error.message}`);
    throw error;
  }
}

const COMMANDS = {
  generate: { options: GENERATE_OPTIONS, help: GENERATE_HELP, build: toGenerate },
  serve: { options: SERVE_OPTIONS, help: SERVE_HELP, build: toServe },
  profiles: { options: PROFILES_OPTIONS, help: PROFILES_HELP, build: toProfiles },
} as const;

/**
 * Reads a command line (without `node` and the script) and the environment it may use
 * (`VOD_TRACES_DIR`). Pure; throws UsageError.
 */
export function parseCli(argv: readonly string[], env: CliEnv = {}): ParsedCommand {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') return { command: 'help', text: MAIN_HELP };
  if (!Object.hasOwn(COMMANDS, name)) throw new UsageError(`Unknown command "${name}".`);
  const spec = COMMANDS[name as keyof typeof COMMANDS];
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...rest], options: spec.options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, '.'));
  }
  if (parsed.values.help === true) return { command: 'help', text: spec.help };
  return spec.build(parsed.values, parsed.positionals, env);
}

/** `vod-origin profiles`: the table (or JSON) of the named network profiles. Pure. */
export function profilesOutput(command: ProfilesCommand): string {
  const summaries = command.options.names.map((name) => summarizeNetworkProfile(networkProfile(name)));
  return command.options.json ? `${JSON.stringify(summaries, null, 2)}\n` : formatNetworkProfiles(summaries);
}

/** Where the CLI writes, the signals it listens to and the environment it reads (injectable for tests). */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  onSignal(signal: 'SIGINT' | 'SIGTERM', handler: () => void): void;
  /** Defaults to none (tests); the real CLI passes `process.env`. */
  env?: CliEnv;
}

const processIo: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  onSignal: (signal, handler) => process.on(signal, handler),
  env: process.env,
};

async function runGenerate(command: GenerateCommand, io: CliIo): Promise<number> {
  const { generateLadder } = await import('./ladder/generate.js');
  const controller = new AbortController();
  io.onSignal('SIGINT', () => controller.abort());
  io.onSignal('SIGTERM', () => controller.abort());
  const progress = createTerminalProgress(io.stderr);
  const startMs = Date.now();
  const onWarning = (message: string) => {
    progress.done();
    io.stderr.write(`warning: ${message}\n`);
  };
  try {
    const ladder = await generateLadder({
      ...command.options,
      signal: controller.signal,
      onWarning,
      onProgress: (p) => {
        if (p.phase === 'encode') progress.update(p);
      },
    } as GenerateOptions);
    progress.done();
    const seconds = ((Date.now() - startMs) / 1000).toFixed(1);
    const rungs = ladder.rungs.map((rung) => rung.id).join(', ');
    io.stderr.write(`Generated ${ladder.rungs.length} rungs (${rungs}) in ${seconds} s.\n`);
    io.stdout.write(`${resolve(command.options.outDir)}\n`);
    return 0;
  } finally {
    progress.done();
  }
}

async function runServe(command: ServeCommand, io: CliIo): Promise<number> {
  const [{ createOrigin }, { resolveProfile, UNLIMITED_PROFILE }, { loadTrace }, { profileText }, { faultLabel }] = await Promise.all([
    import('./control/create-origin.js'),
    import('./throttle/profile.js'),
    import('./throttle/trace-file.js'),
    import('./control/profile-text.js'),
    import('./faults/apply.js'),
  ]);
  const { dir, port, host, profile: spec, faults = [], tracesDir, corsOrigins = [], allowedHosts = [] } = command.options;
  // A trace given on the command line may be a profile, a path or a name in the traces folder.
  const defaultProfile = spec === undefined ? UNLIMITED_PROFILE : await resolveProfile(spec, (ref) => loadTrace(ref, { tracesDir }));
  const server = await createOrigin({
    dir,
    port,
    host,
    tracesDir,
    corsOrigins,
    allowedHosts,
    throttle: { defaultProfile },
    faults: { defaultRules: faults },
  });
  const scope = spec === undefined ? 'set per session over HTTP or /s/<id>/…?kbps=' : 'every session, and requests without one';
  io.stdout.write(
    `Serving ${server.dir} at ${server.url}\n  Bound to: ${describeAddress(server.address)}\n` +
      `  HLS:      ${server.url}/master.m3u8\n  DASH:     ${server.url}/manifest.mpd\n` +
      `  Throttle: ${profileText(defaultProfile)} (${scope})\n` +
      `  Faults:   ${faults.length === 0 ? 'none' : faults.map(faultLabel).join('; ')}\n` +
      `  Traces:   network profiles (vod-origin profiles)${tracesDir === undefined ? '' : ` and ${resolve(tracesDir)}`}\n` +
      `  Control:  ${server.url}/_origin/sessions/<id>/{profile,faults,stats,report}, ${server.url}/_origin/log\n` +
      `  APIs for: loopback pages${server.corsOrigins.length === 0 ? '' : `, ${server.corsOrigins.join(', ')}`}` +
      `${allowedHosts.length === 0 ? '' : ` (also as Host ${allowedHosts.join(', ')})`}\n`,
  );
  await new Promise<void>((done) => {
    let closing = false;
    const stop = () => {
      if (closing) process.exit(130);
      closing = true;
      io.stderr.write('Closing…\n');
      void server.close().then(done, done);
    };
    io.onSignal('SIGINT', stop);
    io.onSignal('SIGTERM', stop);
  });
  return 0;
}

/**
 * What `server.address()` says, for a person: `127.0.0.1:8080 (IPv4)`, `:::8080 (IPv6, every
 * interface)`, `0.0.0.0:8080 (IPv4, every interface)`.
 */
export function describeAddress(address: { address: string; family: string; port: number }): string {
  const host = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  return `${host}:${address.port} (${address.family}${wildcard ? ', every interface: reachable from other machines' : ''})`;
}

/** Errors meant for a person: printed as one line, no stack. */
function isUserError(error: unknown): error is Error & { code?: string } {
  return (
    error instanceof LadderError ||
    error instanceof TraceError ||
    error instanceof ProfileError ||
    error instanceof AccessConfigError ||
    (error instanceof Error && error.name === 'OriginError')
  );
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let command: ParsedCommand;
  try {
    command = parseCli(argv, io.env ?? {});
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`vod-origin: ${error.message}\nRun "vod-origin --help" for usage.\n`);
    return 2;
  }
  try {
    if (command.command === 'help') {
      io.stdout.write(command.text);
      return 0;
    }
    if (command.command === 'profiles') {
      io.stdout.write(profilesOutput(command));
      return 0;
    }
    return command.command === 'generate' ? await runGenerate(command, io) : await runServe(command, io);
  } catch (error) {
    if (error instanceof LadderError && error.code === 'ABORTED') {
      io.stderr.write('vod-origin: interrupted.\n');
      return 130;
    }
    if (isUserError(error)) {
      io.stderr.write(`vod-origin: ${error.message}\n`);
      const usage = (error instanceof LadderError && error.code === 'INVALID_OPTIONS') || error instanceof TraceError || error instanceof ProfileError;
      return usage ? 2 : 1;
    }
    io.stderr.write(`vod-origin: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`vod-origin: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
