import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiRoute, RequestAccess } from '../http/access.js';

export const CORS_ALLOWED_METHODS = 'GET, HEAD, POST, PUT, DELETE, OPTIONS';
/** What a page that is not allowed may do with ladder files (and nothing else). */
export const CORS_MEDIA_METHODS = 'GET, HEAD, OPTIONS';
export const CORS_EXPOSED_HEADERS = 'Content-Length, Content-Range, Accept-Ranges, ETag, Last-Modified, Retry-After';
/** Allowed when a preflight names no headers. Preflights that name headers get them echoed back. */
export const CORS_DEFAULT_ALLOWED_HEADERS =
  'Range, Content-Type, If-Range, If-None-Match, X-Vod-Session, CMCD-Request, CMCD-Object, CMCD-Status, CMCD-Session';
export const CORS_MAX_AGE_SEC = 600;

const HEADER_LIST = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$/;

/**
 * CORS for every response. `api` is the route's ApiRoute when the request is for an API (control,
 * request log, collector, resume), null for ladder files (media).
 *
 * | request                      | media (ladder files)                         | API |
 * |------------------------------|----------------------------------------------|-----|
 * | no `Origin` (Node, curl)     | `Allow-Origin: *`                            | `Allow-Origin: *` (no browser reads it) |
 * | allowed `Origin`             | echoed, `Allow-Credentials: true`            | echoed; `Allow-Credentials` only where the route needs credentials (beacons, resume API) |
 * | any other `Origin`           | `Allow-Origin: *`, never credentials         | nothing (and the server refuses the request: http/access.ts) |
 *
 * Allowed origins: loopback pages on any port plus `--cors-origin` / `corsOrigins` (see
 * http/access.ts). Ladder files stay readable by any page without credentials: they are the
 * public test content, and any page could show them in a `<video>` anyway. `Vary: Origin` always.
 */
export function applyCorsHeaders(res: ServerResponse, access: RequestAccess, api: ApiRoute | null): void {
  res.setHeader('Vary', 'Origin');
  const allowed = access.origin !== null && access.originAllowed;
  if (allowed) {
    res.setHeader('Access-Control-Allow-Origin', access.origin as string);
    if (api === null || api.credentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
    else res.removeHeader('Access-Control-Allow-Credentials');
  } else {
    res.removeHeader('Access-Control-Allow-Credentials');
    if (api === null || access.origin === null) res.setHeader('Access-Control-Allow-Origin', '*');
    else res.removeHeader('Access-Control-Allow-Origin');
  }
  res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSED_HEADERS);
  // Resource Timing's detailed timings (TTFB) and sizes of media are visible to pages on other origins.
  if (api === null) res.setHeader('Timing-Allow-Origin', '*');
  else res.removeHeader('Timing-Allow-Origin');
}

/**
 * Answers an OPTIONS request (preflight or not), after `applyCorsHeaders`:
 *  - allowed origin (or none): 204 with every method, any well-formed header list the browser asks
 *    for (Range, `x-*`, CMCD, Authorization, …), and `Access-Control-Allow-Private-Network` when
 *    asked (a public page reaching loopback; only ever for allowed origins);
 *  - another origin, for media: 204 with GET, HEAD and the headers, no private-network grant (the
 *    caller answered API preflights from such pages with 403 already).
 */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, access: RequestAccess): void {
  const requested = req.headers['access-control-request-headers'];
  const allowHeaders =
    typeof requested === 'string' && HEADER_LIST.test(requested.trim()) ? requested.trim() : CORS_DEFAULT_ALLOWED_HEADERS;
  const trusted = access.origin === null || access.originAllowed;
  const methods = trusted ? CORS_ALLOWED_METHODS : CORS_MEDIA_METHODS;
  res.setHeader('Access-Control-Allow-Methods', methods);
  res.setHeader('Access-Control-Allow-Headers', allowHeaders);
  res.setHeader('Access-Control-Max-Age', String(CORS_MAX_AGE_SEC));
  if (access.originAllowed && req.headers['access-control-request-private-network'] === 'true') {
    res.setHeader('Access-Control-Allow-Private-Network', 'true');
  }
  res.setHeader('Allow', methods);
  res.setHeader('Content-Length', '0');
  res.writeHead(204).end();
}
