// What a chunk costs over the wire: its minified bytes and its bytes after gzip -9.
import { gzipSync } from 'node:zlib';

export interface Size {
  readonly minBytes: number;
  readonly gzipBytes: number;
}

export const GZIP_LEVEL = 9;

export function measure(code: string): Size {
  const bytes = Buffer.from(code, 'utf8');
  return { minBytes: bytes.byteLength, gzipBytes: gzipSync(bytes, { level: GZIP_LEVEL }).byteLength };
}

/** Chunks are fetched (and compressed) one by one, so a group's size is the sum of its chunks' sizes. */
export function sumSizes(sizes: readonly Size[]): Size {
  return sizes.reduce((sum, size) => ({ minBytes: sum.minBytes + size.minBytes, gzipBytes: sum.gzipBytes + size.gzipBytes }), {
    minBytes: 0,
    gzipBytes: 0,
  });
}
