import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { classifyPath } from './classify.js';
import { readCmcd } from './cmcd.js';
import { readCustomHeaders } from './custom-headers.js';
import { handleControlRoute, isControlPath } from './control-routes.js';
import { answerPreflight, applyCorsHeaders } from './cors.js';
import { OriginError, pluginFailure } from './errors.js';
import { accessError, accessOf, bodyTypeError, CONTROL_API_ROUTE, type AccessPolicy, type ApiRoute } from '../http/access.js';
import { sendControlError } from '../http/control-error.js';
import { decodeUrlPath, splitTarget } from './paths.js';
import type { RequestLog } from './request-log.js';
import { clearNonCorsHeaders, sendError } from '../http/respond.js';
import { meterResponse } from './response-meter.js';
import { splitSession } from './session.js';
import { readLadderFile, serveStaticFile } from './static-file.js';
import type { OriginPlugin, RequestContext, RequestLogEntry } from './types.js';

export interface RequestHandlerOptions {
  /** Real path of the ladder directory. */
  root: string;
  log: RequestLog;
  /** The plugins in order, read on every request (plugins can be added while running). */
  plugins(): readonly OriginPlugin[];
  /** Who may use the APIs; read on every request (the policy needs the port, known once listening). */
  access(): AccessPolicy;
  /** Told about every server-side failure (plugin threw, file read failed); never throws. */
  onError(error: OriginError, entry: RequestLogEntry | null): void;
}

/** Static files may be fetched with these; anything else must be claimed by a plugin route. */
const STATIC_METHODS = 'GET, HEAD, OPTIONS';
/** If a client never drains after the server cut a body short, stop waiting for it. */
const CUT_GRACE_MS = 2_000;

export interface RequestHandler {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Resolves once every request received so far has completed and been logged. */
  whenIdle(): Promise<void>;
}

/**
 * The origin's request pipeline:
 *   CORS headers → target, session, path (400 when malformed) → API access checks for API paths
 *   (`/_origin/…` and what plugins declare with `apiRoute`: 421 / 403 / 415, http/access.ts) →
 *   OPTIONS preflight → plugin `route`s → built-in `/_origin/` routes → GET/HEAD only (405) →
 *   plugin `beforeResponse`s → the static file, streamed through plugin `wrapBody`s.
 * Every request except `/_origin/` ones ends up as one RequestLogEntry, written when the
 * response finishes or the connection closes. Nothing a client or a plugin does escapes as an
 * exception: failures become a 500, or a dropped connection once headers are out.
 */
export function createRequestHandler(options: RequestHandlerOptions): RequestHandler {
  let inFlight = 0;
  let idleWaiters: Array<() => void> = [];
  const settled = (): void => {
    inFlight -= 1;
    if (inFlight > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };
  return {
    handle(req, res) {
      inFlight += 1;
      void handleRequest(req, res, options, settled);
    },
    whenIdle() {
      return inFlight === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}

async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: RequestHandlerOptions,
  onComplete: () => void,
): Promise<void> {
  const arrivedAt = performance.now();
  const entry: RequestLogEntry = {
    id: 0,
    session: null,
    startMs: Date.now(),
    method: req.method ?? 'GET',
    path: req.url ?? '',
    query: '',
    kind: 'other',
    rung: null,
    segment: null,
    status: 0,
    bytes: 0,
    transferMs: 0,
    aborted: false,
    range: typeof req.headers.range === 'string' ? req.headers.range : null,
    fault: null,
  };
  const meter = meterResponse(res);
  let closed = false;
  let serverCut = false;
  let completed = false;

  const complete = (aborted: boolean): void => {
    if (completed) return;
    completed = true;
    entry.status = res.headersSent ? res.statusCode : 0;
    entry.bytes = res.writableFinished ? meter.handedBytes : meter.flushedBytes;
    entry.aborted = aborted;
    entry.transferMs = Math.round((performance.now() - arrivedAt) * 1000) / 1000;
    try {
      if (!isControlPath(entry.path)) entry.id = options.log.add(entry).id;
    } finally {
      onComplete();
    }
  };
  res.once('finish', () => complete(false));
  res.once('close', () => {
    closed = true;
    complete(!serverCut && !isBodyDelivered(res, meter.flushedBytes));
  });
  // Both emit 'error' when the peer resets; the 'close' handler above is what matters.
  req.on('error', () => undefined);
  res.on('error', () => undefined);

  /** Ends the connection after the bytes already written, as an origin failing mid-body would. */
  const cutConnection = (): void => {
    if (serverCut || closed) return;
    serverCut = true;
    const socket = res.socket;
    if (!res.headersSent) res.flushHeaders();
    if (socket === null) {
      res.destroy();
      return;
    }
    setTimeout(() => socket.destroy(), CUT_GRACE_MS).unref();
    socket.end(() => socket.destroy());
  };

  try {
    await route(req, res, entry, options);
  } catch (error) {
    const failure = error instanceof OriginError ? error : new OriginError('INTERNAL', messageOf(error), { cause: error });
    if (failure.code === 'CLIENT_GONE' || (closed && !serverCut) || res.writableEnded) return;
    entry.error = failure.message;
    if (failure.code !== 'BODY_TRUNCATED') reportQuietly(options, failure, entry);
    if (failure.code === 'BODY_TRUNCATED' || res.headersSent) {
      cutConnection();
    } else {
      clearNonCorsHeaders(res);
      sendError(res, 500, failure.code === 'PLUGIN_FAILED' ? 'PLUGIN_FAILED' : 'INTERNAL_ERROR', failure.message);
    }
  }
}

async function route(req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry, options: RequestHandlerOptions): Promise<void> {
  const access = accessOf(req, options.access());
  applyCorsHeaders(res, access, null);
  const target = splitTarget(req.url ?? '');
  if (target === null) return sendError(res, 400, 'BAD_REQUEST', 'the request target must be a path');

  const { session, rawPath } = splitSession(target.rawPath, req.headers);
  entry.session = session;
  entry.query = target.query;
  const cmcd = readCmcd(req.headers, target.query);
  if (cmcd !== null) entry.cmcd = cmcd;
  const headers = readCustomHeaders(req.headers);
  if (headers !== null) entry.headers = headers;
  entry.path = rawPath;
  const path = decodeUrlPath(rawPath);
  if (path === null) return sendError(res, 400, 'BAD_REQUEST', 'malformed path');

  const info = classifyPath(path);
  Object.assign(entry, info, { path });
  const ctx: RequestContext = {
    session,
    path,
    query: new URLSearchParams(target.query),
    info,
    entry,
    access,
    readFile: (maxBytes) => readLadderFile(options.root, rawPath, maxBytes),
  };

  const plugins = options.plugins();
  const api = apiRouteOf(req, path, plugins);
  if (api !== null) {
    applyCorsHeaders(res, access, api);
    const refused = accessError(access) ?? bodyTypeError(req, api);
    if (refused !== null) return sendControlError(res, refused);
  }

  if (req.method === 'OPTIONS') return answerPreflight(req, res, access);

  for (const plugin of plugins) {
    if (plugin.route === undefined) continue;
    const handled = await runHook(plugin, 'route', () => plugin.route?.(req, res, ctx));
    if (handled || isAnswered(res)) return;
  }

  if (isControlPath(path)) {
    if (!handleControlRoute(req, res, ctx, options.log)) sendError(res, 404, 'NOT_FOUND', 'no such control route');
    return;
  }

  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', STATIC_METHODS);
    return sendError(res, 405, 'METHOD_NOT_ALLOWED', `allowed: ${STATIC_METHODS}`);
  }

  for (const plugin of plugins) {
    if (plugin.beforeResponse === undefined) continue;
    const handled = await runHook(plugin, 'beforeResponse', () => plugin.beforeResponse?.(req, res, ctx));
    if (handled || isAnswered(res)) return;
  }

  await serveStaticFile(req, res, ctx, rawPath, { root: options.root, plugins });
}

/**
 * The API route a request is for, or null for a ladder file: `/_origin/…` is the control API;
 * otherwise the first plugin whose `apiRoute` claims the path. A preflight is judged by the method
 * it asks for.
 */
function apiRouteOf(req: IncomingMessage, path: string, plugins: readonly OriginPlugin[]): ApiRoute | null {
  if (isControlPath(path)) return CONTROL_API_ROUTE;
  const requested = req.headers['access-control-request-method'];
  const method = req.method === 'OPTIONS' && typeof requested === 'string' ? requested.toUpperCase() : (req.method ?? 'GET');
  for (const plugin of plugins) {
    if (plugin.apiRoute === undefined) continue;
    let route: ApiRoute | null;
    try {
      route = plugin.apiRoute(path, method);
    } catch (error) {
      throw pluginFailure(plugin.name, 'apiRoute', error);
    }
    if (route !== null) return route;
  }
  return null;
}

async function runHook(plugin: OriginPlugin, hook: string, call: () => boolean | Promise<boolean> | undefined): Promise<boolean> {
  try {
    return (await call()) === true;
  } catch (error) {
    throw pluginFailure(plugin.name, hook, error);
  }
}

/**
 * The connection closed before `res.end()`, but the client may already have every byte it was
 * promised (a `Connection: close` client hangs up as soon as it has Content-Length bytes).
 */
function isBodyDelivered(res: ServerResponse, flushedBytes: number): boolean {
  if (!res.headersSent) return false;
  if (res.req.method === 'HEAD') return true;
  const declaredBytes = Number(res.getHeader('content-length'));
  return Number.isFinite(declaredBytes) && flushedBytes >= declaredBytes;
}

/** A plugin already answered (even while returning false), or the client is gone. */
function isAnswered(res: ServerResponse): boolean {
  return res.headersSent || res.writableEnded || res.destroyed;
}

function reportQuietly(options: RequestHandlerOptions, error: OriginError, entry: RequestLogEntry): void {
  try {
    options.onError(error, entry);
  } catch {
    // A broken error reporter must not take the server down.
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
