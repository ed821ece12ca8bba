import type { IncomingHttpHeaders } from 'node:http';
import { startTestOrigin, timedRequest, type TestOrigin } from '../control/origin-fixture.js';

/** A page on the web, as browsers name it in `Origin`. */
export const EVIL_ORIGIN = 'https://evil.example';
/** A loopback page (the demo, a test page), allowed by default. */
export const LOCAL_ORIGIN = 'http://localhost:5173';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The JSON body, or null when it is not JSON. */
  json: any;
  errorCode: string | null;
  totalMs: number;
}

/**
 * One request with exactly these headers (Node adds `Host: 127.0.0.1:<port>` unless `headers`
 * name another), as a browser or an attacker would send it.
 */
export async function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const response = await timedRequest(url, {
    method: options.method ?? 'GET',
    headers: { ...(options.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(options.body)) }), ...options.headers },
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  const text = response.body.toString('utf8');
  let json: any = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, text, json, errorCode: response.errorCode, totalMs: response.totalMs };
}

/** A simple cross-origin request (no preflight) as a page on `origin` makes it: `fetch(url, { method: 'POST', mode: 'no-cors', body })`. */
export function simplePost(url: string, origin: string, body: string, contentType = 'text/plain;charset=UTF-8'): Promise<Answer> {
  return send(url, { method: 'POST', headers: { Origin: origin, 'Content-Type': contentType, 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors' }, body });
}

/** A CORS preflight from `origin` for `method` with `headers`. */
export function preflight(url: string, origin: string, method: string, headers = 'content-type', extra: Record<string, string> = {}): Promise<Answer> {
  return send(url, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': headers, ...extra },
  });
}

/** JSON from Node, as the QA kit and curl --json send it. */
export function jsonCall(url: string, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return send(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

let running: TestOrigin | null = null;

/** The real origin (createOrigin over the fake ladder) on 127.0.0.1:0; `stopOrigin` in afterEach. */
export async function startOrigin(options: Parameters<typeof startTestOrigin>[0] = {}): Promise<TestOrigin> {
  running = await startTestOrigin(options);
  return running;
}

export async function stopOrigin(): Promise<void> {
  await running?.close();
  running = null;
}
