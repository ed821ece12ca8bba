import type { IncomingMessage, ServerResponse } from 'node:http';

export const CORS_ALLOWED_METHODS = 'GET, HEAD, POST, PUT, DELETE, OPTIONS';
export const CORS_EXPOSED_HEADERS = 'Content-Length, Content-Range, Accept-Ranges, ETag, Last-Modified';
/** Allowed when a preflight names no headers. Preflights that name headers get them echoed back. */
export const CORS_DEFAULT_ALLOWED_HEADERS =
  'Range, Content-Type, If-Range, If-None-Match, X-Vod-Session, CMCD-Request, CMCD-Object, CMCD-Status, CMCD-Session';
export const CORS_MAX_AGE_SEC = 600;

const HEADER_LIST = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$/;

/**
 * Adds CORS headers to every response. A request with `Origin` gets it echoed with
 * `Access-Control-Allow-Credentials: true` (so `sendBeacon` and credentialed fetches work);
 * one without gets `*`.
 */
export function applyCorsHeaders(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== '') {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
  } else {
    res.setHeader('Access-Control-Allow-Origin', '*');
  }
  res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSED_HEADERS);
  // Resource Timing's detailed timings (TTFB) and sizes are visible to pages on other origins.
  res.setHeader('Timing-Allow-Origin', '*');
}

/**
 * Answers an OPTIONS request (preflight or not) with 204. Any header list the browser asks for
 * (Range, `x-*`, CMCD, …) is allowed, as long as it is a well-formed list of header names.
 */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  const requested = req.headers['access-control-request-headers'];
  const allowHeaders =
    typeof requested === 'string' && HEADER_LIST.test(requested.trim()) ? requested.trim() : CORS_DEFAULT_ALLOWED_HEADERS;
  res.setHeader('Access-Control-Allow-Methods', CORS_ALLOWED_METHODS);
  res.setHeader('Access-Control-Allow-Headers', allowHeaders);
  res.setHeader('Access-Control-Max-Age', String(CORS_MAX_AGE_SEC));
  if (req.headers['access-control-request-private-network'] === 'true') {
    res.setHeader('Access-Control-Allow-Private-Network', 'true');
  }
  res.setHeader('Allow', CORS_ALLOWED_METHODS);
  res.setHeader('Content-Length', '0');
  res.writeHead(204).end();
}
