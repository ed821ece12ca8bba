import { afterEach, describe, expect, it } from 'vitest';
import { createTrace } from '../../../../origin/throttle/trace.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BIG_SEGMENT,
  BIG_SEGMENT_BYTES,
  controlCall,
  sleep,
  startTestOrigin,
  timedRequest,
  type TestOrigin,
} from '../control/origin-fixture.js';

let running: TestOrigin | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

async function start(options: Parameters<typeof startTestOrigin>[0] = {}): Promise<TestOrigin> {
  running = await startTestOrigin(options);
  return running;
}

/** Seconds a body of `bytes` takes at `kbps`. */
const secondsAt = (bytes: number, kbps: number): number => (bytes * 8) / (kbps * 1000);

describe('throttle plugin over HTTP', () => {
  it('delivers a 200 kB segment to a session on a fixed 1600 kbps link in 1 s, within 15%', async () => {
    const { origin } = await start();
    origin.throttle.setProfile('fixed', { rate: { kind: 'fixed', kbps: 1600 }, rttMs: 0, jitterMs: 0 });

    const response = await timedRequest(`${origin.url}/s/fixed${BIG_SEGMENT}`);

    expect(response.body.byteLength).toBe(BIG_SEGMENT_BYTES);
    const expectedMs = secondsAt(BIG_SEGMENT_BYTES, 1600) * 1000;
    expect(response.totalMs).toBeGreaterThan(expectedMs * 0.85);
    expect(response.totalMs).toBeLessThan(expectedMs * 1.15);
  });

  it('gives each session its own link, so two throttled sessions do not slow each other', async () => {
    const { origin } = await start();
    for (const id of ['a', 'b']) origin.throttle.setProfile(id, { rate: { kind: 'fixed', kbps: 1600 }, rttMs: 0, jitterMs: 0 });

    const [a, b] = await Promise.all([timedRequest(`${origin.url}/s/a${BIG_SEGMENT}`), timedRequest(`${origin.url}/s/b${BIG_SEGMENT}`)]);

    const expectedMs = secondsAt(BIG_SEGMENT_BYTES, 1600) * 1000;
    for (const response of [a, b]) {
      expect(response.body.byteLength).toBe(BIG_SEGMENT_BYTES);
      expect(response.totalMs).toBeLessThan(expectedMs * 1.15);
    }
  });

  it('shares one session link between its concurrent responses', async () => {
    const { origin } = await start();
    origin.throttle.setProfile('shared', { rate: { kind: 'fixed', kbps: 3200 }, rttMs: 0, jitterMs: 0 });

    const startMs = performance.now();
    await Promise.all([timedRequest(`${origin.url}/s/shared${BIG_SEGMENT}`), timedRequest(`${origin.url}/s/shared${BIG_SEGMENT}`)]);
    const elapsedMs = performance.now() - startMs;

    const expectedMs = secondsAt(2 * BIG_SEGMENT_BYTES, 3200) * 1000;
    expect(elapsedMs).toBeGreaterThan(expectedMs * 0.85);
    expect(elapsedMs).toBeLessThan(expectedMs * 1.15);
  });

  it('leaves sessions without a profile, and requests without a session, at full speed beside a throttled one', async () => {
    const { origin } = await start();
    origin.throttle.setProfile('slow', { rate: { kind: 'fixed', kbps: 400 }, rttMs: 0, jitterMs: 0 });
    const slow = timedRequest(`${origin.url}/s/slow${BIG_SEGMENT}`);

    const free = await timedRequest(`${origin.url}/s/free${BIG_SEGMENT}`);
    const anonymous = await timedRequest(`${origin.url}${BIG_SEGMENT}`);

    expect(free.body.byteLength).toBe(BIG_SEGMENT_BYTES);
    expect(anonymous.body.byteLength).toBe(BIG_SEGMENT_BYTES);
    expect(free.totalMs).toBeLessThan(300);
    expect(anonymous.totalMs).toBeLessThan(300);
    // Forgetting the session ends the throttling of its response in flight (it finishes on the default).
    origin.sessions.forget('slow');
    expect((await slow).body.byteLength).toBe(BIG_SEGMENT_BYTES);
  });

  it('holds the first byte for the RTT, and varies it within the jitter', async () => {
    const { origin } = await start({ throttle: { rng: () => 0 } });
    origin.throttle.setProfile('far', { rate: { kind: 'unlimited' }, rttMs: 150, jitterMs: 0 });
    origin.throttle.setProfile('jittery', { rate: { kind: 'unlimited' }, rttMs: 150, jitterMs: 100 });

    const far = await timedRequest(`${origin.url}/s/far/master.m3u8`);
    const jittery = await timedRequest(`${origin.url}/s/jittery/master.m3u8`);
    const near = await timedRequest(`${origin.url}/s/near/master.m3u8`);

    expect(far.headersMs).toBeGreaterThanOrEqual(148);
    expect(far.headersMs).toBeLessThan(300);
    // rng 0 picks the low end of 150 ± 100 ms.
    expect(jittery.headersMs).toBeGreaterThanOrEqual(48);
    expect(jittery.headersMs).toBeLessThan(140);
    expect(near.headersMs).toBeLessThan(60);
  });

  it('switches a download in flight when the control API changes the profile', async () => {
    const { origin } = await start();
    origin.throttle.setProfile('switch', { rate: { kind: 'fixed', kbps: 160 }, rttMs: 0, jitterMs: 0 });
    const download = timedRequest(`${origin.url}/s/switch${BIG_SEGMENT}`);
    await sleep(300);

    const put = await controlCall(origin.url, 'PUT', '/_origin/sessions/switch/profile', { kbps: 16000 });
    const response = await download;

    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ session: 'switch', source: 'control', profile: { rate: { kind: 'fixed', kbps: 16000 } } });
    expect(response.body.byteLength).toBe(BIG_SEGMENT_BYTES);
    // At 160 kbps it would take 10 s; after the switch the rest takes ~0.1 s.
    expect(response.totalMs).toBeLessThan(1_000);
  });

  it('takes a profile from the manifest URL query, once per distinct query', async () => {
    const { origin } = await start();

    const manifest = await timedRequest(`${origin.url}/s/q1/master.m3u8?kbps=3200&rtt=50`);
    const clockStart = origin.throttle.describe('q1').clock?.startMs;
    await timedRequest(`${origin.url}/s/q1/master.m3u8?kbps=3200&rtt=50`);
    const segment = await timedRequest(`${origin.url}/s/q1${BIG_SEGMENT}`);

    expect(manifest.status).toBe(200);
    expect(manifest.headersMs).toBeGreaterThanOrEqual(48);
    expect(origin.throttle.describe('q1')).toMatchObject({ source: 'query', profile: { rate: { kind: 'fixed', kbps: 3200 }, rttMs: 50 } });
    expect(origin.throttle.describe('q1').clock?.startMs).toBe(clockStart);
    const expectedMs = 50 + secondsAt(BIG_SEGMENT_BYTES, 3200) * 1000;
    expect(segment.totalMs).toBeGreaterThan(expectedMs * 0.85);
    expect(segment.totalMs).toBeLessThan(expectedMs * 1.15);
  });

  it('relies on manifests resolving relative URLs without their query, so segments carry no profile keys', () => {
    // RFC 3986 §5.2.2: a relative reference with a path drops the base's query. hls.js, shaka and
    // dash.js (unless an MPD asks for UrlQueryInfo, which ours never does) resolve this way.
    const manifest = 'http://127.0.0.1:8080/s/q/master.m3u8?kbps=800&rtt=40';

    expect(new URL('video/720p/playlist.m3u8', manifest).search).toBe('');
    expect(new URL('seg-00001.m4s', new URL('video/720p/playlist.m3u8', manifest)).pathname).toBe('/s/q/video/720p/seg-00001.m4s');
  });

  it('loads a query trace by name and answers 400 with a JSON error for a bad query', async () => {
    const { origin } = await start({ throttle: { loadTrace: (name) => createTrace(name, [[1, 8000]]) } });

    const good = await timedRequest(`${origin.url}/s/t1/master.m3u8?trace=steady&traceMode=hold`);
    const conflicting = await timedRequest(`${origin.url}/s/t2/master.m3u8?kbps=800&trace=steady`);
    const pathTrace = await timedRequest(`${origin.url}/s/t3/master.m3u8?trace=../../etc/passwd`);

    expect(good.status).toBe(200);
    expect(origin.throttle.describe('t1').profile).toMatchObject({ rate: { kind: 'trace', name: 'steady', mode: 'hold' } });
    expect(conflicting.status).toBe(400);
    expect(JSON.parse(conflicting.body.toString())).toMatchObject({ error: { code: 'INVALID_PROFILE', reason: 'CONFLICTING_RATE' } });
    expect(pathTrace.status).toBe(400);
    expect(JSON.parse(pathTrace.body.toString())).toMatchObject({ error: { code: 'INVALID_PROFILE', reason: 'BAD_TRACE_REF' } });
  });

  it('takes a network profile by name in a query, with the profile\'s RTT, and without any traces folder', async () => {
    const { origin } = await start();

    const named = await timedRequest(`${origin.url}/s/n1/master.m3u8?trace=slow-4g`);
    const overridden = await timedRequest(`${origin.url}/s/n2/master.m3u8?trace=cliff&rtt=5`);
    const unknown = await timedRequest(`${origin.url}/s/n3/master.m3u8?trace=fcc_trace_7540_http---www.yahoo.com`);

    expect(named.status).toBe(200);
    expect(named.headersMs).toBeGreaterThanOrEqual(95); // slow-4g's own 100 ms before the first byte
    expect(origin.throttle.describe('n1').profile).toMatchObject({ rate: { kind: 'trace', name: 'slow-4g', mode: 'loop', durationSec: 120 }, rttMs: 100 });
    expect(origin.throttle.describe('n2').profile).toMatchObject({ rate: { kind: 'trace', name: 'cliff', mode: 'hold' }, rttMs: 5 });
    // A dev trace name means nothing to an origin without a traces folder: a typed 400 that lists the profiles.
    expect(unknown.status).toBe(400);
    const body = JSON.parse(unknown.body.toString()) as { error: { code: string; reason: string; message: string } };
    expect(body.error).toMatchObject({ code: 'INVALID_PROFILE', reason: 'UNKNOWN_PROFILE' });
    expect(body.error.message).toContain('slow-3g');
  });

  it('resolves other names in the traces folder it is given, after the profiles', async () => {
    const traces = await mkdtemp(join(tmpdir(), 'vod-plugin-traces-'));
    try {
      await writeFile(join(traces, 'my-link.json'), JSON.stringify({ steps: [[1, 640]] }));
      const { origin } = await start({ tracesDir: traces });

      const response = await timedRequest(`${origin.url}/s/f1/master.m3u8?trace=my-link`);

      expect(response.status).toBe(200);
      expect(origin.throttle.describe('f1').profile).toMatchObject({ rate: { kind: 'trace', name: 'my-link', meanKbps: 640 }, rttMs: 0 });
    } finally {
      await rm(traces, { recursive: true, force: true });
    }
  });

  it('applies a default profile to every session and to requests without one', async () => {
    const { origin } = await start({ throttle: { defaultProfile: { rate: { kind: 'fixed', kbps: 3200 }, rttMs: 0, jitterMs: 0 } } });

    const [anonymous, session] = await Promise.all([timedRequest(`${origin.url}${BIG_SEGMENT}`), timedRequest(`${origin.url}/s/d1${BIG_SEGMENT}`)]);

    const expectedMs = secondsAt(BIG_SEGMENT_BYTES, 3200) * 1000;
    for (const response of [anonymous, session]) {
      expect(response.totalMs).toBeGreaterThan(expectedMs * 0.85);
      expect(response.totalMs).toBeLessThan(expectedMs * 1.15);
    }
    expect(origin.throttle.describe('d1').source).toBe('default');
  });

  it('reports delivered bytes per second next to what the profile allows', async () => {
    const { origin } = await start();
    origin.throttle.setProfile('stats', { rate: { kind: 'fixed', kbps: 3200 }, rttMs: 0, jitterMs: 0 });
    await timedRequest(`${origin.url}/s/stats${BIG_SEGMENT}`);

    const { status, json } = await controlCall(origin.url, 'GET', '/_origin/sessions/stats/stats');

    expect(status).toBe(200);
    expect(json.totalBytes).toBe(BIG_SEGMENT_BYTES);
    expect(json.bytesPerSecond.reduce((sum: number, bytes: number) => sum + bytes, 0)).toBe(BIG_SEGMENT_BYTES);
    expect(json.expectedBytesPerSecond[0]).toBe(400_000);
    expect(json.clock.startEpochMs).toBeGreaterThan(Date.now() - 5_000);
  });
});
