import type { ServerResponse } from 'node:http';

/**
 * Writing answers: the one JSON responder of the origin, for the server's own routes and every
 * plugin (control API, collector, resume API, throttle, faults).
 */

/**
 * A small JSON answer, never cached. Infinity and NaN become null, as in JSON.stringify. Does
 * nothing once the headers went out or the response was destroyed (the client left).
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

/** The error object of a JSON API answer: an UPPER_SNAKE_CASE `code`, a `message` for a person, and details (`field`, `reason`, …). */
export interface JsonError {
  code: string;
  message: string;
  [detail: string]: unknown;
}

export interface JsonErrorOptions {
  /** Headers to add (`Allow`, `Retry-After`, `WWW-Authenticate`, …). */
  headers?: Readonly<Record<string, string>>;
  /** Close the connection after the answer (the rest of an oversized body is never read, so it cannot be drained). */
  closeConnection?: boolean;
  /** Top-level fields after `error` (`serverTimeMs`, `current`, …). */
  extra?: object;
}

/** Answers `{ error: { code, message, … }, …extra }` with `status`, never cached. */
export function sendJsonError(res: ServerResponse, status: number, error: JsonError, options: JsonErrorOptions = {}): void {
  if (res.headersSent || res.destroyed) return;
  for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);
  if (options.closeConnection === true) res.setHeader('Connection', 'close');
  sendJson(res, status, { error, ...options.extra });
}

/**
 * The server's own short error answer, `{ error: CODE, message }` (static files, the built-in
 * `/_origin/health` and `/_origin/log` routes, injected status faults).
 */
export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: code, message });
}

/**
 * Removes the headers a static response had set up (Content-Range, ETag, …) before an error
 * response replaces it; CORS headers and Vary stay.
 */
export function clearNonCorsHeaders(res: ServerResponse): void {
  for (const name of res.getHeaderNames()) {
    if (!name.startsWith('access-control-') && name !== 'vary') res.removeHeader(name);
  }
}
