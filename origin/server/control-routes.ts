import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestLog, RequestLogFilter } from './request-log.js';
import { sendError, sendJson } from '../http/respond.js';
import { isSessionId } from './session.js';
import type { FileKind, RequestContext } from './types.js';

/**
 * Paths under this prefix are the origin's control API, never ladder files. Plugins add their
 * own routes under it (`/_origin/sessions/<id>/profile`, faults, …). Requests to it are not
 * written to the request log, so polling the log does not fill it, and they are an API: only
 * allowed pages, through a Host naming the server, with JSON bodies (http/access.ts).
 */
export const CONTROL_PREFIX = '/_origin/';

export function isControlPath(path: string): boolean {
  return path === '/_origin' || path.startsWith(CONTROL_PREFIX);
}

const FILE_KINDS: ReadonlySet<string> = new Set<FileKind>(['manifest', 'init', 'media', 'audio', 'text', 'thumbnail', 'other']);

/**
 * The built-in control routes:
 *  - `GET /_origin/health` → `{ ok: true }`;
 *  - `GET /_origin/log?session=<id>&since=<id>&kind=media,audio&method=GET` → JSON array of entries;
 *  - `DELETE /_origin/log?session=<id>` → `{ cleared: <count> }`.
 *
 * `session=` (empty) selects requests without a session; no `session` parameter selects all,
 * unless the request itself came through `/s/<id>/_origin/log`, which selects that session.
 * Returns false for any other path (the caller answers 404).
 */
export function handleControlRoute(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, log: RequestLog): boolean {
  const method = req.method ?? 'GET';
  switch (ctx.path) {
    case '/_origin/health':
      if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD, OPTIONS');
      sendJson(res, 200, { ok: true });
      return true;
    case '/_origin/log': {
      if (method !== 'GET' && method !== 'HEAD' && method !== 'DELETE') return methodNotAllowed(res, 'GET, HEAD, DELETE, OPTIONS');
      const filter = parseLogFilter(ctx);
      if (typeof filter === 'string') {
        sendError(res, 400, 'BAD_REQUEST', filter);
        return true;
      }
      if (method === 'DELETE') sendJson(res, 200, { cleared: log.clear(filter.session) });
      else sendJson(res, 200, log.entries(filter));
      return true;
    }
    default:
      return false;
  }
}

/** The filter a log request asks for, or a message saying what is wrong with it. */
export function parseLogFilter(ctx: Pick<RequestContext, 'query' | 'session'>): RequestLogFilter | string {
  const filter: RequestLogFilter = {};
  const session = ctx.query.get('session');
  if (session === '') filter.session = null;
  else if (session !== null) {
    if (!isSessionId(session)) return `invalid session: ${session}`;
    filter.session = session;
  } else if (ctx.session !== null) filter.session = ctx.session;

  const since = ctx.query.get('since');
  if (since !== null) {
    if (!/^\d{1,15}$/.test(since)) return `since must be a non-negative integer, got ${since}`;
    filter.sinceId = Number(since);
  }

  const kind = ctx.query.get('kind');
  if (kind !== null) {
    const kinds = kind.split(',').filter((k) => k !== '');
    const unknown = kinds.find((k) => !FILE_KINDS.has(k));
    if (unknown !== undefined) return `unknown kind: ${unknown}`;
    filter.kind = kinds as FileKind[];
  }

  const method = ctx.query.get('method');
  if (method !== null) filter.method = method.toUpperCase();
  return filter;
}

function methodNotAllowed(res: ServerResponse, allow: string): true {
  res.setHeader('Allow', allow);
  sendError(res, 405, 'METHOD_NOT_ALLOWED', `allowed: ${allow}`);
  return true;
}
