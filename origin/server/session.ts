import type { IncomingHttpHeaders } from 'node:http';

/** A session id: 1 to 64 of `[A-Za-z0-9_-]`, so it is safe in a path, a header and a file name. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Header a client may send instead of the `/s/<session>/` path prefix. */
export const SESSION_HEADER = 'x-vod-session';

const SESSION_PREFIX = /^\/s\/([A-Za-z0-9_-]{1,64})(\/.*)$/s;

export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID_PATTERN.test(value);
}

export interface SessionSplit {
  session: string | null;
  /** The request path with any `/s/<session>` prefix removed, still percent-encoded. */
  rawPath: string;
}

/**
 * Finds the session of a request: the `/s/<session>/` prefix of the raw (still encoded) path
 * wins, then the `x-vod-session` header, else null. A header that is not a valid session id is
 * ignored. A prefix that is not valid is not stripped, so that request simply 404s.
 */
export function splitSession(rawPath: string, headers: IncomingHttpHeaders): SessionSplit {
  const match = SESSION_PREFIX.exec(rawPath);
  if (match !== null) return { session: match[1] ?? null, rawPath: match[2] ?? '/' };
  const header = headers[SESSION_HEADER];
  return { session: isSessionId(header) ? header : null, rawPath };
}

/** `withSession('/master.m3u8', 'test-42')` → `/s/test-42/master.m3u8`. */
export function withSession(path: string, session: string): string {
  if (!isSessionId(session)) throw new RangeError(`invalid session id: ${JSON.stringify(session)}`);
  return `/s/${session}${path.startsWith('/') ? path : `/${path}`}`;
}

/**
 * Requests without a session (no `/s/<id>/` prefix, no `x-vod-session` header) share one link and
 * one fault state under this key. It is not a valid session id (`isSessionId('')` is false), so no
 * client can name it through the control API; only the defaults (CLI, `createOrigin` options) and
 * a profile query on a session-less manifest URL reach it.
 */
export const NO_SESSION_KEY = '';

/** The key a request's per-session state (throttle link, fault state) lives under. */
export function sessionKey(session: string | null): string {
  return session ?? NO_SESSION_KEY;
}
