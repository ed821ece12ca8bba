import type { FaultMatch, FaultRequest, FaultRule, FaultState } from './types.js';

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
  return { startMs, fired: {}, outage: null };
}

export interface FaultPick {
  readonly rule: FaultRule;
  readonly state: FaultState;
}

/**
 * The fault for `request`, with the state after it fired; null when none fires (the state is then
 * unchanged).
 *
 *  - An outage in progress (`nowMonotonicMs` before its end) takes every request of the session, whatever
 *    the rules say; it uses no count and no chance.
 *  - Otherwise rules are tried in order and the FIRST that fires wins: it must match the request
 *    (`matchesRequest`), be past its `afterMs`, have count left (an outage without `count` fires
 *    once; anything else without `count` has no limit) and win its probability roll. The rng is
 *    called once for each rule that gets as far as the roll with 0 < probability < 1, so a seeded
 *    rng replays the same faults.
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
  for (const rule of rules) {
    if (!matchesRequest(rule.match, request)) continue;
    if (rule.afterMs !== undefined && elapsedMs < rule.afterMs) continue;
    const firedCount = state.fired[rule.id] ?? 0;
    if (firedCount >= countLimit(rule)) continue;
    if (!rollsTrue(rule.probability, rng)) continue;

    const fired = { ...state.fired, [rule.id]: firedCount + 1 };
    const outage = rule.fault.type === 'outage' ? { ruleId: rule.id, untilMs: nowMonotonicMs + rule.fault.durationSec * 1000 } : null;
    return { rule, state: { startMs: state.startMs, fired, outage } };
  }
  return null;
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
 * segment range: the request has a segment number within it; pathPattern: the regular expression
 * finds a match in the path).
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
  if (match.pathPattern !== undefined && !compiled(match.pathPattern).test(request.path)) return false;
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

/** Compiled patterns, memoised: rules are few and long-lived, requests many. */
const patterns = new Map<string, RegExp>();
const MAX_CACHED_PATTERNS = 256;

function compiled(source: string): RegExp {
  let pattern = patterns.get(source);
  if (pattern === undefined) {
    pattern = new RegExp(source);
    if (patterns.size >= MAX_CACHED_PATTERNS) patterns.clear();
    patterns.set(source, pattern);
  }
  return pattern;
}
