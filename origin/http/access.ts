import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { CodedError } from '../../contracts/coded-error.js';
import { ControlError } from './control-error.js';

/**
 * Who may use the origin's APIs: the control API and request log (`/_origin/…`), the beacon
 * collector (`/beacons…`) and the resume API (`/progress/…`). The origin is a dev/QA tool bound to
 * loopback, but the browsers on that machine also visit the web, so an API request must
 *
 *  - name this server in `Host` (a loopback name or the bound address, with the server's port, or a
 *    configured extra host): anything else is DNS rebinding → 421 `MISDIRECTED_HOST`;
 *  - come from an allowed page when it carries `Origin` (loopback origins on any port, plus the
 *    configured ones) → else 403 `FORBIDDEN_ORIGIN`; a browser request without `Origin` that says
 *    it comes from another site (`Sec-Fetch-Site: cross-site | same-site`: an `<img>`, `<script>`)
 *    is refused the same way;
 *  - send its body as `application/json` where the route takes JSON (a page can only send
 *    text/plain, form and multipart bodies without a CORS preflight) → else 415.
 *
 * Simple cross-origin requests still execute in the browser whatever CORS says, so these checks
 * happen on the server, before any route runs. Media (ladder files) stays readable from any page;
 * see server/cors.ts. Pure except for reading request headers.
 */

/** Loopback host names a page or a Host header may use, with any port (origins) or the server's port (Host). */
export const LOOPBACK_HOSTNAMES: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

/** What an API route needs, as a plugin declares it (`OriginPlugin.apiRoute`). */
export interface ApiRoute {
  /** `json`: a body must be `application/json` (415 otherwise). `any`: any type (`sendBeacon` sends text/plain). */
  readonly body: 'json' | 'any';
  /** Allowed origins may send credentials (cookies): `Access-Control-Allow-Credentials: true` on its answers. */
  readonly credentials: boolean;
}

/** The control API and request log (`/_origin/…`): JSON bodies, no credentials. */
export const CONTROL_API_ROUTE: ApiRoute = Object.freeze({ body: 'json', credentials: false });

export type AccessConfigErrorCode =
  /** A `--cors-origin` / `corsOrigins` entry that is not `scheme://host[:port]` (or `:*`). */
  | 'BAD_CORS_ORIGIN'
  /** A `--allowed-host` / `allowedHosts` entry that is not `host[:port]`. */
  | 'BAD_ALLOWED_HOST';

/** A bad access option (`corsOrigins`, `allowedHosts`); `createOrigin` rejects with it, the CLI prints it. */
export class AccessConfigError extends CodedError<AccessConfigErrorCode> {
  override readonly name = 'AccessConfigError';
}

/** Extra pages and host names the APIs accept, besides loopback. */
export interface AccessOptions {
  /**
   * Page origins allowed besides loopback (`http://127.0.0.1:*`, `http://localhost:*`,
   * `http://[::1]:*`): `https://my-app.test`, `http://192.168.1.20:5173`, or `http://box.local:*`
   * for any port. Defaults to none.
   */
  corsOrigins?: readonly string[];
  /**
   * Host names (optionally `:port`) the APIs answer to besides loopback names and the bound
   * address, e.g. `box.local` or `localhost:9000` behind a port mapping. Without a port, the
   * server's own. Defaults to none.
   */
  allowedHosts?: readonly string[];
}

interface OriginPattern {
  readonly protocol: string;
  readonly hostname: string;
  /** The port as the URL serializes it ('' for the scheme's default), or '*'. */
  readonly port: string;
}

interface HostPattern {
  readonly hostname: string;
  /** null: the server's port. */
  readonly port: number | null;
}

/**
 * `scheme://host[:port]` (or `:*`) in canonical form, the way browsers send `Origin`
 * (`HTTP://Example.test:443/` → `http://example.test:443`). Throws AccessConfigError.
 */
export function parseCorsOrigin(text: string): string {
  const pattern = readOriginPattern(text);
  return formatOriginPattern(pattern);
}

/** `host[:port]` in canonical form (`Box.Local` → `box.local`). Throws AccessConfigError. */
export function parseAllowedHost(text: string): string {
  const pattern = readHostPattern(text.trim());
  if (pattern === null) throw new AccessConfigError('BAD_ALLOWED_HOST', `not a host name or host:port: ${JSON.stringify(text)}`);
  return pattern.port === null ? pattern.hostname : `${pattern.hostname}:${pattern.port}`;
}

/** Who may use the APIs of one listening server. Build it once the port is known. */
export class AccessPolicy {
  readonly #origins: readonly OriginPattern[];
  readonly #hosts: readonly HostPattern[];
  readonly #port: number;
  readonly #wildcardBind: boolean;

  /**
   * `boundHost`: the address the server listens on (`127.0.0.1`, `::`, `0.0.0.0`, a LAN address,
   * `localhost`); `port`: the port it got. Throws AccessConfigError for a bad option.
   */
  constructor(options: AccessOptions & { boundHost: string; port: number }) {
    this.#port = options.port;
    this.#origins = (options.corsOrigins ?? []).map(readOriginPattern);
    const hosts: HostPattern[] = (options.allowedHosts ?? []).map((text) => {
      const pattern = readHostPattern(text.trim());
      if (pattern === null) throw new AccessConfigError('BAD_ALLOWED_HOST', `not a host name or host:port: ${JSON.stringify(text)}`);
      return pattern;
    });
    const bound = options.boundHost.trim().toLowerCase();
    this.#wildcardBind = bound === '' || bound === '0.0.0.0' || bound === '::' || bound === '[::]';
    if (!this.#wildcardBind) hosts.push({ hostname: isIP(bound) === 6 ? `[${bound}]` : bound, port: null });
    this.#hosts = hosts;
  }

  /** The configured origins, canonical (loopback ones are implied and not listed). */
  get corsOrigins(): string[] {
    return this.#origins.map(formatOriginPattern);
  }

  /** Whether a page of `origin` (an `Origin` header) may use the APIs and read answers with credentials. */
  isAllowedOrigin(origin: string): boolean {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false; // 'null' (sandboxed frames, file://) and garbage
    }
    if (url.origin === 'null' || url.origin !== origin.trim().toLowerCase()) return false;
    if ((url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTNAMES.includes(url.hostname)) return true;
    return this.#origins.some(
      (pattern) => pattern.protocol === url.protocol && pattern.hostname === url.hostname && (pattern.port === '*' || pattern.port === url.port),
    );
  }

  /**
   * Whether a `Host` header names this server: a loopback name or the bound address with the
   * server's port, a configured extra host, or (when bound to every interface) any IP address
   * with the server's port (a request for an IP literal reached us, so that page is ours; DNS
   * rebinding needs a name).
   */
  isAllowedHost(host: string | undefined): boolean {
    if (host === undefined) return false;
    const pattern = readHostPattern(host);
    if (pattern === null) return false;
    const port = pattern.port ?? 80;
    if (port === this.#port && LOOPBACK_HOSTNAMES.includes(pattern.hostname)) return true;
    if (port === this.#port && this.#wildcardBind && isIP(pattern.hostname.replace(/^\[|\]$/g, '')) !== 0) return true;
    return this.#hosts.some((allowed) => allowed.hostname === pattern.hostname && (allowed.port ?? this.#port) === port);
  }
}

/** What the server learnt about a request's sender, for the API checks (`accessError`). */
export interface RequestAccess {
  /** The `Origin` header, or null when there is none. */
  readonly origin: string | null;
  /** `origin` is a loopback or configured origin. */
  readonly originAllowed: boolean;
  /** `Host` names this server. */
  readonly hostAllowed: boolean;
  /** A browser request without `Origin` that says it comes from another site (`Sec-Fetch-Site`). */
  readonly crossSiteWithoutOrigin: boolean;
}

/** The request's `RequestAccess` under `policy`. */
export function accessOf(req: IncomingMessage, policy: AccessPolicy): RequestAccess {
  const rawOrigin = req.headers.origin;
  const origin = typeof rawOrigin === 'string' && rawOrigin !== '' ? rawOrigin : null;
  const site = req.headers['sec-fetch-site'];
  return {
    origin,
    originAllowed: origin !== null && policy.isAllowedOrigin(origin),
    hostAllowed: policy.isAllowedHost(req.headers.host),
    crossSiteWithoutOrigin: origin === null && (site === 'cross-site' || site === 'same-site'),
  };
}

/**
 * Why the sender may not use an API (or change state from a URL), or null when it may:
 * `MISDIRECTED_HOST` (421) for a Host that is not this server, `FORBIDDEN_ORIGIN` (403) for a page
 * that is not allowed.
 */
export function accessError(access: RequestAccess): ControlError | null {
  if (!access.hostAllowed) {
    return new ControlError('MISDIRECTED_HOST', 'the Host header does not name this server: use 127.0.0.1, localhost or [::1] with its port (or add the name with --allowed-host)');
  }
  if (access.origin !== null && !access.originAllowed) {
    return new ControlError('FORBIDDEN_ORIGIN', `pages on ${JSON.stringify(access.origin)} may not use this API: only loopback origins and those given with --cors-origin`);
  }
  if (access.crossSiteWithoutOrigin) {
    return new ControlError('FORBIDDEN_ORIGIN', 'cross-site requests without an allowed Origin may not use this API');
  }
  return null;
}

/**
 * For a route taking `json` bodies: 415 `UNSUPPORTED_MEDIA_TYPE` when a request that may carry a
 * body (anything but GET, HEAD, OPTIONS) declares a type other than `application/json` (or
 * `…+json`), or has a body without declaring one. Null when fine; GET, HEAD and OPTIONS always are.
 */
export function bodyTypeError(req: IncomingMessage, route: ApiRoute): ControlError | null {
  if (route.body === 'any') return null;
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return null;
  const type = req.headers['content-type'];
  if (type === undefined) {
    return hasBody(req) ? new ControlError('UNSUPPORTED_MEDIA_TYPE', 'send the body with Content-Type: application/json') : null;
  }
  return isJsonType(type) ? null : new ControlError('UNSUPPORTED_MEDIA_TYPE', `Content-Type must be application/json, got ${JSON.stringify(type)}`);
}

/** `application/json`, or a `+json` type, with any parameters. */
export function isJsonType(contentType: string): boolean {
  const essence = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return essence === 'application/json' || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(essence);
}

function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? 0);
  return !Number.isFinite(length) || length > 0;
}

function readOriginPattern(text: string): OriginPattern {
  const source = text.trim();
  const bad = (why: string): AccessConfigError =>
    new AccessConfigError('BAD_CORS_ORIGIN', `${JSON.stringify(text)} is not an origin (${why}): expected scheme://host[:port], e.g. http://192.168.1.20:5173 or https://my-app.test (":*" for any port)`);
  const anyPort = source.endsWith(':*');
  let url: URL;
  try {
    url = new URL(anyPort ? source.slice(0, -2) : source);
  } catch {
    throw bad('not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad('only http and https pages send an Origin');
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || url.pathname !== '/') throw bad('an origin has no path, query or user');
  if (anyPort && /:\d+$/.test(source.slice(0, -2))) throw bad('give a port or ":*", not both');
  return { protocol: url.protocol, hostname: url.hostname, port: anyPort ? '*' : url.port };
}

function formatOriginPattern(pattern: OriginPattern): string {
  return `${pattern.protocol}//${pattern.hostname}${pattern.port === '' ? '' : `:${pattern.port}`}`;
}

/** `host[:port]` as a Host header or an `allowedHosts` entry has it; null when it is not one. */
function readHostPattern(text: string): HostPattern | null {
  // A Host header is a bare authority: no user, path, query, spaces (URL would accept `evil@127.0.0.1`).
  if (text === '' || text.length > 255 || /[\s@/\\?#]/.test(text)) return null;
  let url: URL;
  try {
    url = new URL(`http://${text}`);
  } catch {
    return null;
  }
  if (url.hostname === '') return null;
  const explicitPort = /:(\d+)$/.exec(text);
  return { hostname: url.hostname, port: explicitPort === null ? null : Number(explicitPort[1]) };
}
