import { afterEach, describe, expect, it } from 'vitest';
import { parseFaultRuleCli, parseFaultRulesCli } from '../../../../origin/faults/parse.js';
import { addFile, sleep, startTestOrigin, timedRequest, type TestOrigin } from '../control/origin-fixture.js';
import { waitForEntries } from '../server/helpers.js';

const SEGMENT = '/video/720p/seg-00001.m4s';
const SEGMENT_BYTES = 100_000;

let running: TestOrigin | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

async function start(options: Parameters<typeof startTestOrigin>[0] = {}): Promise<TestOrigin> {
  running = await startTestOrigin(options);
  return running;
}

/** The origin with `rules` set for session `s`; returns the URL of `path` in that session. */
async function withRules(rules: string[], options: Parameters<typeof startTestOrigin>[0] = {}): Promise<TestOrigin & { url: (path: string) => string }> {
  const test = await start(options);
  test.origin.faults.setRules('s', parseFaultRulesCli(rules));
  return { ...test, url: (path) => `${test.origin.url}/s/s${path}` };
}

describe('faults plugin over HTTP', () => {
  it('answers 503 with Retry-After and logs the fault', async () => {
    const { origin, url } = await withRules(['503@media:rung=720p,retryAfter=2']);

    const response = await timedRequest(url(SEGMENT));
    const other = await timedRequest(url('/video/360p/seg-00001.m4s'));

    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('2');
    expect(other.status).toBe(200);
    const [entry] = await waitForEntries(origin.log, { session: 's', kind: 'media' }, 2);
    expect(entry).toMatchObject({ path: SEGMENT, status: 503, fault: '503@media:rung=720p,retryAfter=2' });
  });

  it('resets the connection after the given bytes', async () => {
    const { origin, url } = await withRules(['reset@media:bytes=10000']);

    const response = await timedRequest(url(SEGMENT));

    expect(response.complete).toBe(false);
    expect(response.body.byteLength).toBeLessThanOrEqual(10_000);
    const [entry] = await waitForEntries(origin.log, { session: 's', kind: 'media' });
    expect(entry).toMatchObject({ fault: 'reset@media:bytes=10000', aborted: true, status: 200 });
    expect(entry?.bytes).toBe(10_000);
  });

  it('stalls the body after sending the headers, then completes it', async () => {
    const { origin, url } = await withRules(['stall@media:sec=0.3,bytes=1000']);

    const response = await timedRequest(url(SEGMENT));

    expect(response.complete).toBe(true);
    expect(response.body.byteLength).toBe(SEGMENT_BYTES);
    expect(response.headersMs).toBeLessThan(150);
    expect(response.totalMs).toBeGreaterThanOrEqual(290);
    const [entry] = await waitForEntries(origin.log, { session: 's', kind: 'media' });
    expect(entry?.fault).toBe('stall@media:sec=0.3,bytes=1000');
  });

  it('delays the first byte for a slow-first-byte fault', async () => {
    const { origin, url } = await withRules(['slow@manifest:ms=200']);

    const response = await timedRequest(url('/master.m3u8'));

    expect(response.status).toBe(200);
    expect(response.headersMs).toBeGreaterThanOrEqual(195);
    const [entry] = await waitForEntries(origin.log, { session: 's' });
    expect(entry?.fault).toBe('slow@manifest:ms=200');
  });

  it('truncates the body while Content-Length claims it all', async () => {
    const { origin, url } = await withRules(['truncate@media:fraction=0.5']);

    const response = await timedRequest(url(SEGMENT));

    expect(response.headers['content-length']).toBe(String(SEGMENT_BYTES));
    expect(response.body.byteLength).toBe(SEGMENT_BYTES / 2);
    expect(response.complete).toBe(false);
    const [entry] = await waitForEntries(origin.log, { session: 's', kind: 'media' });
    expect(entry).toMatchObject({ fault: 'truncate@media:fraction=0.5', bytes: SEGMENT_BYTES / 2 });
    expect(entry?.error).toMatch(/body ended after/);
  });

  it('corrupts the named bytes and keeps the length', async () => {
    const test = await withRules(['corrupt@media:offsets=0|10']);
    const clean = await timedRequest(`${test.origin.url}${SEGMENT}`);

    const response = await timedRequest(test.url(SEGMENT));

    expect(response.body.byteLength).toBe(SEGMENT_BYTES);
    const differing = [...response.body.keys()].filter((i) => response.body[i] !== clean.body[i]);
    expect(differing).toEqual([0, 10]);
    const [entry] = await waitForEntries(test.origin.log, { session: 's', kind: 'media' });
    expect(entry?.fault).toBe('corrupt@media:offsets=0|10');
  });

  it('drops every request of the session during an outage window, then serves again', async () => {
    const { origin, url } = await withRules(['outage@media:sec=0.4']);

    const first = await timedRequest(url(SEGMENT));
    const duringManifest = await timedRequest(url('/master.m3u8'));
    const otherSession = await timedRequest(`${origin.url}/s/other/master.m3u8`);
    await sleep(450);
    const after = await timedRequest(url(SEGMENT));

    expect(first.errorCode).not.toBeNull();
    expect(duringManifest.errorCode).not.toBeNull();
    expect(otherSession.status).toBe(200);
    expect(after.status).toBe(200);
    const entries = await waitForEntries(origin.log, { session: 's' }, 3);
    expect(entries.map((entry) => [entry.status, entry.fault])).toEqual([
      [0, 'outage@media:sec=0.4'],
      [0, 'outage@media:sec=0.4'],
      [200, null],
    ]);
  });

  it('fires a counted rule only that many times', async () => {
    const { url } = await withRules(['404@media:count=2']);

    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await timedRequest(url(SEGMENT))).status);

    expect(statuses).toEqual([404, 404, 200]);
  });

  it('fires a rule with a probability by the rng, so a seeded rng replays the same faults', async () => {
    const rolls = [0.1, 0.9, 0.2, 0.8];
    const { url } = await withRules(['500@media:p=0.5'], { faults: { rng: () => rolls.shift() ?? 0.99 } });

    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await timedRequest(url(SEGMENT))).status);

    expect(statuses).toEqual([500, 200, 500, 200]);
  });

  it('applies default rules to every session and to requests without one, counting per session', async () => {
    const { origin } = await start({ faults: { defaultRules: [parseFaultRuleCli('500@manifest:count=1')] } });

    const statuses = [];
    for (const path of ['/s/a/master.m3u8', '/s/a/master.m3u8', '/s/b/master.m3u8', '/master.m3u8', '/master.m3u8']) {
      statuses.push((await timedRequest(`${origin.url}${path}`)).status);
    }

    expect(statuses).toEqual([500, 200, 500, 500, 200]);
  });

  it('keeps one session’s rules away from other sessions and from control routes', async () => {
    const { origin, url } = await withRules(['503']);

    expect((await timedRequest(url('/master.m3u8'))).status).toBe(503);
    expect((await timedRequest(`${origin.url}/s/clean/master.m3u8`)).status).toBe(200);
    expect((await timedRequest(url('/_origin/health'))).status).toBe(200);
    expect((await timedRequest(`${origin.url}/_origin/sessions/s/faults`)).status).toBe(200);
  });
});

describe('rewrite faults over HTTP', () => {
  const MASTER = [
    '#EXTM3U',
    '#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"',
    'video/360p/playlist.m3u8',
    '#EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2"',
    'video/720p/playlist.m3u8',
    '',
  ].join('\n');

  async function withMaster(rules: string[]): Promise<TestOrigin & { url: (path: string) => string }> {
    const test = await withRules(rules);
    await addFile(test.ladder, '/master.m3u8', MASTER);
    return test;
  }

  it('replaces a manifest with the given body and type, and logs it', async () => {
    const { origin, url } = await withMaster(['replace@manifest:path=/master.m3u8,body=%3C%3Fnot a manifest,contentType=text/plain']);

    const replaced = await timedRequest(url('/master.m3u8'));
    const media = await timedRequest(url('/video/720p/playlist.m3u8'));

    expect(replaced.status).toBe(200);
    expect(replaced.body.toString()).toBe('<?not a manifest');
    expect(replaced.headers['content-type']).toBe('text/plain');
    expect(replaced.headers['cache-control']).toBe('no-store');
    expect(media.body.toString()).toContain('#EXTINF');
    const [entry] = await waitForEntries(origin.log, { session: 's', kind: 'manifest' });
    expect(entry).toMatchObject({ status: 200, bytes: 16, fault: 'replace@manifest:path=/master.m3u8,body=%3C%3Fnot%20a%20manifest,contentType=text%2Fplain' });
  });

  it('replaces even a file that does not exist, with the type its name implies', async () => {
    const { url } = await withRules(['replace:body=%23EXTM3U']);
    const response = await timedRequest(url('/nowhere/master.m3u8'));
    expect([response.status, response.body.toString(), response.headers['content-type']]).toEqual([200, '#EXTM3U', 'application/vnd.apple.mpegurl']);
  });

  it('serves the master as is first, then with one rung fewer, leaving media playlists alone', async () => {
    const { origin, url } = await withMaster(['manifest-change@manifest']);

    const first = await timedRequest(url('/master.m3u8'));
    const media = await timedRequest(url('/video/720p/playlist.m3u8'));
    const second = await timedRequest(url('/master.m3u8'));

    expect(first.body.toString()).toBe(MASTER);
    expect(media.body.toString()).toContain('#EXTINF');
    expect(second.status).toBe(200);
    expect(second.body.toString()).not.toContain('720p');
    expect(second.body.toString()).toContain('video/360p/playlist.m3u8');
    expect(Number(second.headers['content-length'])).toBe(second.body.byteLength);
    const entries = await waitForEntries(origin.log, { session: 's', kind: 'manifest' }, 3);
    expect(entries.map((entry) => entry.fault)).toEqual([null, null, 'manifest-change@manifest']);
  });

  it('rewrites the video codecs of the master, answering HEAD with headers only', async () => {
    const { url } = await withMaster(['codec@manifest:codecs=hvc1.1.6.L93.B0']);

    const response = await timedRequest(url('/master.m3u8'));
    const head = await timedRequest(url('/master.m3u8'), { method: 'HEAD' });

    expect(response.body.toString()).toBe(MASTER.replace(/avc1\.[0-9a-f]+/g, 'hvc1.1.6.L93.B0'));
    expect(head.status).toBe(200);
    expect(head.body.byteLength).toBe(0);
    expect(Number(head.headers['content-length'])).toBe(response.body.byteLength);
  });

  it('lets a manifest rewrite of a missing file fall through to 404', async () => {
    const { url } = await withRules(['codec:codecs=hvc1.1.6.L93.B0']);
    expect((await timedRequest(url('/missing.m3u8'))).status).toBe(404);
  });
});
