import { Readable, Writable } from 'node:stream';

/** A source of `totalBytes` (byte i is i % 251), made on demand in `chunkBytes` pieces; counts what it produced. */
export function countingSource(totalBytes: number, chunkBytes = 64 * 1024): Readable & { producedBytes: number } {
  let offset = 0;
  const source = new Readable({
    highWaterMark: chunkBytes,
    read() {
      if (offset >= totalBytes) {
        this.push(null);
        return;
      }
      const size = Math.min(chunkBytes, totalBytes - offset);
      const chunk = Buffer.allocUnsafe(size);
      for (let i = 0; i < size; i += 1) chunk[i] = (offset + i) % 251;
      offset += size;
      source.producedBytes = offset;
      this.push(chunk);
    },
  }) as Readable & { producedBytes: number };
  source.producedBytes = 0;
  return source;
}

/** Reads `stream` to the end, keeping its bytes and counting them as they come. */
export function collect(stream: Readable): { bytes: () => number; data: () => Buffer; done: Promise<void> } {
  const chunks: Buffer[] = [];
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      bytes += chunk.byteLength;
      callback();
    },
  });
  const done = new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve);
    stream.on('error', reject);
  });
  stream.pipe(sink);
  return { bytes: () => bytes, data: () => Buffer.concat(chunks), done };
}
