/**
 * The mock origin: serves one ladder directory over HTTP for players and tests.
 *
 * - `/s/<session>/<path>` (or the `x-vod-session` header) ties requests to a session; relative
 *   URLs in manifests stay inside it. Every request (bar `/_origin/…`) is one RequestLogEntry.
 * - `/_origin/` is reserved for control routes: `health`, `log` built in; plugins add more.
 * - Plugins (`OriginPlugin`) hook in at three points: `route`, `beforeResponse`, `wrapBody`.
 *   See request-handler.ts for the exact order.
 */
import { realpath, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessPolicy, parseAllowedHost, parseCorsOrigin, type AccessOptions } from '../http/access.js';
import { OriginError } from './errors.js';
import { createRequestHandler, type RequestHandler } from './request-handler.js';
import { DEFAULT_LOG_LIMIT, RequestLog } from './request-log.js';
import type { OriginPlugin, RequestLogEntry } from './types.js';

export { CONTROL_PREFIX } from './control-routes.js';
export { OriginError, type OriginErrorCode } from './errors.js';
export { RequestLog, DEFAULT_LOG_LIMIT, type RequestLogFilter, type RequestLogListener } from './request-log.js';
export { SESSION_HEADER, isSessionId, withSession } from './session.js';
export type { FileKind, OriginPlugin, PathInfo, RequestContext, RequestLogEntry } from './types.js';

export interface OriginOptions extends AccessOptions {
  /** The ladder directory to serve (ladder.json, master.m3u8, video/, audio/, …). */
  dir: string;
  /** Port to listen on. Defaults to 0: a free port, read it back from `OriginServer.port`. */
  port?: number;
  /** Interface to bind. Defaults to `127.0.0.1`. */
  host?: string;
  // AccessOptions: `corsOrigins` (pages allowed besides loopback ones) and `allowedHosts` (Host
  // names the APIs answer to besides loopback names and the bound address); see http/access.ts.
  /** Plugins, in order: every hook runs in this order. Defaults to none. */
  plugins?: OriginPlugin[];
  /** Request log entries kept before the oldest are dropped. Defaults to 100 000. */
  logLimit?: number;
  /**
   * Told about server-side failures (a plugin threw, a file read failed); the request has
   * already been answered with a 500 or cut. `entry` is the request's (unfinished) log entry, or
   * null for failures that belong to no request. Defaults to `console.error`.
   */
  onError?: (error: OriginError, entry: RequestLogEntry | null) => void;
}

export interface OriginServer {
  /**
   * Base URL without a trailing slash, e.g. `http://127.0.0.1:53124`. For a wildcard bind
   * (`0.0.0.0`, `::`) it names loopback, which reaches it; `address` says what is bound.
   */
  url: string;
  port: number;
  /** What the server is bound to, as `server.address()` reports it (e.g. `{ address: '::', family: 'IPv6', port: 8080 }`). */
  address: AddressInfo;
  /** The page origins the APIs accept besides loopback ones (canonical `corsOrigins`). */
  corsOrigins: readonly string[];
  /** Real path of the directory being served. */
  dir: string;
  log: RequestLog;
  /** Appends a plugin; it applies to requests arriving from now on. */
  addPlugin(plugin: OriginPlugin): void;
  /**
   * Stops listening, drops open connections (in-flight requests are logged as aborted, and are
   * in the log when this resolves), then closes every plugin. Safe to call twice.
   */
  close(): Promise<void>;
}

/**
 * Starts the mock origin over `options.dir`. Rejects with OriginError ROOT_NOT_FOUND or
 * LISTEN_FAILED, or AccessConfigError for a bad `corsOrigins` / `allowedHosts` entry.
 */
export async function startOrigin(options: OriginOptions): Promise<OriginServer> {
  const corsOrigins = (options.corsOrigins ?? []).map(parseCorsOrigin);
  const allowedHosts = (options.allowedHosts ?? []).map(parseAllowedHost);
  const root = await realDirectory(options.dir);
  const host = options.host ?? '127.0.0.1';
  const plugins: OriginPlugin[] = [...(options.plugins ?? [])];
  const log = new RequestLog(options.logLimit ?? DEFAULT_LOG_LIMIT);
  const onError = options.onError ?? ((error: OriginError) => console.error(`[origin] ${error.code}: ${error.message}`, error.cause ?? ''));

  // Requests arrive only once listening, when the policy knows the port.
  let access = new AccessPolicy({ corsOrigins, allowedHosts, boundHost: host, port: -1 });
  const handler = createRequestHandler({ root, log, plugins: () => plugins, onError, access: () => access });
  const server = createServer(handler.handle);
  const address = await listen(server, options.port ?? 0, host);
  const port = address.port;
  access = new AccessPolicy({ corsOrigins, allowedHosts, boundHost: address.address, port });
  // After listening, a server error (e.g. EMFILE on accept) must not crash the process.
  server.on('error', (error) => onError(new OriginError('INTERNAL', `server error: ${error.message}`, { cause: error }), null));

  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    address,
    corsOrigins,
    dir: root,
    log,
    addPlugin(plugin) {
      plugins.push(plugin);
    },
    close() {
      closing ??= closeAll(server, handler, plugins, onError);
      return closing;
    },
  };
}

async function realDirectory(dir: string): Promise<string> {
  try {
    const real = await realpath(dir);
    if ((await stat(real)).isDirectory()) return real;
  } catch (error) {
    throw new OriginError('ROOT_NOT_FOUND', `ladder directory not found: ${dir}`, { cause: error });
  }
  throw new OriginError('ROOT_NOT_FOUND', `not a directory: ${dir}`);
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(new OriginError('LISTEN_FAILED', `cannot listen on ${host}:${port}: ${error.message}`, { cause: error }));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const { address, family, port: boundPort } = server.address() as AddressInfo;
      resolve({ address, family, port: boundPort });
    });
  });
}

async function closeAll(
  server: Server,
  handler: RequestHandler,
  plugins: readonly OriginPlugin[],
  onError: NonNullable<OriginOptions['onError']>,
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
  await handler.whenIdle();
  for (const plugin of plugins) {
    try {
      await plugin.close?.();
    } catch (error) {
      onError(new OriginError('PLUGIN_FAILED', `plugin "${plugin.name}" failed in close`, { cause: error, plugin: plugin.name }), null);
    }
  }
}

/** A wildcard bind is still reached through loopback; IPv6 literals need brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

