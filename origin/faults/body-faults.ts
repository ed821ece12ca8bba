import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import type { CorruptFault, StallFault } from './types.js';

/**
 * Body faults as stream transforms for `wrapBody`: reset, stall, truncate and corrupt. Each takes
 * the response only to flush its headers or reset its socket.
 */

/**
 * Passes `afterBytes` body bytes, then resets the connection (a TCP RST, so the client sees
 * ECONNRESET / net::ERR_CONNECTION_RESET) once those bytes have left the process. The headers go
 * out first even when `afterBytes` is 0. A body no longer than `afterBytes` is not touched.
 */
export function resetAfterBytes(res: ServerResponse, afterBytes: number): Transform {
  let seenBytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      const roomBytes = afterBytes - seenBytes;
      if (chunk.byteLength < roomBytes) {
        seenBytes += chunk.byteLength;
        callback(null, chunk);
        return;
      }
      if (roomBytes > 0) this.push(chunk.subarray(0, roomBytes));
      seenBytes = afterBytes;
      if (!res.headersSent) res.flushHeaders();
      // The callback is never called: the source stays paused until the reset tears it all down.
      void whenFlushed(this, res).then(() => resetSocket(res));
    },
  });
}

/**
 * Passes `afterBytes` body bytes, sends the headers if they have not gone yet, pauses for
 * `durationSec`, then carries on with the rest of the body.
 */
export function stallBody(res: ServerResponse, fault: StallFault): Transform {
  let seenBytes = 0;
  let stalled = false;
  let timer: NodeJS.Timeout | null = null;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      const roomBytes = fault.afterBytes - seenBytes;
      if (stalled || roomBytes >= chunk.byteLength) {
        seenBytes += chunk.byteLength;
        callback(null, chunk);
        return;
      }
      stalled = true;
      seenBytes += chunk.byteLength;
      if (roomBytes > 0) this.push(chunk.subarray(0, roomBytes));
      if (!res.headersSent) res.flushHeaders();
      timer = setTimeout(() => {
        timer = null;
        callback(null, chunk.subarray(Math.max(0, roomBytes)));
      }, fault.durationSec * 1000);
    },
    destroy(error, callback) {
      if (timer !== null) clearTimeout(timer);
      callback(error);
    },
  });
}

/**
 * Passes `keepBytes` body bytes, then ends the body while Content-Length still claims the full
 * size. The server's body sink sees the short body and drops the connection, so the client gets
 * a short body and a closed connection (Chromium: net::ERR_CONTENT_LENGTH_MISMATCH). Headers go
 * out even when `keepBytes` is 0, so the client sees a response start, not a 500.
 */
export function truncateBody(res: ServerResponse, keepBytes: number): Transform {
  let seenBytes = 0;
  let ended = false;
  const end = (stream: Transform): void => {
    ended = true;
    if (!res.headersSent) res.flushHeaders();
    stream.push(null);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (ended) {
        callback();
        return;
      }
      const roomBytes = keepBytes - seenBytes;
      if (chunk.byteLength < roomBytes) {
        seenBytes += chunk.byteLength;
        callback(null, chunk);
        return;
      }
      if (roomBytes > 0) this.push(chunk.subarray(0, roomBytes));
      seenBytes = keepBytes;
      end(this);
      callback();
    },
  });
}

/** Inverts the bytes the fault names (see CorruptFault); the body keeps its length. */
export function corruptBody(fault: CorruptFault): Transform {
  const sorted: CorruptFault = fault.offsets === undefined ? fault : { ...fault, offsets: [...fault.offsets].sort((a, b) => a - b) };
  let offsetBytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      const out = corruptChunk(chunk, offsetBytes, sorted);
      offsetBytes += chunk.byteLength;
      callback(null, out);
    },
  });
}

/**
 * `chunk` (which starts at body offset `startOffset`) with the fault's bytes inverted. Returns a
 * copy when anything changes, never touching `chunk` (it may be shared); `chunk` itself otherwise.
 * `fault.offsets` must be sorted.
 */
export function corruptChunk(chunk: Buffer, startOffset: number, fault: CorruptFault): Buffer {
  const endOffset = startOffset + chunk.byteLength;
  let out: Buffer | null = null;
  const flip = (offset: number): void => {
    out ??= Buffer.from(chunk);
    const index = offset - startOffset;
    out[index] = (out[index] ?? 0) ^ 0xff;
  };
  const offsets = fault.offsets ?? [];
  for (let i = firstAtLeast(offsets, startOffset); i < offsets.length; i += 1) {
    const offset = offsets[i] ?? endOffset;
    if (offset >= endOffset) break;
    if (i > 0 && offsets[i - 1] === offset) continue;
    flip(offset);
  }
  const n = fault.everyNthByte;
  if (n !== undefined && n >= 1) {
    // The Nth, 2Nth, … bytes: offsets N-1, 2N-1, …; skip any already flipped by `offsets`.
    const skip = new Set(offsets);
    for (let offset = startOffset + ((n - 1 - (startOffset % n)) % n); offset < endOffset; offset += n) {
      if (!skip.has(offset)) flip(offset);
    }
  }
  return out ?? chunk;
}

function firstAtLeast(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? Infinity) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Resolves once what `stream` pushed has gone through the rest of the pipeline into the socket and
 * out of the process (nothing buffered in the stream, the response or the socket for two turns of
 * the event loop), or after 5 s, or when the socket closes.
 */
async function whenFlushed(stream: Transform, res: ServerResponse): Promise<void> {
  const deadlineMs = performance.now() + 5000;
  let quietTurns = 0;
  while (quietTurns < 2 && performance.now() < deadlineMs) {
    const socket = res.socket;
    if (socket === null || socket.destroyed) return;
    if (stream.readableLength === 0 && res.writableLength === 0 && socket.writableLength === 0) quietTurns += 1;
    else quietTurns = 0;
    await new Promise<void>((resolve) => setTimeout(resolve, quietTurns === 0 ? 1 : 0));
  }
}

function resetSocket(res: ServerResponse): void {
  const socket: Socket | null = res.socket;
  if (socket === null || socket.destroyed) return;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}
