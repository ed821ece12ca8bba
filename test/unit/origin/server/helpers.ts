import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RequestLog, RequestLogFilter } from '../../../../origin/server/request-log.js';
import type { RequestLogEntry } from '../../../../origin/server/types.js';

/** Marker in files outside the ladder root: no response may ever contain it. */
export const SECRET_MARKER = 'TOP-SECRET-MARKER';

/** Deterministic fake bytes (real video is not needed to test serving). */
export function fakeBytes(sizeBytes: number, seed = 0): Buffer {
  const bytes = Buffer.alloc(sizeBytes);
  for (let i = 0; i < sizeBytes; i += 1) bytes[i] = (i + seed) % 251;
  return bytes;
}

export interface FakeLadder {
  /** The tmp folder holding the ladder and the "outside" files. */
  tmp: string;
  /** The ladder root to serve. */
  root: string;
  /** Contents by ladder path (`/video/720p/seg-00001.m4s`). */
  files: Map<string, Buffer>;
  cleanup(): Promise<void>;
}

/**
 * A ladder laid out like the generator's, with fake bytes, plus traps around it:
 * `<tmp>/secret.txt` and `<tmp>/outside/secret.txt` outside the root, a symlink to each from
 * inside it (`/escape.txt`, `/escape-dir/`), an inside symlink (`/alias.m3u8`) and a dot file.
 */
export async function makeFakeLadder(): Promise<FakeLadder> {
  const tmp = await mkdtemp(join(tmpdir(), 'vod-origin-'));
  const root = join(tmp, 'ladder');
  const files = new Map<string, Buffer>([
    ['/ladder.json', Buffer.from(JSON.stringify({ version: 1, rungs: [] }))],
    ['/master.m3u8', Buffer.from('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nvideo/360p/playlist.m3u8\n')],
    ['/manifest.mpd', Buffer.from('<?xml version="1.0"?><MPD></MPD>')],
    ['/video/720p/init.mp4', fakeBytes(1_000, 1)],
    ['/video/720p/seg-00001.m4s', fakeBytes(100_000, 2)],
    ['/video/720p/seg-00002.m4s', fakeBytes(120_000, 3)],
    ['/video/720p/playlist.m3u8', Buffer.from('#EXTM3U\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:4,\nseg-00001.m4s\n')],
    ['/video/360p/init.mp4', fakeBytes(800, 4)],
    ['/video/360p/seg-00001.m4s', fakeBytes(40_000, 5)],
    ['/video/360p/playlist.m3u8', Buffer.from('#EXTM3U\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:4,\nseg-00001.m4s\n')],
    ['/audio/init.mp4', fakeBytes(600, 6)],
    ['/audio/seg-00001.m4s', fakeBytes(16_000, 7)],
    ['/audio/playlist.m3u8', Buffer.from('#EXTM3U\n#EXTINF:4,\nseg-00001.m4s\n')],
    ['/text/en.vtt', Buffer.from('WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n')],
    ['/text/en.m3u8', Buffer.from('#EXTM3U\n#EXTINF:10,\nen.vtt\n')],
    ['/thumbs/thumbs.vtt', Buffer.from('WEBVTT\n\n00:00.000 --> 00:04.000\nsprite-001.jpg#xywh=0,0,160,90\n')],
    ['/thumbs/sprite-001.jpg', fakeBytes(5_000, 8)],
    ['/index.html', Buffer.from('<!doctype html><title>demo</title>')],
    ['/app.js', Buffer.from('export {};\n')],
    ['/style.css', Buffer.from('body{}\n')],
    ['/empty.m4s', Buffer.alloc(0)],
    ['/.hidden', Buffer.from(SECRET_MARKER)],
  ]);
  for (const [path, bytes] of files) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), bytes);
  }
  await writeFile(join(tmp, 'secret.txt'), SECRET_MARKER);
  await mkdir(join(tmp, 'outside'));
  await writeFile(join(tmp, 'outside', 'secret.txt'), SECRET_MARKER);
  await symlink(join(tmp, 'secret.txt'), join(root, 'escape.txt'));
  await symlink(join(tmp, 'outside'), join(root, 'escape-dir'));
  await symlink('master.m3u8', join(root, 'alias.m3u8'));
  return { tmp, root, files, cleanup: () => rm(tmp, { recursive: true, force: true }) };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One HTTP request with the path sent exactly as given (fetch would normalise `..`),
 * on a fresh connection.
 */
export function request(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Sends raw bytes on a socket and returns everything the server answered until it closed. */
export function rawExchange(baseUrl: string, bytes: string | Buffer): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.setTimeout(3_000, () => socket.destroy());
    socket.write(bytes);
  });
}

/** Resolves once `log` holds at least `count` entries matching `filter` (the log is written on completion). */
export async function waitForEntries(
  log: RequestLog,
  filter: RequestLogFilter,
  count = 1,
  timeoutMs = 5_000,
): Promise<RequestLogEntry[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const entries = log.entries(filter);
    if (entries.length >= count) return entries;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} log entries, have ${entries.length}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
