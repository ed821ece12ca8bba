import { compileGlob, matchesGlob, type CompiledGlob } from './glob.js';
import type { FaultMatch, FaultRequest, FaultRule, FaultSpec, FaultState } from './types.js';

/**
 * Which fault, if any, a request gets: a pure fold over one session's rules. Time
 * (`nowMonotonicMs`, ms on the plugin's monotonic fault clock) and chance (`rng`, [0, 1) like
 * Math.random) are arguments.
 */

/**
 * A fresh state. The plugin creates it at the session's first request after its rules were set,
 * so `afterMs` counts from when playback starts, not from when a test installed the rules.
 */
export function createFaultState(startMs: number): FaultState {
  return { startMs, fired: {}, passed: {}, outage: null };
}

export interface FaultPick {
  /** The rule that fires, or null when none does but a rule let the request through (`afterMatches`). */
  readonly rule: FaultRule | null;
  readonly state: FaultState;
}

/**
 * The fault for `request`, with the state after it; null when nothing fires and nothing changed.
 *
 *  - An outage in progress (`nowMonotonicMs` before its end) takes every request of the session, whatever
 *    the rules say; it uses no count and no chance.
 *  - Otherwise rules are tried in order and the FIRST that fires wins: it must match the request
 *    (`matchesRequest`), act on it (`faultActsOn`: manifest rewrites only on multivariant
 *    playlists and MPDs), be past its `afterMs`, have let `afterMatches` such requests through
 *    already (a request it lets through is counted in `passed`, and the next rule is tried), have
 *    count left (an outage without `count` fires once; anything else without `count` has no
 *    limit) and win its probability roll. The rng is called once for each rule that gets as far
 *    as the roll with 0 < probability < 1, so a seeded rng replays the same faults.
 *  - A fired outage opens its window: `nowMonotonicMs` to `nowMonotonicMs + durationSec * 1000`.
 */
export function pickFault(
  rules: readonly FaultRule[],
  state: FaultState,
  request: FaultRequest,
  rng: () => number,
  nowMonotonicMs: number,
): FaultPick | null {
  if (state.outage !== null && nowMonotonicMs < state.outage.untilMs) {
    const ruleId = state.outage.ruleId;
    const outageRule = rules.find((rule) => rule.id === ruleId);
    if (outageRule !== undefined) return { rule: outageRule, state };
  }

  const elapsedMs = nowMonotonicMs - state.startMs;
  let passed = state.passed;
  for (const rule of rules) {
    if (!matchesRequest(rule.match, request) || !faultActsOn(rule.fault, request)) continue;
    if (rule.afterMs !== undefined && elapsedMs < rule.afterMs) continue;
    const passedCount = passed[rule.id] ?? 0;
    if (passedCount < matchesToPass(rule)) {
      passed = { ...passed, [rule.id]: passedCount + 1 };
      continue;
    }
    const firedCount = state.fired[rule.id] ?? 0;
    if (firedCount >= countLimit(rule)) continue;
    if (!rollsTrue(rule.probability, rng)) continue;

    const fired = { ...state.fired, [rule.id]: firedCount + 1 };
    const outage = rule.fault.type === 'outage' ? { ruleId: rule.id, untilMs: nowMonotonicMs + rule.fault.durationSec * 1000 } : null;
    return { rule, state: { startMs: state.startMs, fired, passed, outage } };
  }
  return passed === state.passed ? null : { rule: null, state: { ...state, passed } };
}

/** Matching requests `rule` lets through before it fires: `afterMatches`, else 1 for a manifest change (the first load is the original), else 0. */
export function matchesToPass(rule: FaultRule): number {
  return rule.afterMatches ?? (rule.fault.type === 'manifest-change' ? 1 : 0);
}

/**
 * Whether `fault` can act on `request` at all. A manifest change or codec rewrite acts on a
 * multivariant playlist or MPD only: a `.mpd`, or a `.m3u8` outside a rung's, the audio or the
 * text folder (`rung` null, not under `text/`). Their media playlists are never counted or touched.
 * Every other fault acts on anything its rule matches.
 */
export function faultActsOn(fault: FaultSpec, request: FaultRequest): boolean {
  if (fault.type !== 'manifest-change' && fault.type !== 'codec') return true;
  if (request.kind !== 'manifest' || request.rung !== null) return false;
  const parts = request.path.toLowerCase().split('/');
  const name = parts.at(-1) ?? '';
  return name.endsWith('.mpd') || (name.endsWith('.m3u8') && parts.at(-2) !== 'text');
}

/** Most times `rule` may fire. */
export function countLimit(rule: FaultRule): number {
  return rule.count ?? (rule.fault.type === 'outage' ? 1 : Infinity);
}

/** Whether an outage is in progress at `nowMonotonicMs`. */
export function inOutage(state: FaultState, nowMonotonicMs: number): boolean {
  return state.outage !== null && nowMonotonicMs < state.outage.untilMs;
}

/**
 * Whether `request` fits `match`: each given field must fit (kind and rung: one of the listed;
 * segment range: the request has a segment number within it; pathGlob: the glob matches the
 * whole path, in linear time, see glob.ts).
 */
export function matchesRequest(match: FaultMatch, request: FaultRequest): boolean {
  if (match.kind !== undefined && !oneOf(match.kind, request.kind)) return false;
  if (match.rung !== undefined && (request.rung === null || !oneOf(match.rung, request.rung))) return false;
  if (match.segmentFrom !== undefined || match.segmentTo !== undefined) {
    const segment = request.segment;
    if (segment === null) return false;
    if (match.segmentFrom !== undefined && segment < match.segmentFrom) return false;
    if (match.segmentTo !== undefined && segment > match.segmentTo) return false;
  }
  if (match.pathGlob !== undefined && !matchesGlob(compiled(match.pathGlob), request.path)) return false;
  return true;
}

function oneOf<T extends string>(allowed: T | readonly T[], value: T): boolean {
  return typeof allowed === 'string' ? allowed === value : allowed.includes(value);
}

function rollsTrue(probability: number | undefined, rng: () => number): boolean {
  if (probability === undefined || probability >= 1) return true;
  if (!(probability > 0)) return false;
  return rng() < probability;
}

/** Compiled globs, memoised: rules are few and long-lived, requests many. */
const globs = new Map<string, CompiledGlob>();
const MAX_CACHED_GLOBS = 256;

function compiled(source: string): CompiledGlob {
  let glob = globs.get(source);
  if (glob === undefined) {
    glob = compileGlob(source);
    if (globs.size >= MAX_CACHED_GLOBS) globs.clear();
    globs.set(source, glob);
  }
  return glob;
}
