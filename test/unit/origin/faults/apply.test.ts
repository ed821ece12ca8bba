import { createServer, get, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyResponseFault,
  bodyFaultTransform,
  faultLabel,
  faultPhase,
  pipeThrough,
  truncatedLength,
} from '../../../../origin/faults/apply.js';
import { corruptChunk } from '../../../../origin/faults/body-faults.js';
import { parseFaultRuleCli } from '../../../../origin/faults/parse.js';
import type { FaultSpec } from '../../../../origin/faults/types.js';

const BODY_BYTES = 200_000;
const BODY = Buffer.from(Array.from({ length: BODY_BYTES }, (_, i) => i % 251));
const CHUNK_BYTES = 16 * 1024;

let server: Server | null = null;
afterEach(async () => {
  const closing = server;
  server = null;
  if (closing !== null) {
    closing.closeAllConnections();
    await new Promise((resolve) => closing.close(resolve));
  }
});

/**
 * A tiny origin: the fault's response part, then BODY in 16 KiB chunks through the fault's body
 * transform, written with backpressure. Like the real server's body sink, it drops the
 * connection when the body comes up short of Content-Length.
 */
async function serve(fault: FaultSpec): Promise<string> {
  server = createServer((req, res) => {
    void handle(fault, req, res);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}/video/720p/seg-00001.m4s`;
}

async function handle(fault: FaultSpec, _req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (await applyResponseFault(fault, res)) return;
  res.statusCode = 200;
  res.setHeader('Content-Type', 'video/iso.segment');
  res.setHeader('Content-Length', String(BODY_BYTES));
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < BODY_BYTES; offset += CHUNK_BYTES) chunks.push(BODY.subarray(offset, offset + CHUNK_BYTES));
  const source = Readable.from(chunks, { objectMode: false });
  const transform = bodyFaultTransform(fault, res);
  const body = transform === null ? source : pipeThrough(source, transform);
  res.once('close', () => body.destroy());
  let writtenBytes = 0;
  try {
    for await (const chunk of body) {
      writtenBytes += (chunk as Buffer).byteLength;
      if (!res.write(chunk)) await new Promise((resolve) => (res.once('drain', resolve), res.once('close', resolve)));
      if (res.destroyed) return;
    }
  } catch {
    res.destroy();
    return;
  }
  if (writtenBytes < BODY_BYTES) res.destroy();
  else res.end();
}

interface Fetched {
  status: number | null;
  headers: IncomingHttpHeaders | null;
  body: Buffer;
  complete: boolean;
  error: NodeJS.ErrnoException | null;
  headersAfterMs: number | null;
  /** When the body passed each byte count asked for in `marksBytes`, ms after the request. */
  marksMs: number[];
  endAfterMs: number;
}

function fetchRaw(url: string, marksBytes: number[] = []): Promise<Fetched> {
  const startMs = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let receivedBytes = 0;
    const result: Fetched = { status: null, headers: null, body: Buffer.alloc(0), complete: false, error: null, headersAfterMs: null, marksMs: [], endAfterMs: 0 };
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      result.body = Buffer.concat(chunks);
      result.endAfterMs = performance.now() - startMs;
      resolve(result);
    };
    const req = get(url, { agent: false }, (res) => {
      result.status = res.statusCode ?? null;
      result.headers = res.headers;
      result.headersAfterMs = performance.now() - startMs;
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        receivedBytes += chunk.byteLength;
        while (result.marksMs.length < marksBytes.length && receivedBytes >= (marksBytes[result.marksMs.length] ?? Infinity)) {
          result.marksMs.push(performance.now() - startMs);
        }
      });
      res.on('error', (error: NodeJS.ErrnoException) => {
        result.error = error;
      });
      res.on('close', () => {
        result.complete = res.complete;
        finish();
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      result.error ??= error;
      finish();
    });
  });
}

describe('fault effects over HTTP', () => {
  it('answers 503 with Retry-After instead of the file', async () => {
    const got = await fetchRaw(await serve({ type: 'status', status: 503, retryAfterSec: 2 }));
    expect(got.status).toBe(503);
    expect(got.headers?.['retry-after']).toBe('2');
    expect(got.headers?.['cache-control']).toBe('no-store');
    expect(JSON.parse(got.body.toString())).toEqual({ error: 'FAULT', message: 'injected 503' });
  });

  it('answers 404 and 500 without Retry-After', async () => {
    for (const status of [404, 500]) {
      const got = await fetchRaw(await serve({ type: 'status', status }));
      expect(got.status).toBe(status);
      expect(got.headers?.['retry-after']).toBeUndefined();
      await new Promise((resolve) => server?.close(resolve));
      server = null;
    }
  });

  it('drops the connection without a response during an outage', async () => {
    const got = await fetchRaw(await serve({ type: 'outage', durationSec: 5 }));
    expect(got.status).toBeNull();
    expect(['ECONNRESET', 'ECONNREFUSED', 'EPIPE']).toContain(got.error?.code);
  });

  it('holds the headers back for a slow first byte, then serves the file', async () => {
    const got = await fetchRaw(await serve({ type: 'slow-first-byte', delayMs: 300 }));
    expect(got.headersAfterMs).toBeGreaterThanOrEqual(290);
    expect(got.status).toBe(200);
    expect(got.body.equals(BODY)).toBe(true);
  });

  it('sends the headers, stalls the body after N bytes, then finishes it', async () => {
    const got = await fetchRaw(await serve({ type: 'stall', durationSec: 0.4, afterBytes: 1000 }), [1000, 1001]);
    expect(got.headersAfterMs).toBeLessThan(300);
    const [atStallMs = 0, afterStallMs = 0] = got.marksMs;
    expect(atStallMs).toBeLessThan(300);
    expect(afterStallMs - (got.headersAfterMs ?? 0)).toBeGreaterThanOrEqual(380);
    expect(got.complete).toBe(true);
    expect(got.body.equals(BODY)).toBe(true);
  });

  it('stalls before the first body byte with the headers already out', async () => {
    const got = await fetchRaw(await serve({ type: 'stall', durationSec: 0.4, afterBytes: 0 }), [1]);
    expect(got.headersAfterMs).toBeLessThan(300);
    expect((got.marksMs[0] ?? 0) - (got.headersAfterMs ?? 0)).toBeGreaterThanOrEqual(350);
    expect(got.body.equals(BODY)).toBe(true);
  });

  it('resets the connection after exactly N body bytes', async () => {
    const got = await fetchRaw(await serve({ type: 'reset', afterBytes: 50_000 }));
    expect(got.status).toBe(200);
    expect(got.body.byteLength).toBe(50_000);
    expect(got.body.equals(BODY.subarray(0, 50_000))).toBe(true);
    expect(got.complete).toBe(false);
    expect(got.error?.code).toBe('ECONNRESET');
  });

  it('resets after the headers when N is 0', async () => {
    const got = await fetchRaw(await serve({ type: 'reset', afterBytes: 0 }));
    expect(got.status).toBe(200);
    expect(got.body.byteLength).toBe(0);
    expect(got.complete).toBe(false);
  });

  it('truncates the body after N bytes while Content-Length claims the full size', async () => {
    const got = await fetchRaw(await serve({ type: 'truncate', afterBytes: 30_000 }));
    expect(got.status).toBe(200);
    expect(got.headers?.['content-length']).toBe(String(BODY_BYTES));
    expect(got.body.equals(BODY.subarray(0, 30_000))).toBe(true);
    expect(got.complete).toBe(false);
  });

  it('truncates the body to a fraction of its size', async () => {
    const got = await fetchRaw(await serve({ type: 'truncate', fraction: 0.25 }));
    expect(got.body.byteLength).toBe(50_000);
    expect(got.complete).toBe(false);
  });

  it('sends headers and an empty body when truncating at 0 bytes', async () => {
    const got = await fetchRaw(await serve({ type: 'truncate', afterBytes: 0 }));
    expect(got.status).toBe(200);
    expect(got.body.byteLength).toBe(0);
    expect(got.complete).toBe(false);
  });

  it('corrupts the named bytes and keeps the length', async () => {
    const offsets = [0, 16_383, 16_384, 199_999];
    const got = await fetchRaw(await serve({ type: 'corrupt', offsets, everyNthByte: 10_000 }));
    expect(got.complete).toBe(true);
    expect(got.body.byteLength).toBe(BODY_BYTES);
    const changed: number[] = [];
    for (let i = 0; i < BODY_BYTES; i += 1) {
      if (got.body[i] !== BODY[i]) {
        expect(got.body[i]).toBe((BODY[i] ?? 0) ^ 0xff);
        changed.push(i);
      }
    }
    const everyNth = Array.from({ length: 20 }, (_, k) => (k + 1) * 10_000 - 1);
    expect(changed).toEqual([...new Set([...offsets, ...everyNth])].sort((a, b) => a - b));
  });
});

describe('corruptChunk', () => {
  it('inverts offsets and every Nth byte across chunk boundaries without touching the input', () => {
    const input = Buffer.alloc(10, 0x00);
    const first = corruptChunk(input, 0, { type: 'corrupt', offsets: [1, 12], everyNthByte: 4 });
    const second = corruptChunk(input, 10, { type: 'corrupt', offsets: [1, 12], everyNthByte: 4 });
    expect([...first]).toEqual([0, 255, 0, 255, 0, 0, 0, 255, 0, 0]);
    expect([...second]).toEqual([0, 255, 255, 0, 0, 255, 0, 0, 0, 255]);
    expect(input.every((byte) => byte === 0)).toBe(true);
  });

  it('returns the same buffer when nothing falls in it', () => {
    const input = Buffer.alloc(4);
    expect(corruptChunk(input, 100, { type: 'corrupt', offsets: [5] })).toBe(input);
  });
});

describe('fault helpers', () => {
  it('says where each fault acts', () => {
    expect(faultPhase({ type: 'status', status: 503 })).toBe('respond');
    expect(faultPhase({ type: 'outage', durationSec: 1 })).toBe('respond');
    expect(faultPhase({ type: 'slow-first-byte', delayMs: 1 })).toBe('delay');
    expect(faultPhase({ type: 'reset', afterBytes: 1 })).toBe('body');
  });

  it('labels a rule by its canonical string, with its own id in front', () => {
    expect(faultLabel(parseFaultRuleCli('503@media:seg=5-8,count=3'))).toBe('503@media:seg=5-8,count=3');
    expect(faultLabel(parseFaultRuleCli('503@media:id=bad'))).toBe('bad: 503@media');
  });

  it('keeps a fraction of the body, or nothing when the size is unknown', () => {
    expect(truncatedLength({ type: 'truncate', fraction: 0.5 }, 1001)).toBe(500);
    expect(truncatedLength({ type: 'truncate', fraction: 0.5 }, null)).toBe(0);
    expect(truncatedLength({ type: 'truncate', afterBytes: 7 }, null)).toBe(7);
  });
});
