import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { delayFirstByte } from '../../../../origin/http/first-byte.js';

let server: Server | null = null;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = null;
});

describe('delayFirstByte', () => {
  it('gives up early when the client leaves', async () => {
    let waited: Promise<boolean> | null = null;
    server = createServer((_req, res) => {
      waited = delayFirstByte(res, 10_000);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const req = get(`http://127.0.0.1:${port}/`, { agent: false });
    req.on('error', () => undefined);
    while (waited === null) await new Promise((resolve) => setTimeout(resolve, 5));
    req.destroy();
    expect(await (waited as Promise<boolean>)).toBe(false);
  });
});
