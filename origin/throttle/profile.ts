import { ProfileError } from './errors.js';
import { isNetworkProfileName, NETWORK_PROFILES, networkProfile } from './network-profiles.js';
import type { LinkRate } from './rate.js';
import { meanKbps, parseTrace, TRACE_MODES, type Trace, type TraceMode } from './trace.js';

export type { LinkRate } from './rate.js';

/** How a session's link behaves: its rate, plus a latency before each response's first byte. */
export interface LinkProfile {
  readonly rate: LinkRate;
  /** Added before every response's first byte (headers), ms. */
  readonly rttMs: number;
  /** The first-byte delay varies uniformly within ±jitterMs around rttMs (never below 0), ms. */
  readonly jitterMs: number;
}

export const UNLIMITED_PROFILE: LinkProfile = Object.freeze({ rate: Object.freeze({ kind: 'unlimited' }), rttMs: 0, jitterMs: 0 });

/** A trace's mode when none is given. */
export const DEFAULT_TRACE_MODE: TraceMode = 'loop';

/** Upper bounds that catch unit mistakes (bps for kbps, seconds for ms). */
export const MAX_KBPS = 10_000_000;
export const MAX_DELAY_MS = 120_000;

/**
 * A parsed profile whose trace may still be a reference (a name, or a path from the CLI) that
 * `resolveProfile` loads.
 */
export interface ProfileSpec {
  readonly rate: LinkRate | { readonly kind: 'trace-ref'; readonly ref: string; readonly mode: TraceMode };
  readonly rttMs: number;
  readonly jitterMs: number;
}

/**
 * Delay before a response's first byte, ms: `rttMs` plus a uniform jitter in ±`jitterMs`, never
 * below 0. `rng` returns [0, 1) like Math.random.
 */
export function firstByteDelayMs(profile: LinkProfile, rng: () => number): number {
  if (profile.jitterMs === 0) return profile.rttMs;
  return Math.max(0, profile.rttMs + (rng() * 2 - 1) * profile.jitterMs);
}

/**
 * The spec of a network profile by name, with its own RTT, jitter and mode unless `overrides` give
 * others. Throws ProfileError `UNKNOWN_PROFILE`.
 *
 *     await origin.throttle.setProfileSpec('player-1', networkProfileSpec('slow-4g'));
 */
export function networkProfileSpec(name: string, overrides: { rttMs?: number; jitterMs?: number; mode?: TraceMode } = {}): ProfileSpec {
  const profile = networkProfile(name);
  return {
    rate: { kind: 'trace-ref', ref: profile.name, mode: overrides.mode ?? profile.mode },
    rttMs: overrides.rttMs ?? profile.rttMs,
    jitterMs: overrides.jitterMs ?? profile.jitterMs,
  };
}

/** Turns a spec into a profile, loading its trace reference with `loadTrace` if it has one. */
export async function resolveProfile(spec: ProfileSpec, loadTrace: (ref: string) => Trace | Promise<Trace>): Promise<LinkProfile> {
  const rate = spec.rate;
  if (rate.kind !== 'trace-ref') return { rate, rttMs: spec.rttMs, jitterMs: spec.jitterMs };
  const trace = await loadTrace(rate.ref);
  return { rate: { kind: 'trace', trace, mode: rate.mode }, rttMs: spec.rttMs, jitterMs: spec.jitterMs };
}

/** A JSON-friendly summary of a profile, for the control API and logs (no trace steps). */
export function describeProfile(profile: LinkProfile): Record<string, unknown> {
  const { rate, rttMs, jitterMs } = profile;
  if (rate.kind !== 'trace') return { rate: { ...rate }, rttMs, jitterMs };
  const { trace, mode } = rate;
  return {
    rate: { kind: 'trace', name: trace.name, mode, durationSec: trace.durationSec, meanKbps: Math.round(meanKbps(trace)), steps: trace.steps.length },
    rttMs,
    jitterMs,
  };
}

/** Query keys `parseProfileQuery` reads. */
export const PROFILE_QUERY_KEYS = ['kbps', 'trace', 'traceMode', 'rtt', 'jitter'] as const;

/**
 * A profile from URL query parameters, or null when none of `PROFILE_QUERY_KEYS` is present:
 *  - `?kbps=800&rtt=40&jitter=5`: a fixed 800 kbps link, 40 ms ± 5 ms to first byte;
 *  - `?trace=<name>&traceMode=hold`: a trace by name (never a path), `loop` unless `hold`; a
 *    network profile's name (`?trace=slow-4g`) brings its own RTT, jitter and mode unless given;
 *  - neither `kbps` nor `trace`: unlimited (RTT and jitter still apply).
 * `rtt` and `jitter` are milliseconds. Throws ProfileError.
 */
export function parseProfileQuery(query: URLSearchParams | string): ProfileSpec | null {
  const params = typeof query === 'string' ? new URLSearchParams(query) : query;
  if (!PROFILE_QUERY_KEYS.some((key) => params.has(key))) return null;
  return buildSpec(
    {
      kbps: params.get('kbps') ?? undefined,
      trace: params.get('trace') ?? undefined,
      traceMode: params.get('traceMode') ?? undefined,
      rttMs: params.get('rtt') ?? undefined,
      jitterMs: params.get('jitter') ?? undefined,
    },
    { kbps: 'kbps', trace: 'trace', traceMode: 'traceMode', rttMs: 'rtt', jitterMs: 'jitter' },
    { allowPaths: false },
  );
}

/** Keys a control-API body may have. */
const JSON_KEYS = new Set(['kbps', 'trace', 'traceMode', 'rttMs', 'jitterMs']);

/**
 * A profile from a control-API body:
 *  - `{ "kbps": 800, "rttMs": 40, "jitterMs": 5 }`;
 *  - `{ "trace": "<name>", "traceMode": "hold" }`, or an inline trace
 *    `{ "trace": { "steps": [[5, 800], [5, 0]] } }`; a network profile's name
 *    (`{ "trace": "slow-4g" }`) brings its own RTT, jitter and mode unless the body gives them;
 *  - `{}` or `{ "rttMs": 40 }`: unlimited.
 * Numbers may be JSON numbers or numeric strings. Trace names only, never paths. Unknown keys are
 * rejected (they are usually typos). Throws ProfileError, or TraceError for a bad inline trace.
 */
export function parseProfileJson(body: unknown): ProfileSpec {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProfileError('NOT_AN_OBJECT', 'a profile must be a JSON object like {"kbps": 800, "rttMs": 40}');
  }
  const record = body as Record<string, unknown>;
  const unknown = Object.keys(record).find((key) => !JSON_KEYS.has(key));
  if (unknown !== undefined) {
    throw new ProfileError('UNKNOWN_FIELD', `unknown profile field "${unknown}"; use ${[...JSON_KEYS].join(', ')}`, { field: unknown });
  }
  const trace = record['trace'];
  if (typeof trace === 'object' && trace !== null) {
    const spec = buildSpec({ ...record, trace: undefined }, JSON_FIELD_NAMES, { allowPaths: false, traceGiven: true });
    const mode = readTraceMode(record['traceMode'], 'traceMode') ?? DEFAULT_TRACE_MODE;
    return { ...spec, rate: { kind: 'trace', trace: parseTrace(trace), mode } };
  }
  return buildSpec(record, JSON_FIELD_NAMES, { allowPaths: false });
}

const JSON_FIELD_NAMES = { kbps: 'kbps', trace: 'trace', traceMode: 'traceMode', rttMs: 'rttMs', jitterMs: 'jitterMs' };

/** CLI flags `parseProfileArgs` reads, each taking a value (`--kbps 800` or `--kbps=800`). */
export const PROFILE_FLAGS = ['--kbps', '--trace', '--trace-mode', '--rtt', '--jitter'] as const;

/**
 * A profile from CLI arguments, or null when none of `PROFILE_FLAGS` appears. Other arguments are
 * left alone (returned in `rest`), so the CLI can parse its own.
 *  - `--kbps 800 --rtt 40 --jitter 5`;
 *  - `--trace <profile, name or path.json> --trace-mode hold` (a network profile brings its own
 *    RTT, jitter and mode unless the flags give them).
 * Throws ProfileError.
 */
export function parseProfileArgs(argv: readonly string[]): { profile: ProfileSpec | null; rest: string[] } {
  const values: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    if (!(PROFILE_FLAGS as readonly string[]).includes(flag)) {
      rest.push(arg);
      continue;
    }
    let value: string | undefined = eq === -1 ? undefined : arg.slice(eq + 1);
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new ProfileError('MISSING_VALUE', `${flag} needs a value`, { field: flag });
      value = next;
      i += 1;
    }
    values[flag] = value;
  }
  if (Object.keys(values).length === 0) return { profile: null, rest };
  const profile = buildSpec(
    {
      kbps: values['--kbps'],
      trace: values['--trace'],
      traceMode: values['--trace-mode'],
      rttMs: values['--rtt'],
      jitterMs: values['--jitter'],
    },
    { kbps: '--kbps', trace: '--trace', traceMode: '--trace-mode', rttMs: '--rtt', jitterMs: '--jitter' },
    { allowPaths: true },
  );
  return { profile, rest };
}

interface RawProfile {
  kbps?: unknown;
  trace?: unknown;
  traceMode?: unknown;
  rttMs?: unknown;
  jitterMs?: unknown;
}

type FieldNames = Record<keyof RawProfile, string>;

function buildSpec(raw: RawProfile, names: FieldNames, options: { allowPaths: boolean; traceGiven?: boolean }): ProfileSpec {
  const kbps = readNumber(raw.kbps, names.kbps, MAX_KBPS);
  const traceRef = readTraceRef(raw.trace, names.trace, options.allowPaths);
  const hasTrace = traceRef !== undefined || options.traceGiven === true;
  const mode = readTraceMode(raw.traceMode, names.traceMode);
  if (kbps !== undefined && hasTrace) {
    throw new ProfileError('CONFLICTING_RATE', `give either ${names.kbps} or ${names.trace}, not both`, { field: names.kbps });
  }
  if (mode !== undefined && !hasTrace) {
    throw new ProfileError('BAD_TRACE_MODE', `${names.traceMode} only applies with ${names.trace}`, { field: names.traceMode });
  }
  // A network profile's name brings the profile's own RTT, jitter and mode, unless given here.
  const named = traceRef !== undefined && isNetworkProfileName(traceRef) ? NETWORK_PROFILES[traceRef] : undefined;
  const rttMs = readNumber(raw.rttMs, names.rttMs, MAX_DELAY_MS) ?? named?.rttMs ?? 0;
  const jitterMs = readNumber(raw.jitterMs, names.jitterMs, MAX_DELAY_MS) ?? named?.jitterMs ?? 0;
  let rate: ProfileSpec['rate'];
  if (kbps !== undefined) rate = { kind: 'fixed', kbps };
  else if (traceRef !== undefined) rate = { kind: 'trace-ref', ref: traceRef, mode: mode ?? named?.mode ?? DEFAULT_TRACE_MODE };
  else rate = { kind: 'unlimited' };
  return { rate, rttMs, jitterMs };
}

function readNumber(value: unknown, field: string, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' && NUMBER.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(number)) {
    throw new ProfileError('NOT_A_NUMBER', `${field} must be a number, got ${JSON.stringify(value)}`, { field });
  }
  if (number < 0 || number > max) throw new ProfileError('OUT_OF_RANGE', `${field} must be between 0 and ${max}, got ${number}`, { field });
  return number;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

function readTraceRef(value: unknown, field: string, allowPaths: boolean): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ProfileError('BAD_TRACE_REF', `${field} must be a trace name, got ${JSON.stringify(value)}`, { field });
  }
  const ref = value.trim();
  if (!allowPaths && !TRACE_REF_NAME.test(ref)) {
    throw new ProfileError('BAD_TRACE_REF', `${field} must be a trace name (no paths), got ${JSON.stringify(ref)}`, { field });
  }
  return ref;
}

/** Same rule as `TRACE_NAME_PATTERN` in trace-file.ts (kept here so this module stays free of I/O). */
const TRACE_REF_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

function readTraceMode(value: unknown, field: string): TraceMode | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && (TRACE_MODES as readonly string[]).includes(value)) return value as TraceMode;
  throw new ProfileError('BAD_TRACE_MODE', `${field} must be loop or hold, got ${JSON.stringify(value)}`, { field });
}
