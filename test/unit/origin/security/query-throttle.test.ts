import { afterEach, describe, expect, it } from 'vitest';
import { EVIL_ORIGIN, LOCAL_ORIGIN, send, startOrigin, stopOrigin } from './helpers.js';

afterEach(stopOrigin);

describe('throttling from a URL', () => {
  it('never changes the shared link from a GET without a session: <img src=".../master.m3u8?kbps=50">', async () => {
    const { origin } = await startOrigin();

    const answer = await send(`${origin.url}/master.m3u8?kbps=50`, { headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Dest': 'image' } });
    const fromNode = await send(`${origin.url}/master.m3u8?kbps=50&rtt=500`);
    const after = await send(`${origin.url}/video/720p/seg-00001.m4s`);

    expect(answer.status).toBe(400);
    expect(fromNode.status).toBe(400);
    expect(fromNode.json).toMatchObject({ error: { code: 'INVALID_PROFILE', reason: 'NEEDS_SESSION' } });
    expect(origin.throttle.describe(null)).toMatchObject({ source: 'default', profile: { rate: { kind: 'unlimited' } } });
    expect(after.status).toBe(200);
    expect(after.totalMs).toBeLessThan(400);
  });

  it('applies a URL profile to the session the request names (prefix or X-Vod-Session)', async () => {
    const { origin } = await startOrigin();

    const prefixed = await send(`${origin.url}/s/mine/master.m3u8?kbps=800`, { headers: { Origin: LOCAL_ORIGIN } });
    const header = await send(`${origin.url}/master.m3u8?kbps=900`, { headers: { 'X-Vod-Session': 'other' } });

    expect([prefixed.status, header.status]).toEqual([200, 200]);
    expect(origin.throttle.describe('mine')).toMatchObject({ source: 'query', profile: { rate: { kind: 'fixed', kbps: 800 } } });
    expect(origin.throttle.describe('other')).toMatchObject({ source: 'query', profile: { rate: { kind: 'fixed', kbps: 900 } } });
    expect(origin.throttle.describe(null).source).toBe('default');
  });

  it.each([
    ['an evil Origin', { Origin: EVIL_ORIGIN, 'Sec-Fetch-Site': 'cross-site' }, 403],
    ['a cross-site request without Origin (an <img>)', { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Dest': 'image' }, 403],
    ['a rebound Host', { Host: 'evil.example:8080' }, 421],
  ])('refuses a session URL profile from %s, leaving the session alone', async (_name, headers, status) => {
    const { origin } = await startOrigin();
    origin.throttle.setProfile('victim', { rate: { kind: 'fixed', kbps: 5000 }, rttMs: 0, jitterMs: 0 });

    const answer = await send(`${origin.url}/s/victim/master.m3u8?kbps=50`, { headers });

    expect(answer.status).toBe(status);
    expect(origin.throttle.describe('victim').profile).toMatchObject({ rate: { kind: 'fixed', kbps: 5000 } });
  });

  it('still serves media to any page when the URL sets no profile', async () => {
    const { origin } = await startOrigin();
    const answer = await send(`${origin.url}/s/x/master.m3u8?token=abc`, { headers: { Origin: EVIL_ORIGIN, 'Sec-Fetch-Site': 'cross-site' } });
    expect(answer.status).toBe(200);
  });
});
