import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrigin, type ControlledOrigin } from '../../../../origin/control/create-origin.js';
import type { BeaconBatch, TelemetryBeacon } from '../../../../telemetry/types.js';
import { run, sessionSignal } from '../../telemetry/fixtures.js';

let origin: ControlledOrigin;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'collector-'));
  await writeFile(join(dir, 'master.m3u8'), '#EXTM3U\n');
  origin = await createOrigin({ dir, port: 0, progress: false });
});
afterAll(async () => {
  await origin.close();
  await rm(dir, { recursive: true, force: true });
});

function post(path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin.url}${path}`, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as unknown) : null }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function get(path: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${origin.url}${path}`);
  return { status: response.status, json: await response.json() };
}

function session(id: string, videoId: string, startupAtMs: number): TelemetryBeacon[] {
  return run([
    sessionSignal({ sessionId: id, videoId }),
    { type: 'play_intent', atMs: 0 },
    { type: 'first_frame', atMs: startupAtMs, positionSec: 0 },
    { type: 'end', atMs: startupAtMs + 1_000, reason: 'pagehide' },
  ]).map((beacon) => ({ ...beacon, eventId: `${id}-${beacon.eventId}` }));
}

function batch(beacons: TelemetryBeacon[], final = false): string {
  return JSON.stringify({ schemaVersion: 1, sentAtMs: 1_700_000_000_000, final, beacons } satisfies BeaconBatch);
}

describe('beacon collector', () => {
  it('stores a valid batch, drops copies by event id, and serves a session back in seq order', async () => {
    const beacons = session('c-1', 'video-a', 800);
    expect(await post('/beacons', batch(beacons.slice(0, 2)))).toEqual({ status: 200, json: { accepted: 2, duplicates: 0 } });
    expect(await post('/s/test-1/beacons', batch(beacons, true))).toEqual({ status: 200, json: { accepted: 1, duplicates: 2 } });
    const stored = (await get('/beacons?session=c-1')).json as { beacons: Array<{ beacon: TelemetryBeacon; final: boolean }> };
    expect(stored.beacons.map((b) => [b.beacon.seq, b.beacon.type, b.final])).toEqual([
      [0, 'session_start', false],
      [1, 'startup', false],
      [2, 'session_end', true],
    ]);
    expect(origin.collector?.stats).toMatchObject({ duplicates: 2 });
  });

  it('answers an invalid batch with 400 naming the field, and stores none of it', async () => {
    const beacons = session('c-2', 'video-a', 500);
    const broken = [...beacons.slice(0, 1), { ...beacons[1]!, data: { startupMs: 'fast' } }];
    const { status, json } = await post('/beacons', batch(broken as TelemetryBeacon[]));
    expect(status).toBe(400);
    expect(json).toMatchObject({ error: { code: 'INVALID_BEACON', errors: [{ path: '/beacons/1/data/startupMs', message: 'must be number' }] } });
    expect(origin.collector?.beacons('c-2')).toEqual([]);
    expect((await post('/beacons', '{not json')).json).toMatchObject({ error: { code: 'BAD_JSON' } });
  });

  it('answers a body over 64 kB with 413', async () => {
    const { status, json } = await post('/beacons', 'x'.repeat(70_000));
    expect(status).toBe(413);
    expect(json).toMatchObject({ error: { code: 'BODY_TOO_LARGE' } });
  });

  it('summarises a session (complete, no missing seq) and a video (median startup)', async () => {
    await post('/beacons', batch(session('c-3', 'video-b', 400)));
    const partial = session('c-4', 'video-b', 600).filter((beacon) => beacon.seq !== 1);
    await post('/beacons', batch(partial));
    expect((await get('/beacons/summary?session=c-3')).json).toMatchObject({ complete: true, missingSeq: [], qoe: { startupMs: 400 } });
    expect((await get('/beacons/summary?session=c-4')).json).toMatchObject({ complete: false, missingSeq: [1] });
    expect((await get('/beacons/summary?video=video-b')).json).toMatchObject({ videoId: 'video-b', sessions: 2, startupMsMedian: 500, missingBeacons: 1 });
    expect((await get('/beacons/sessions?video=video-b')).json).toEqual({ sessions: ['c-3', 'c-4'] });
  });

  it('fails POSTs with 503 during an outage, and takes them again after', async () => {
    const put = await fetch(`${origin.url}/beacons/outage`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sec: 30 }) });
    expect(await put.json()).toMatchObject({ down: true });
    const beacons = session('c-5', 'video-c', 300);
    expect((await post('/beacons', batch(beacons))).status).toBe(503);
    await fetch(`${origin.url}/beacons/outage`, { method: 'DELETE' });
    expect((await post('/beacons', batch(beacons))).status).toBe(200);
  });
});
