import type { ServerResponse } from 'node:http';

/** Body bytes of one response, as seen by `res.write` / `res.end`. */
export interface ResponseMeter {
  /** Bytes handed to the response. */
  readonly handedBytes: number;
  /** Bytes whose write callback reported success: flushed to the socket (the kernel has them). */
  readonly flushedBytes: number;
}

/**
 * Counts the body bytes of `res`, whoever writes them (the static file path, a plugin's route).
 * It wraps this one response's `write` and `end`; HEAD, 1xx, 204 and 304 responses count 0 since
 * Node sends no body for them. A finished response has sent `handedBytes`; an aborted one
 * `flushedBytes`.
 */
export function meterResponse(res: ServerResponse): ResponseMeter {
  const meter = { handedBytes: 0, flushedBytes: 0 };
  const write = res.write;
  const end = res.end;
  const bodyBytes = (chunk: unknown, encoding: unknown): number => (hasBody(res) ? byteLength(chunk, encoding) : 0);

  res.write = function meteredWrite(this: ServerResponse, chunk: unknown, encodingOrCallback?: unknown, callback?: unknown) {
    const encoding = typeof encodingOrCallback === 'string' ? (encodingOrCallback as BufferEncoding) : undefined;
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    const bytes = bodyBytes(chunk, encoding);
    meter.handedBytes += bytes;
    return write.call(this, chunk, encoding as BufferEncoding, (error?: Error | null) => {
      if (!error) meter.flushedBytes += bytes;
      if (typeof done === 'function') (done as (error?: Error | null) => void)(error);
    });
  } as ServerResponse['write'];

  res.end = function meteredEnd(this: ServerResponse, chunk?: unknown, encodingOrCallback?: unknown, callback?: unknown) {
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
      // Counted as flushed on 'finish' (handedBytes); end() keeps Node's own Content-Length logic.
      meter.handedBytes += bodyBytes(chunk, typeof encodingOrCallback === 'string' ? encodingOrCallback : undefined);
    }
    return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, encodingOrCallback, callback);
  } as ServerResponse['end'];

  return meter;
}

function hasBody(res: ServerResponse): boolean {
  const status = res.statusCode;
  return res.req.method !== 'HEAD' && status >= 200 && status !== 204 && status !== 304;
}

function byteLength(chunk: unknown, encoding: unknown): number {
  if (typeof chunk === 'string') return Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  return 0;
}
