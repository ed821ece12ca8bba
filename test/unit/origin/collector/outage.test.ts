import { EventEmitter } from 'node:events';
import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeldRequests, isDown, parseOutageBody, startOutage, type HeldConnection } from '../../../../origin/collector/outage.js';
import { createOrigin, type ControlledOrigin } from '../../../../origin/control/create-origin.js';
import type { BeaconBatch, TelemetryBeacon } from '../../../../telemetry/types.js';
import { run, sessionSignal } from '../../telemetry/fixtures.js';

describe('outage state', () => {
  it('parses every mode, 503 by default', () => {
    expect(parseOutageBody({ sec: 30 })).toEqual([30, '503']);
    for (const mode of ['503', 'reset', '404', 'hang'] as const) expect(parseOutageBody({ sec: 5, mode })).toEqual([5, mode]);
    expect(parseOutageBody({ sec: 5, mode: '500' })).toBe('mode must be one of "503", "reset", "404", "hang"');
    expect(parseOutageBody({ sec: -1 })).toMatch(/^sec must be/);
    expect(parseOutageBody([])).toMatch(/JSON object/);
  });

  it('is down from the start until sec later', () => {
    const outage = startOutage(1_000, 2, 'hang');
    expect([isDown(outage, 1_000), isDown(outage, 2_999), isDown(outage, 3_000)]).toEqual([true, true, false]);
    expect(startOutage(1_000, 0, 'hang')).toEqual({ untilMs: null, mode: '503' });
  });
});

/** A connection the test closes. */
class FakeConnection extends EventEmitter implements HeldConnection {
  destroyed = false;
  close(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

describe('HeldRequests', () => {
  it('lets a held request go when its outage ends, and forgets one whose connection closed', async () => {
    const held = new HeldRequests();
    const now = Date.now();
    const released = held.hold(new FakeConnection(), now + 30, now);
    const gone = new FakeConnection();
    const closed = held.hold(gone, now + 60_000, now);
    expect(held.size).toBe(2);
    gone.close();
    await expect(closed).resolves.toBe('closed');
    await expect(released).resolves.toBe('released');
    expect(held.size).toBe(0);
    expect(gone.listenerCount('close')).toBe(0);
  });

  it('lets every held request go at once when the outage changes', async () => {
    const held = new HeldRequests();
    const now = Date.now();
    const waits = [held.hold(new FakeConnection(), now + 60_000, now), held.hold(new FakeConnection(), now + 60_000, now)];
    held.releaseAll();
    await expect(Promise.all(waits)).resolves.toEqual(['released', 'released']);
  });

  it('does not hold a connection that is already closed', async () => {
    const connection = new FakeConnection();
    connection.destroyed = true;
    await expect(new HeldRequests().hold(connection, Date.now() + 60_000, Date.now())).resolves.toBe('closed');
  });
});

describe('collector outage modes', () => {
  let origin: ControlledOrigin;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'collector-outage-'));
    await writeFile(join(dir, 'master.m3u8'), '#EXTM3U\n');
    origin = await createOrigin({ dir, port: 0, progress: false });
  });
  afterAll(async () => {
    await origin.close();
    await rm(dir, { recursive: true, force: true });
  });

  function batch(id: string): string {
    const beacons: TelemetryBeacon[] = run([sessionSignal({ sessionId: id }), { type: 'end', atMs: 10, reason: 'stop' }]).map((b) => ({ ...b, eventId: `${id}-${b.eventId}` }));
    return JSON.stringify({ schemaVersion: 1, sentAtMs: Date.now(), final: false, beacons } satisfies BeaconBatch);
  }

  /** POSTs a batch; resolves with the status (or 'closed'), and how long the answer took. */
  function post(path: string, body: string, abortAfterMs?: number): Promise<{ status: number | 'closed'; ms: number }> {
    const started = Date.now();
    return new Promise((resolve) => {
      const req = request(`${origin.url}${path}`, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started }));
      });
      req.on('error', () => resolve({ status: 'closed', ms: Date.now() - started }));
      req.end(body);
      if (abortAfterMs !== undefined) setTimeout(() => req.destroy(), abortAfterMs);
    });
  }

  async function outage(prefix: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${origin.url}${prefix}/beacons/outage`, { method: body === null ? 'DELETE' : 'PUT', headers: { 'content-type': 'application/json' }, ...(body === null ? {} : { body: JSON.stringify(body) }) });
    return response.json();
  }

  it('404: answers NOT_FOUND while down, and stores the batch once up', async () => {
    expect(await outage('/s/o-404', { sec: 30, mode: '404' })).toMatchObject({ down: true, mode: '404' });
    expect((await post('/s/o-404/beacons', batch('o-404'))).status).toBe(404);
    expect(origin.collector?.beacons('o-404')).toEqual([]);
    await outage('/s/o-404', null);
    expect((await post('/s/o-404/beacons', batch('o-404'))).status).toBe(200);
    expect(origin.collector?.beacons('o-404')).toHaveLength(2);
  });

  it('hang: never answers while down, then answers (and stores) as usual when the outage ends', async () => {
    const { untilMs } = (await outage('/s/o-hang', { sec: 0.6, mode: 'hang' })) as { untilMs: number };
    const answer = await post('/s/o-hang/beacons', batch('o-hang'));
    expect(answer.status).toBe(200);
    expect(Date.now()).toBeGreaterThanOrEqual(untilMs - 20); // not before the outage ended
    expect(origin.collector?.beacons('o-hang')).toHaveLength(2);
  });

  it('hang: a client that gives up leaves nothing held, and nothing is stored', async () => {
    await outage('/s/o-gone', { sec: 60, mode: 'hang' });
    expect(await post('/s/o-gone/beacons', batch('o-gone'), 200)).toMatchObject({ status: 'closed' });
    await outage('/s/o-gone', null);
    expect(origin.collector?.beacons('o-gone')).toEqual([]);
  });

  it('hang: ending the outage (DELETE) answers the held requests at once', async () => {
    await outage('/s/o-end', { sec: 60, mode: 'hang' });
    const pending = post('/s/o-end/beacons', batch('o-end'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await outage('/s/o-end', null);
    expect(await pending).toMatchObject({ status: 200 });
  });

  it('hang: closing the server ends the held requests (no socket outlives it)', async () => {
    const other = await createOrigin({ dir, port: 0, progress: false });
    await fetch(`${other.url}/beacons/outage`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sec: 600, mode: 'hang' }) });
    const started = Date.now();
    const pending = new Promise<string>((resolve) => {
      const req = request(`${other.url}/beacons`, { method: 'POST' }, () => resolve('answered'));
      req.on('error', () => resolve('closed'));
      req.end(batch('o-close'));
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await other.close();
    expect(await pending).toBe('closed');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
