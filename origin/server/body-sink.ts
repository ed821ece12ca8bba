import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { OriginError } from './errors.js';

const SINK_HIGH_WATER_MARK_BYTES = 64 * 1024;

/**
 * The last stage of a static response's pipeline: writes the body to `res` with backpressure,
 * and holds it to the declared Content-Length.
 *  - Bytes past `expectedBytes` are dropped (they would corrupt the next keep-alive response).
 *  - A body that ends short fails with BODY_TRUNCATED (the caller drops the connection).
 *  - The client going away fails with CLIENT_GONE, so `pipeline` tears the source down and the
 *    file descriptor closes.
 *
 * It is a separate stream rather than `res` itself so that a source failing before the first
 * byte leaves `res` intact for a 500.
 */
export class BodySink extends Writable {
  readonly #res: ServerResponse;
  readonly #expectedBytes: number;
  readonly #onExtraBytes: (droppedBytes: number) => void;
  #writtenBytes = 0;
  #droppedBytes = 0;
  readonly #onClose = (): void => {
    if (!this.#res.writableFinished) this.destroy(new OriginError('CLIENT_GONE', 'client closed the connection'));
  };

  /** `onExtraBytes` is told the running total each time bytes past Content-Length are dropped. */
  constructor(res: ServerResponse, expectedBytes: number, onExtraBytes: (droppedBytes: number) => void = () => undefined) {
    super({ highWaterMark: SINK_HIGH_WATER_MARK_BYTES });
    this.#res = res;
    this.#expectedBytes = expectedBytes;
    this.#onExtraBytes = onExtraBytes;
    res.once('close', this.#onClose);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const res = this.#res;
    if (res.destroyed) return callback(new OriginError('CLIENT_GONE', 'client closed the connection'));
    const roomBytes = this.#expectedBytes - this.#writtenBytes;
    const part = chunk.byteLength <= roomBytes ? chunk : chunk.subarray(0, Math.max(0, roomBytes));
    if (part.byteLength < chunk.byteLength) {
      this.#droppedBytes += chunk.byteLength - part.byteLength;
      this.#onExtraBytes(this.#droppedBytes);
    }
    if (part.byteLength === 0) return callback();
    this.#writtenBytes += part.byteLength;
    if (res.write(part)) return callback();

    const settle = (): void => {
      res.off('drain', settle);
      res.off('close', settle);
      callback(res.destroyed && !res.writableFinished ? new OriginError('CLIENT_GONE', 'client closed the connection') : null);
    };
    res.on('drain', settle);
    res.on('close', settle);
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.#writtenBytes < this.#expectedBytes) {
      callback(
        new OriginError('BODY_TRUNCATED', `body ended after ${this.#writtenBytes} of ${this.#expectedBytes} bytes`),
      );
      return;
    }
    this.#res.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#res.off('close', this.#onClose);
    callback(error);
  }
}
