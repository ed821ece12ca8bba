import { writeFile, mkdir } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { dirname, join } from 'node:path';
import { createOrigin, type ControlledOrigin, type CreateOriginOptions } from '../../../../origin/control/create-origin.js';
import { fakeBytes, makeFakeLadder, type FakeLadder } from '../server/helpers.js';

/** A 200 kB video segment added to the fake ladder, for timing tests. */
export const BIG_SEGMENT = '/video/1080p/seg-00001.m4s';
export const BIG_SEGMENT_BYTES = 200_000;

export interface TestOrigin {
  origin: ControlledOrigin;
  ladder: FakeLadder;
  close(): Promise<void>;
}

/** The fake ladder from the server tests plus a 200 kB segment, served by `createOrigin` on 127.0.0.1:0. */
export async function startTestOrigin(options: Omit<CreateOriginOptions, 'dir'> = {}): Promise<TestOrigin> {
  const ladder = await makeFakeLadder();
  await addFile(ladder, BIG_SEGMENT, fakeBytes(BIG_SEGMENT_BYTES, 9));
  const origin = await createOrigin({ dir: ladder.root, onError: () => undefined, ...options });
  return {
    origin,
    ladder,
    close: async () => {
      await origin.close();
      await ladder.cleanup();
    },
  };
}

/** Writes (or replaces) a file of the fake ladder. */
export async function addFile(ladder: FakeLadder, path: string, bytes: Buffer | string): Promise<void> {
  await mkdir(dirname(join(ladder.root, path)), { recursive: true });
  await writeFile(join(ladder.root, path), bytes);
}

export interface TimedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Request sent to response headers, ms. */
  headersMs: number;
  /** Request sent to the end (or failure) of the body, ms. */
  totalMs: number;
  /** The body arrived in full (as declared). */
  complete: boolean;
  /** The connection failed before a response (reset, dropped): its error code. */
  errorCode: string | null;
}

/**
 * One request on a fresh connection, timed, that never rejects: a dropped connection or a reset
 * mid-body comes back as `errorCode` / `complete: false` with whatever arrived.
 */
export function timedRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<TimedResponse> {
  const startMs = performance.now();
  return new Promise((resolve) => {
    let headersMs = 0;
    const chunks: Buffer[] = [];
    const done = (status: number, headers: IncomingHttpHeaders, complete: boolean, errorCode: string | null): void =>
      resolve({ status, headers, body: Buffer.concat(chunks), headersMs, totalMs: performance.now() - startMs, complete, errorCode });
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      headersMs = performance.now() - startMs;
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', () => undefined);
      res.on('close', () => done(res.statusCode ?? 0, res.headers, res.complete, null));
    });
    req.on('error', (error: NodeJS.ErrnoException) => done(0, {}, false, error.code ?? error.message));
    req.end(options.body);
  });
}

/** A control-API call: JSON in, status and parsed JSON out. */
export async function controlCall(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: any; headers: IncomingHttpHeaders }> {
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const response = await timedRequest(`${baseUrl}${path}`, {
    method,
    ...(text === undefined ? {} : { body: text, headers: { 'content-type': 'application/json' } }),
  });
  return { status: response.status, json: response.body.length > 0 ? JSON.parse(response.body.toString('utf8')) : null, headers: response.headers };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
