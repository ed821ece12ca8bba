import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiRoute, RequestAccess } from '../http/access.js';
import type { CmcdValue } from './cmcd.js';

/** What a requested path is, as far as the origin can tell from the ladder layout. */
export type FileKind = 'manifest' | 'init' | 'media' | 'audio' | 'text' | 'thumbnail' | 'other';

/** Classification of a request path inside a ladder. */
export interface PathInfo {
  kind: FileKind;
  /**
   * Video rung id (`720p`) for video init/media (and the rung's playlist), `audio` for audio
   * init/media (and the audio playlist), else null.
   */
  rung: string | null;
  /** Segment number as in the file name (`seg-00007.m4s` → 7), else null. */
  segment: number | null;
}

/** One line of the per-request log. */
export interface RequestLogEntry extends PathInfo {
  /** Monotonic id within the server. */
  id: number;
  /** Session id from the `/s/<session>/` prefix or the `x-vod-session` header; null when none. */
  session: string | null;
  /** Wall-clock time the request arrived, ms since the epoch. */
  startMs: number;
  method: string;
  /** Path inside the ladder, without the session prefix and query, e.g. `/video/720p/seg-00003.m4s`. */
  path: string;
  /** Query string without `?`, '' when none. */
  query: string;
  /** HTTP status sent; 0 when the client left before any response headers went out. */
  status: number;
  /** Body bytes actually written to the socket. */
  bytes: number;
  /** Arrival to last byte (or abort), milliseconds. */
  transferMs: number;
  /** The client went away before the body was complete. */
  aborted: boolean;
  /** `Range` header as sent, or null. */
  range: string | null;
  /** Name of a fault a plugin applied to this response, or null. */
  fault: string | null;
  /** What went wrong on the server side (plugin threw, body cut short), when something did. */
  error?: string;
  /**
   * Common Media Client Data the request carried (the `CMCD` query parameter or the CMCD-*
   * headers) as key/values, e.g. `{ sid: '…', br: 3200, ot: 'v' }`; absent when none.
   */
  cmcd?: Record<string, CmcdValue>;
  /**
   * The request's custom `x-*` headers (lower-case names, the origin's `x-vod-session` left out),
   * e.g. one a player's request filter added; absent when none. At most 16, values cut to 256 chars.
   */
  headers?: Record<string, string>;
}

/** Per-request context handed to plugins. */
export interface RequestContext {
  readonly session: string | null;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly info: PathInfo;
  /**
   * The log entry for this request, still being filled in; plugins may set `fault`.
   * `id` is 0 until the request completes and the entry enters the log.
   */
  readonly entry: RequestLogEntry;
  /**
   * Who sent the request (Origin allowed, Host naming this server, cross-site): API routes were
   * checked before any plugin `route` runs; a plugin that changes state from a ladder request (the
   * throttle's URL profiles) checks it with `accessError`.
   */
  readonly access: RequestAccess;
  /**
   * The ladder file the request names, read whole (at most `maxBytes`, default 16 MiB); null when
   * there is no such file or it is bigger. For plugins that answer with a rewritten file (faults on
   * manifests); the path is resolved as for static serving (never outside the root).
   */
  readFile(maxBytes?: number): Promise<Buffer | null>;
}

/**
 * How later features plug into the server without changing it:
 *  - `route` answers requests the plugin owns (control API, beacon collector, resume API);
 *    return true when handled.
 *  - `apiRoute` declares which of those paths are an API: the server then answers them only for
 *    allowed pages and Host names, with JSON bodies where the route says so (http/access.ts), and
 *    gives them API CORS headers. Paths under `/_origin/` always are. A `route` path it does not
 *    declare is public, like a ladder file.
 *  - `beforeResponse` runs before a static file is served: it may delay, or answer itself
 *    (fault injection) and return true.
 *  - `wrapBody` may replace the body stream (throttling, truncation, corruption).
 */
export interface OriginPlugin {
  readonly name: string;
  route?(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): boolean | Promise<boolean>;
  /** `path`: the request path without session prefix; `method`: the request's (for a preflight, the one it asks for). */
  apiRoute?(path: string, method: string): ApiRoute | null;
  beforeResponse?(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): boolean | Promise<boolean>;
  wrapBody?(body: NodeJS.ReadableStream, ctx: RequestContext): NodeJS.ReadableStream;
  close?(): void | Promise<void>;
}
