import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { Shaper } from '../../../../origin/throttle/shaper.js';

const BODY_BYTES = 100_000;

let server: Server | null = null;
let shaper: Shaper | null = null;
afterEach(async () => {
  shaper?.close();
  const closing = server;
  server = null;
  if (closing !== null) {
    closing.closeAllConnections();
    await new Promise((resolve) => closing.close(resolve));
  }
});

function download(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.byteLength));
      res.on('end', () => resolve(bytes));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe('Shaper over HTTP', () => {
  it('holds two concurrent responses of one session to the session rate, with the RTT first', async () => {
    shaper = new Shaper();
    shaper.setProfile('s1', { rate: { kind: 'fixed', kbps: 1600 }, rttMs: 100, jitterMs: 0 });
    const active = shaper;
    server = createServer((_req, res) => {
      const delayMs = active.firstByteDelayMs('s1');
      setTimeout(() => {
        res.setHeader('Content-Length', String(BODY_BYTES));
        const source = Readable.from([Buffer.alloc(BODY_BYTES, 1)], { objectMode: false });
        void pipeline(active.shape(source, 's1'), res).catch(() => undefined);
      }, delayMs);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/s/s1/seg.m4s`;

    const startMs = performance.now();
    const sizes = await Promise.all([download(url), download(url)]);
    const elapsedSec = (performance.now() - startMs) / 1000;

    expect(sizes).toEqual([BODY_BYTES, BODY_BYTES]);
    // 200 kB at 200 kB/s, less the 16 KiB burst the bucket may hold, plus the 100 ms RTT.
    expect(elapsedSec).toBeGreaterThanOrEqual(0.1 + (2 * BODY_BYTES - 16 * 1024) / 200_000 - 0.02);
    expect(elapsedSec).toBeLessThan(3);
    expect(shaper.stats('s1')?.totalBytes).toBe(2 * BODY_BYTES);
  });
});
