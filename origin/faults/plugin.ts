import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { isControlPath } from '../server/control-routes.js';
import { NO_SESSION_KEY, sessionKey } from '../server/session.js';
import type { OriginPlugin, RequestContext } from '../server/types.js';
import { answerRewrite, applyResponseFault, bodyFaultTransform, faultLabel, faultPhase, pipeThrough } from './apply.js';
import { createFaultState, pickFault } from './match.js';
import { uniqueIds } from './read-fields.js';
import type { FaultRule, FaultState, RewriteFault } from './types.js';

export interface FaultsPluginOptions {
  /**
   * Rules every session starts with, and requests without a session use (e.g. the CLI's
   * `--fault` flags). Each session keeps its own counters. Defaults to none.
   */
  defaultRules?: readonly FaultRule[];
  /** Chance, [0, 1) like Math.random; pass a seeded one to replay the same faults. Defaults to Math.random. */
  rng?: () => number;
  /** The fault clock: monotonic time, ms (outage windows, `afterMs`). Defaults to `performance.now`. */
  monotonicMs?: () => number;
}

/** A session's rules as the control API shows them. */
export interface SessionFaultsView {
  readonly session: string | null;
  /** `default`: the session uses the default rules; `control`: its own (set through the API or Node). */
  readonly source: 'default' | 'control';
  readonly rules: readonly FaultRule[];
  /** Times each rule fired for this session, by rule id. */
  readonly fired: Readonly<Record<string, number>>;
  /** The outage in progress: its rule and the time left, ms. */
  readonly outage: { readonly ruleId: string; readonly remainingMs: number } | null;
}

/** A body fault picked in `beforeResponse`, applied in `wrapBody` (which has no `res`). */
interface PendingBodyFault {
  readonly rule: FaultRule;
  readonly res: ServerResponse;
}

/**
 * Fault injection as an origin plugin, per session. For each ladder file request (never
 * `/_origin/…`), `pickFault` chooses at most one rule from the session's rules (its own, else the
 * defaults), and:
 *  - status, outage: answered in `beforeResponse` (an outage drops every request of the session
 *    until its window ends);
 *  - slow first byte: held in `beforeResponse`, then served;
 *  - replace, manifest-change, codec: answered in `beforeResponse` with a 200 and the replaced or
 *    rewritten manifest (whole, not rate-shaped; the RTT still applies, the throttle runs first);
 *  - reset, stall, truncate, corrupt: a body transform in `wrapBody`.
 * The request log entry's `fault` gets `faultLabel(rule)` whenever a fault acts. A body fault on a
 * response without a body (HEAD, 304) does not act, but still counts as fired.
 *
 * Put it after the throttle plugin: the RTT then comes before an injected status, and body faults
 * see the bytes as the client does (a reset after N bytes cuts after N shaped bytes).
 */
export class FaultsPlugin implements OriginPlugin {
  readonly name = 'faults';
  readonly #defaultRules: readonly FaultRule[];
  readonly #rng: () => number;
  readonly #monotonicMs: () => number;
  /** Sessions with their own rules. */
  readonly #rules = new Map<string, readonly FaultRule[]>();
  /** Fold state per session, created at its first request after its rules were set. */
  readonly #states = new Map<string, FaultState>();
  readonly #pending = new WeakMap<RequestContext, PendingBodyFault>();

  constructor(options: FaultsPluginOptions = {}) {
    this.#defaultRules = Object.freeze(uniqueIds([...(options.defaultRules ?? [])]));
    this.#rng = options.rng ?? Math.random;
    this.#monotonicMs = options.monotonicMs ?? (() => performance.now());
  }

  get defaultRules(): readonly FaultRule[] {
    return this.#defaultRules;
  }

  async beforeResponse(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<boolean> {
    if (isControlPath(ctx.path)) return false;
    const key = sessionKey(ctx.session);
    const rules = this.#rulesFor(key);
    if (rules.length === 0) return false;
    const nowMonotonicMs = this.#monotonicMs();
    const state = this.#states.get(key) ?? createFaultState(nowMonotonicMs);
    const pick = pickFault(rules, state, { ...ctx.info, path: ctx.path }, this.#rng, nowMonotonicMs);
    this.#states.set(key, pick?.state ?? state);
    if (pick === null || pick.rule === null) return false;

    const { rule } = pick;
    const phase = faultPhase(rule.fault);
    if (phase === 'body') {
      this.#pending.set(ctx, { rule, res });
      return false;
    }
    if (phase === 'rewrite') {
      const fault = rule.fault as RewriteFault;
      const answered = await answerRewrite(fault, req.method, res, { path: ctx.path, readFile: () => ctx.readFile() });
      if (answered) ctx.entry.fault = faultLabel(rule);
      return answered;
    }
    ctx.entry.fault = faultLabel(rule);
    return applyResponseFault(rule.fault, res);
  }

  wrapBody(body: NodeJS.ReadableStream, ctx: RequestContext): NodeJS.ReadableStream {
    const pending = this.#pending.get(ctx);
    if (pending === undefined) return body;
    this.#pending.delete(ctx);
    const transform = bodyFaultTransform(pending.rule.fault, pending.res);
    if (transform === null) return body;
    ctx.entry.fault = faultLabel(pending.rule);
    return pipeThrough(body, transform);
  }

  /** Replaces the session's rules (`session` null: requests without a session); counters and outage restart. Throws FaultError on duplicate ids. */
  setRules(session: string | null, rules: readonly FaultRule[]): void {
    const key = sessionKey(session);
    this.#rules.set(key, Object.freeze(uniqueIds([...rules])));
    this.#states.delete(key);
  }

  /** Appends a rule to the session's rules (starting from the defaults if it had none); counters keep running. */
  addRule(session: string | null, rule: FaultRule): void {
    const key = sessionKey(session);
    this.#rules.set(key, Object.freeze(uniqueIds([...this.#rulesFor(key), rule])));
  }

  /** Back to the default rules, with fresh counters. */
  clearRules(session: string | null): void {
    const key = sessionKey(session);
    this.#rules.delete(key);
    this.#states.delete(key);
  }

  /** Forgets everything about the session (same as clearRules). */
  forget(session: string | null): void {
    this.clearRules(session);
  }

  rulesOf(session: string | null): readonly FaultRule[] {
    return this.#rulesFor(sessionKey(session));
  }

  /** Session ids with their own rules or fault state (requests without a session are not listed). */
  sessions(): string[] {
    return [...new Set([...this.#rules.keys(), ...this.#states.keys()])].filter((key) => key !== NO_SESSION_KEY);
  }

  describe(session: string | null): SessionFaultsView {
    const key = sessionKey(session);
    const state = this.#states.get(key) ?? null;
    const nowMonotonicMs = this.#monotonicMs();
    const outage = state?.outage ?? null;
    return {
      session,
      source: this.#rules.has(key) ? 'control' : 'default',
      rules: this.#rulesFor(key),
      fired: state?.fired ?? {},
      outage: outage !== null && nowMonotonicMs < outage.untilMs ? { ruleId: outage.ruleId, remainingMs: outage.untilMs - nowMonotonicMs } : null,
    };
  }

  #rulesFor(key: string): readonly FaultRule[] {
    return this.#rules.get(key) ?? this.#defaultRules;
  }
}

/** The faults plugin; see FaultsPlugin. */
export function createFaultsPlugin(options: FaultsPluginOptions = {}): FaultsPlugin {
  return new FaultsPlugin(options);
}
