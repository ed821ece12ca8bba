import type { IncomingMessage, ServerResponse } from 'node:http';
import { faultControlError } from '../faults/errors.js';
import { parseFaultRuleCli, parseFaultRuleJson, parseFaultRulesJson } from '../faults/parse.js';
import type { FaultsPlugin } from '../faults/plugin.js';
import type { FaultRule } from '../faults/types.js';
import { DEFAULT_BODY_LIMIT_BYTES, readJsonBody } from '../http/body.js';
import { ControlError, sendControlError, toControlError } from '../http/control-error.js';
import { sendJson } from '../http/respond.js';
import { routeMethod, routePath } from '../http/route.js';
import { CONTROL_PREFIX, parseLogFilter } from '../server/control-routes.js';
import { isSessionId } from '../server/session.js';
import type { OriginPlugin, RequestContext } from '../server/types.js';
import type { SessionRegistry } from '../sessions/registry.js';
import { linkControlError } from '../throttle/errors.js';
import type { ThrottlePlugin } from '../throttle/plugin.js';
import { listTraceRefs } from '../throttle/trace-file.js';
import { parseProfileBody } from './profile-body.js';

export interface ControlPluginOptions {
  throttle: ThrottlePlugin;
  faults: FaultsPlugin;
  sessions: SessionRegistry;
  /** Largest JSON body accepted, bytes. Defaults to DEFAULT_BODY_LIMIT_BYTES (64 kB). */
  bodyLimitBytes?: number;
  /**
   * The folder of trace files the throttle resolves names in, if any: `GET /_origin/traces` lists
   * its traces after the network profiles.
   */
  tracesDir?: string | undefined;
  /** Names for `GET /_origin/traces`. Defaults to the network profiles, then the traces in `tracesDir`. */
  listTraces?: () => Promise<string[]>;
}

/** Everything this plugin answers lives under these paths; other `/_origin/` paths are left to the server. */
const SESSIONS_PATH = `${CONTROL_PREFIX}sessions`;
const TRACES_PATH = `${CONTROL_PREFIX}traces`;

/**
 * The session control API, as a plugin `route`:
 *
 * | route                                  | methods                | body / answer |
 * |----------------------------------------|------------------------|---------------|
 * | `/_origin/sessions`                    | GET                    | `{ sessions: [ids] }` |
 * | `/_origin/sessions/<id>`               | GET, DELETE            | profile + faults; DELETE forgets profile, clock, stats, rules and log entries |
 * | `/_origin/sessions/<id>/profile`       | GET, PUT, DELETE       | PUT `{ "kbps": 800, "rttMs": 40, "jitterMs": 5 }`, `{ "trace": "slow-4g" }` (a network profile, with its own RTT unless `rttMs` is given), `{ "trace": "<name>", "traceMode": "loop" }`, `{ "trace": { "steps": [...] } }`, `{ "unlimited": true }`; DELETE: back to the default |
 * | `/_origin/sessions/<id>/faults`        | GET, PUT, POST, DELETE | PUT `[rule, …]` or `{ "rules": [...] }` replaces; POST one rule appends; DELETE: back to the default rules |
 * | `/_origin/sessions/<id>/stats`         | GET                    | bytes per second delivered vs allowed, session clock |
 * | `/_origin/sessions/<id>/report`        | GET                    | request counts, applied faults, played view + summary |
 * | `/_origin/sessions/<id>/log`           | GET                    | the session's log entries (`?since=<id>&kind=media`) |
 * | `/_origin/traces`                      | GET                    | `{ traces: [names] }` usable as `trace`: the network profiles, then the traces in `tracesDir` |
 *
 * Every answer is JSON; every error is `{ error: { code, message, reason?, field? } }` with 400
 * (bad body or id; `TOO_DEEP` past 32 levels of nesting), 404, 405 or 413 (body over the limit).
 * Nothing a client sends can throw out of the route. Before it runs, the server has answered
 * requests from pages that are not allowed (403), with a foreign `Host` (421) or a non-JSON body
 * (415): these paths are under `/_origin/`, an API (http/access.ts).
 */
export function createControlPlugin(options: ControlPluginOptions): OriginPlugin {
  const limitBytes = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const listTraces = options.listTraces ?? (() => listTraceRefs({ tracesDir: options.tracesDir }));
  return {
    name: 'control',
    async route(req, res, ctx) {
      const path = routePath(ctx.path);
      if (path !== SESSIONS_PATH && !path.startsWith(`${SESSIONS_PATH}/`) && path !== TRACES_PATH) return false;
      try {
        if (path === TRACES_PATH) {
          allow(req, 'GET');
          sendJson(res, 200, { traces: await listTraces() });
        } else {
          await sessionRoute(req, res, ctx, path.slice(SESSIONS_PATH.length + 1), options, limitBytes);
        }
      } catch (error) {
        sendControlError(res, toControlError(error, linkControlError, faultControlError));
      }
      return true;
    },
  };
}

async function sessionRoute(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: RequestContext,
  rest: string,
  options: ControlPluginOptions,
  limitBytes: number,
): Promise<void> {
  const { throttle, faults, sessions } = options;
  if (rest === '') {
    allow(req, 'GET');
    return sendJson(res, 200, { sessions: sessions.list() });
  }
  const [id = '', part, ...extra] = rest.split('/');
  if (!isSessionId(id)) throw new ControlError('BAD_SESSION', `not a session id: ${JSON.stringify(id)} (1 to 64 of A-Z a-z 0-9 _ -)`);
  if (extra.length > 0) throw notFound(ctx.path);
  const method = allow(req, ROUTE_METHODS[part ?? ''] ?? '') ?? '';

  switch (part) {
    case undefined:
      if (method === 'DELETE') return sendJson(res, 200, { session: id, forgotten: sessions.forget(id) });
      return sendJson(res, 200, { session: id, profile: throttle.describe(id), faults: faults.describe(id) });
    case 'profile':
      if (method === 'PUT') await throttle.setProfileSpec(id, parseProfileBody(await readJsonBody(req, limitBytes)), 'control');
      else if (method === 'DELETE') throttle.resetProfile(id);
      return sendJson(res, 200, throttle.describe(id));
    case 'faults':
      if (method === 'PUT') faults.setRules(id, parseRules(await readJsonBody(req, limitBytes)));
      else if (method === 'POST') faults.addRule(id, parseRule(await readJsonBody(req, limitBytes)));
      else if (method === 'DELETE') faults.clearRules(id);
      return sendJson(res, 200, faults.describe(id));
    case 'stats':
      return sendJson(res, 200, throttle.stats(id));
    case 'report':
      return sendJson(res, 200, await sessions.report(id));
    case 'log': {
      const filter = parseLogFilter({ query: withoutSession(ctx.query), session: id });
      if (typeof filter === 'string') throw new ControlError('BAD_QUERY', filter);
      return sendJson(res, 200, sessions.entries(id, filter));
    }
    default:
      throw notFound(ctx.path);
  }
}

/** Methods of each route under `/_origin/sessions/<id>` (`''`: the session itself). */
const ROUTE_METHODS: Record<string, string> = {
  '': 'GET, DELETE',
  profile: 'GET, PUT, DELETE',
  faults: 'GET, PUT, POST, DELETE',
  stats: 'GET',
  report: 'GET',
  log: 'GET',
};

/**
 * The request's method (HEAD read as GET) if `methods` lists it; else throws `METHOD_NOT_ALLOWED`.
 * An empty list (unknown route) passes, so the caller answers 404.
 */
function allow(req: IncomingMessage, methods: string): string | undefined {
  if (methods === '') return undefined;
  const method = routeMethod(req);
  const allowed = methods.split(', ');
  if (allowed.includes(method)) return method;
  const header = `${allowed.includes('GET') ? `${methods}, HEAD` : methods}, OPTIONS`;
  throw new ControlError('METHOD_NOT_ALLOWED', `${req.method ?? ''} is not allowed here; use ${methods}`, { allow: header });
}

function notFound(path: string): ControlError {
  return new ControlError('NOT_FOUND', `no control route ${path}`);
}

function withoutSession(query: URLSearchParams): URLSearchParams {
  const copy = new URLSearchParams(query);
  copy.delete('session');
  return copy;
}

/** A rule as JSON, or as a JSON string in the CLI grammar (`"503@media:seg=5-8,count=3"`). */
function parseRule(json: unknown): FaultRule {
  return typeof json === 'string' ? parseFaultRuleCli(json) : parseFaultRuleJson(json);
}

function parseRules(json: unknown): FaultRule[] {
  if (Array.isArray(json)) return json.map(parseRule);
  if (json !== null && typeof json === 'object' && Array.isArray((json as { rules?: unknown }).rules)) {
    return (json as { rules: unknown[] }).rules.map(parseRule);
  }
  return [...parseFaultRulesJson(json)];
}
