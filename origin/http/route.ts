import type { IncomingMessage } from 'node:http';

/** Helpers for plugin `route` hooks. */

/** The path a route matches on: `ctx.path` without one trailing slash (`/` stays `/`). */
export function routePath(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** The request's method, HEAD read as GET (a route answers HEAD as it answers GET); GET when missing. */
export function routeMethod(req: IncomingMessage): string {
  return req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
}
