import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BodySink } from './body-sink.js';
import { cacheControlFor } from './cache-control.js';
import { isNotModified, isRangeStillValid, validatorsFor } from './conditional.js';
import { OriginError, pluginFailure } from './errors.js';
import { contentTypeFor } from './mime.js';
import { resolveSafePath } from './paths.js';
import { decideRange } from './range.js';
import { sendError } from '../http/respond.js';
import type { OriginPlugin, RequestContext } from './types.js';

/**
 * Serves one ladder file for GET or HEAD: 404 unless `resolveSafePath` finds a regular file in
 * `root`; 304 for a matching conditional request; 416 / 206 / 200 by `Range`. The body is
 * streamed from the file through every plugin's `wrapBody`, in order, into a `BodySink`.
 *
 * Throws OriginError: PLUGIN_FAILED, FILE_READ_FAILED, BODY_TRUNCATED, CLIENT_GONE. The caller
 * turns them into a 500 (headers not sent yet) or a dropped connection.
 */
export async function serveStaticFile(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: RequestContext,
  rawPath: string,
  options: { root: string; plugins: readonly OriginPlugin[] },
): Promise<void> {
  const filePath = resolveSafePath(options.root, rawPath);
  if (filePath === null) return sendError(res, 404, 'NOT_FOUND', 'no such file');

  let handle: FileHandle;
  try {
    // O_NOFOLLOW: the last component cannot have been swapped for a symlink since the check.
    handle = await open(filePath, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return sendError(res, 404, 'NOT_FOUND', 'no such file');
  }

  let handleOwnedByStream = false;
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return sendError(res, 404, 'NOT_FOUND', 'no such file');
    if (res.destroyed) return;

    const validators = validatorsFor(stats.size, stats.mtimeMs);
    res.setHeader('Content-Type', contentTypeFor(ctx.path));
    res.setHeader('Cache-Control', cacheControlFor(ctx.path, ctx.info));
    res.setHeader('ETag', validators.etag);
    res.setHeader('Last-Modified', stats.mtime.toUTCString());
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('X-Content-Type-Options', 'nosniff');

    if (isNotModified(req.headers, validators)) {
      res.statusCode = 304;
      res.end();
      return;
    }

    const range = isRangeStillValid(req.headers, validators) ? decideRange(req.headers.range, stats.size) : { kind: 'full' as const };
    if (range.kind === 'unsatisfiable') {
      res.statusCode = 416;
      res.setHeader('Content-Range', `bytes */${stats.size}`);
      res.setHeader('Content-Length', '0');
      res.end();
      return;
    }
    const startByte = range.kind === 'partial' ? range.startByte : 0;
    const endByte = range.kind === 'partial' ? range.endByte : stats.size - 1;
    const lengthBytes = endByte - startByte + 1;
    res.statusCode = range.kind === 'partial' ? 206 : 200;
    if (range.kind === 'partial') res.setHeader('Content-Range', `bytes ${startByte}-${endByte}/${stats.size}`);
    res.setHeader('Content-Length', String(lengthBytes));

    if (req.method === 'HEAD' || lengthBytes === 0) {
      res.end();
      return;
    }

    // Headers go out with the first body byte, so a body that fails before it still gets a 500.
    const file = handle.createReadStream({ start: startByte, end: endByte });
    handleOwnedByStream = true;
    await streamBody(file, res, ctx, lengthBytes, options.plugins);
  } finally {
    if (!handleOwnedByStream) await handle.close().catch(() => undefined);
  }
}

/** Largest file `readLadderFile` reads by default, bytes (manifests are a few kB to a few MB). */
export const DEFAULT_READ_FILE_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * A ladder file, read whole: resolved as `serveStaticFile` resolves it (never outside `root`, no
 * symlink swapped in), null when there is no such regular file or it is over `maxBytes`.
 */
export async function readLadderFile(root: string, rawPath: string, maxBytes: number = DEFAULT_READ_FILE_LIMIT_BYTES): Promise<Buffer | null> {
  const filePath = resolveSafePath(root, rawPath);
  if (filePath === null) return null;
  let handle: FileHandle;
  try {
    handle = await open(filePath, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return null;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size > maxBytes) return null;
    return await handle.readFile();
  } catch {
    return null;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function streamBody(
  file: Readable,
  res: ServerResponse,
  ctx: RequestContext,
  lengthBytes: number,
  plugins: readonly OriginPlugin[],
): Promise<void> {
  const chain: NodeJS.ReadableStream[] = [file];
  try {
    let body: NodeJS.ReadableStream = file;
    for (const plugin of plugins) {
      if (plugin.wrapBody === undefined) continue;
      try {
        body = plugin.wrapBody(body, ctx);
      } catch (error) {
        throw pluginFailure(plugin.name, 'wrapBody', error);
      }
      chain.push(body);
    }
    const sink = new BodySink(res, lengthBytes, (droppedBytes) => {
      ctx.entry.error = `body was ${droppedBytes} bytes longer than Content-Length; extra bytes dropped`;
    });
    try {
      await pipeline(body, sink);
    } catch (error) {
      if (error instanceof OriginError) throw error;
      if (file.errored !== null) {
        throw new OriginError('FILE_READ_FAILED', `reading ${ctx.path} failed: ${messageOf(error)}`, { cause: error });
      }
      throw new OriginError('PLUGIN_FAILED', `body stream of ${ctx.path} failed: ${messageOf(error)}`, { cause: error });
    }
  } finally {
    // A wrapper may not be wired to its source; make sure every stream, the file first, is gone.
    for (const stream of chain) destroyQuietly(stream);
  }
}

function destroyQuietly(stream: NodeJS.ReadableStream): void {
  const candidate = stream as Partial<Readable>;
  if (typeof candidate.destroy === 'function' && candidate.destroyed !== true) candidate.destroy();
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
