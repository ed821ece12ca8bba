import { writeFile } from 'node:fs/promises';
import { get, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendError } from '../../../../origin/http/respond.js';
import { OriginError, startOrigin, type OriginPlugin, type OriginServer } from '../../../../origin/server/server.js';
import { makeFakeLadder, request, waitForEntries, type FakeLadder } from './helpers.js';

const SEGMENT = '/video/720p/seg-00001.m4s';
const SEGMENT_BYTES = 100_000;
const BIG_BYTES = 32 * 1024 * 1024;

/** Applies `plugin` only to requests of `session`, so one server can host every test plugin. */
function forSession(session: string, plugin: Omit<OriginPlugin, 'name'>): OriginPlugin {
  return {
    name: `${session}-plugin`,
    route: plugin.route && ((req, res, ctx) => (ctx.session === session ? plugin.route!(req, res, ctx) : false)),
    beforeResponse:
      plugin.beforeResponse && ((req, res, ctx) => (ctx.session === session ? plugin.beforeResponse!(req, res, ctx) : false)),
    wrapBody: plugin.wrapBody && ((body, ctx) => (ctx.session === session ? plugin.wrapBody!(body, ctx) : body)),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Passes the first `limitBytes` bytes, then ends (a truncation fault). */
function truncate(body: NodeJS.ReadableStream, limitBytes: number): NodeJS.ReadableStream {
  return Readable.from(
    (async function* () {
      let leftBytes = limitBytes;
      for await (const chunk of body as AsyncIterable<Buffer>) {
        if (leftBytes <= 0) return;
        const part = chunk.subarray(0, leftBytes);
        leftBytes -= part.byteLength;
        yield part;
      }
    })(),
  );
}

/** Inverts every byte (a corruption fault that keeps the length). */
function corrupt(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, Buffer.from(chunk.map((byte) => 255 - byte)));
    },
  });
}

/** GETs a URL and reports what arrived, even when the server cuts the body short. */
function receive(url: string): Promise<{ status: number; bytes: number; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('error', () => undefined);
      res.on('close', () => resolve({ status: res.statusCode ?? 0, bytes, complete: res.complete }));
    });
    req.on('error', reject);
  });
}

let ladder: FakeLadder;
let origin: OriginServer;
const reported: OriginError[] = [];
const beacons: string[] = [];
const profiles = new Map<string, unknown>();
let capturedSource: NodeJS.ReadableStream | null = null;
let closedPlugins = 0;

beforeAll(async () => {
  ladder = await makeFakeLadder();
  await writeFile(join(ladder.root, 'video/720p/seg-00099.m4s'), Buffer.alloc(BIG_BYTES, 3));
  const readBody = async (req: IncomingMessage): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString();
  };
  const collector: OriginPlugin = {
    name: 'collector',
    async route(req, res, ctx) {
      if (ctx.path !== '/beacon' || req.method !== 'POST') return false;
      beacons.push(await readBody(req));
      res.writeHead(204).end();
      return true;
    },
  };
  const profileApi: OriginPlugin = {
    name: 'profile-api',
    async route(req, res: ServerResponse, ctx) {
      const match = /^\/_origin\/sessions\/([\w-]+)\/profile$/.exec(ctx.path);
      if (match === null || req.method !== 'PUT') return false;
      profiles.set(match[1] ?? '', JSON.parse(await readBody(req)));
      res.writeHead(204).end();
      return true;
    },
    close() {
      closedPlugins += 1;
    },
  };
  origin = await startOrigin({
    dir: ladder.root,
    onError: (error) => reported.push(error),
    plugins: [
      collector,
      profileApi,
      forSession('slow', { beforeResponse: () => sleep(200).then(() => false) }),
      forSession('wait-then-leave', { beforeResponse: () => sleep(300).then(() => false) }),
      forSession('faulty', {
        beforeResponse(_req, res, ctx) {
          if (ctx.info.kind !== 'media') return false;
          ctx.entry.fault = 'http-503';
          sendError(res, 503, 'fault', 'injected');
          return true;
        },
      }),
      forSession('trunc', {
        wrapBody(body, ctx) {
          ctx.entry.fault = 'truncate';
          return truncate(body, 1_000);
        },
      }),
      forSession('corrupt', { wrapBody: (body) => body.pipe(corrupt()) }),
      forSession('throws-route', {
        route() {
          throw new Error('route exploded');
        },
      }),
      forSession('throws-before', { beforeResponse: () => Promise.reject(new Error('before exploded')) }),
      forSession('throws-wrap', {
        wrapBody() {
          throw new Error('wrap exploded');
        },
      }),
      forSession('fails-early', {
        wrapBody: () =>
          new Readable({
            read() {
              this.destroy(new Error('stream failed before any byte'));
            },
          }),
      }),
      forSession('fails-midway', {
        wrapBody: (body) =>
          Readable.from(
            (async function* () {
              let sentBytes = 0;
              for await (const chunk of body as AsyncIterable<Buffer>) {
                yield chunk;
                sentBytes += chunk.length;
                if (sentBytes >= 64 * 1024) throw new Error('stream failed midway');
              }
            })(),
          ),
      }),
      forSession('too-long', { wrapBody: (body) => withTail(body) }),
      forSession('capture', {
        wrapBody(body) {
          capturedSource = body;
          return body;
        },
      }),
    ],
  });
});
afterAll(async () => {
  await origin.close();
  await ladder.cleanup();
});
beforeEach(() => {
  reported.length = 0;
});

function withTail(body: NodeJS.ReadableStream): NodeJS.ReadableStream {
  return Readable.from(
    (async function* () {
      for await (const chunk of body as AsyncIterable<Buffer>) yield chunk;
      yield Buffer.from('EXTRA BYTES');
    })(),
  );
}

describe('route', () => {
  it('lets a plugin own a path and method, with the raw request', async () => {
    const res = await request(origin.url, '/s/beacon-run/beacon', { method: 'POST', body: '{"e":"play"}' });
    expect(res.status).toBe(204);
    expect(beacons).toContain('{"e":"play"}');
    const [entry] = await waitForEntries(origin.log, { session: 'beacon-run' });
    expect(entry).toMatchObject({ method: 'POST', path: '/beacon', status: 204, kind: 'other' });
  });

  it('lets a plugin add control routes under /_origin/, unlogged', async () => {
    const res = await request(origin.url, '/_origin/sessions/run-7/profile', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"kbps":[800,400]}',
    });
    expect(res.status).toBe(204);
    expect(profiles.get('run-7')).toEqual({ kbps: [800, 400] });
    expect(origin.log.entries().some((e) => e.path.startsWith('/_origin'))).toBe(false);
  });

  it('falls through to the file when no plugin claims the request', async () => {
    expect((await request(origin.url, '/beacon')).status).toBe(404);
    expect((await request(origin.url, '/master.m3u8')).status).toBe(200);
  });
});

describe('beforeResponse', () => {
  it('may delay a response', async () => {
    const res = await request(origin.url, `/s/slow${SEGMENT}`);
    expect(res.body.length).toBe(SEGMENT_BYTES);
    const [entry] = await waitForEntries(origin.log, { session: 'slow' });
    expect(entry?.transferMs).toBeGreaterThanOrEqual(190);
  });

  it('may answer itself and name the fault', async () => {
    const res = await request(origin.url, `/s/faulty${SEGMENT}`);
    expect(res.status).toBe(503);
    const [entry] = await waitForEntries(origin.log, { session: 'faulty' });
    expect(entry).toMatchObject({ status: 503, fault: 'http-503', kind: 'media' });
    expect((await request(origin.url, '/s/faulty/master.m3u8')).status).toBe(200);
  });

  it('logs a client that leaves during a delay as aborted before any status', async () => {
    const req = get(`${origin.url}/s/wait-then-leave${SEGMENT}`);
    req.on('error', () => undefined);
    await sleep(50);
    req.destroy();
    const [entry] = await waitForEntries(origin.log, { session: 'wait-then-leave' });
    expect(entry).toMatchObject({ aborted: true, status: 0, bytes: 0 });
    await sleep(300);
    expect(reported).toEqual([]);
    expect((await request(origin.url, '/_origin/health')).status).toBe(200);
  });
});

describe('wrapBody', () => {
  it('may truncate a body: the server drops the connection after the bytes it got', async () => {
    const received = await receive(`${origin.url}/s/trunc${SEGMENT}`);
    expect(received).toEqual({ status: 200, bytes: 1_000, complete: false });
    const [entry] = await waitForEntries(origin.log, { session: 'trunc' });
    expect(entry).toMatchObject({ status: 200, bytes: 1_000, aborted: false, fault: 'truncate' });
    expect(entry?.error).toContain('body ended after 1000 of 100000 bytes');
    expect(reported).toEqual([]);
  });

  it('may transform a body of the same length', async () => {
    const res = await request(origin.url, `/s/corrupt${SEGMENT}`);
    const original = ladder.files.get(SEGMENT);
    expect(res.body.length).toBe(SEGMENT_BYTES);
    expect(res.body[0]).toBe(255 - (original?.[0] ?? 0));
  });

  it('drops bytes beyond Content-Length and keeps the connection usable', async () => {
    // fetch keeps the connection alive, so the next response on it would be corrupted by extra bytes.
    const first = await fetch(`${origin.url}/s/too-long${SEGMENT}`);
    expect((await first.arrayBuffer()).byteLength).toBe(SEGMENT_BYTES);
    const second = await fetch(`${origin.url}/s/too-long/master.m3u8`);
    expect(await second.text()).toMatch(/^#EXTM3U/);
    const [entry] = await waitForEntries(origin.log, { session: 'too-long', kind: 'media' });
    expect(entry?.bytes).toBe(SEGMENT_BYTES);
    expect(entry?.error).toContain('longer than Content-Length');
  });

  it('closes the file when the client goes away mid-body', async () => {
    capturedSource = null;
    await new Promise<void>((resolve) => {
      const req = get(`${origin.url}/s/capture/video/720p/seg-00099.m4s`, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => undefined);
    });
    const [entry] = await waitForEntries(origin.log, { session: 'capture' });
    expect(entry?.aborted).toBe(true);
    expect(entry?.bytes).toBeLessThan(BIG_BYTES);
    const source = capturedSource as unknown as Readable | null;
    expect(source).not.toBeNull();
    // Not events.once: the source is destroyed with the CLIENT_GONE error, and once() rejects on 'error'.
    if (source !== null && !source.closed) await new Promise((resolve) => source.once('close', resolve));
    expect(source?.destroyed).toBe(true);
    expect(reported).toEqual([]);
  });
});

describe('plugin failures', () => {
  it.each([
    ['throws-route', 'route exploded'],
    ['throws-before', 'before exploded'],
    ['throws-wrap', 'wrap exploded'],
    ['fails-early', 'stream failed before any byte'],
  ])('answers 500 when %s fails, reports and logs it, and keeps serving', async (session, message) => {
    const res = await request(origin.url, `/s/${session}${SEGMENT}`);
    expect(res.status).toBe(500);
    expect(res.headers['content-range']).toBeUndefined();
    expect(JSON.parse(res.body.toString()).message).toContain(message);
    const [entry] = await waitForEntries(origin.log, { session });
    expect(entry).toMatchObject({ status: 500 });
    expect(entry?.error).toContain(message);
    expect(reported.map((e) => e.code)).toEqual(['PLUGIN_FAILED']);
    expect((await request(origin.url, SEGMENT)).status).toBe(200);
  });

  it('drops the connection when a body stream fails after headers went out', async () => {
    const received = await receive(`${origin.url}/s/fails-midway${SEGMENT}`);
    expect(received.status).toBe(200);
    expect(received.complete).toBe(false);
    const [entry] = await waitForEntries(origin.log, { session: 'fails-midway' });
    expect(entry?.aborted).toBe(false);
    expect(entry?.bytes).toBeLessThan(SEGMENT_BYTES);
    expect(entry?.error).toContain('stream failed midway');
    expect(reported).toHaveLength(1);
    expect((await request(origin.url, SEGMENT)).status).toBe(200);
  });
});

describe('lifecycle', () => {
  it('applies a plugin added while running to later requests', async () => {
    origin.addPlugin(
      forSession('late', {
        beforeResponse(_req, res) {
          res.writeHead(418).end();
          return true;
        },
      }),
    );
    expect((await request(origin.url, '/s/late/master.m3u8')).status).toBe(418);
  });

  it('closes plugins and in-flight requests on close', async () => {
    let arrived = false;
    const other = await startOrigin({
      dir: ladder.root,
      plugins: [
        {
          name: 'hang',
          beforeResponse: () => {
            arrived = true;
            return sleep(1_000).then(() => false);
          },
          close: () => void (closedPlugins += 10),
        },
      ],
    });
    const pending = receive(`${other.url}${SEGMENT}`).catch((error: Error) => error);
    await waitUntil(() => arrived);
    const before = closedPlugins;
    await other.close();
    expect(closedPlugins).toBe(before + 10);
    expect(other.log.entries()).toMatchObject([{ aborted: true, status: 0 }]);
    await pending;
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(5);
}
