import type { ServerResponse } from 'node:http';

/** Sends a small JSON body, never cached. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

/** Sends `{ error, message }` with `status`. */
export function sendError(res: ServerResponse, status: number, error: string, message: string): void {
  sendJson(res, status, { error, message });
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
