import { afterEach, describe, expect, it } from 'vitest';
import { originNetwork } from '../../../../origin/playwright/network.js';
import { EVIL_ORIGIN, jsonCall, LOCAL_ORIGIN, preflight, send, simplePost, startOrigin, stopOrigin } from './helpers.js';

afterEach(stopOrigin);

const RULE = JSON.stringify({ fault: { type: 'status', status: 503 } });

describe('the control API from a page on another site', () => {
  it('refuses a simple cross-origin POST (text/plain) with 403 before it changes anything', async () => {
    const { origin } = await startOrigin();

    const answer = await simplePost(`${origin.url}/_origin/sessions/victim/faults`, EVIL_ORIGIN, RULE);

    expect(answer.status).toBe(403);
    expect(answer.json).toMatchObject({ error: { code: 'FORBIDDEN_ORIGIN' } });
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    expect(origin.faults.rulesOf('victim')).toEqual([]);
  });

  it.each([
    ['PUT', '/_origin/sessions/victim/profile', JSON.stringify({ kbps: 50 })],
    ['POST', '/_origin/sessions/victim/faults', RULE],
    ['PUT', '/_origin/sessions/victim/faults', `[${RULE}]`],
    ['DELETE', '/_origin/sessions/victim', undefined],
    ['DELETE', '/_origin/log', undefined],
    ['PUT', '/beacons/outage', JSON.stringify({ sec: 60 })],
    ['DELETE', '/beacons/outage', undefined],
  ])('refuses %s %s from an evil origin even with a JSON body', async (method, path, body) => {
    const { origin } = await startOrigin();
    await send(`${origin.url}/s/victim/master.m3u8`);
    origin.throttle.setProfile('victim', { rate: { kind: 'fixed', kbps: 5000 }, rttMs: 0, jitterMs: 0 });

    const answer = await send(`${origin.url}${path}`, {
      method,
      headers: { Origin: EVIL_ORIGIN, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body }),
    });

    expect(answer.status).toBe(403);
    expect(origin.throttle.describe('victim').profile).toMatchObject({ rate: { kind: 'fixed', kbps: 5000 } });
    expect(origin.faults.rulesOf('victim')).toEqual([]);
    expect(origin.log.entries({ session: 'victim' })).toHaveLength(1);
    expect(origin.collector?.stats).toBeDefined();
    const outage = await jsonCall(`${origin.url}/beacons/outage`, 'GET');
    expect(outage.json).toMatchObject({ down: false });
  });

  it.each([
    ['/_origin/log'],
    ['/_origin/sessions'],
    ['/_origin/sessions/victim'],
    ['/_origin/sessions/victim/report'],
    ['/_origin/traces'],
    ['/_origin/health'],
    ['/beacons?session=abc'],
    ['/beacons/summary?session=abc'],
    ['/beacons/sessions'],
    ['/beacons/outage'],
  ])('refuses to let an evil page read %s, with no CORS grant', async (path) => {
    const { origin } = await startOrigin();

    const answer = await send(`${origin.url}${path}`, { headers: { Origin: EVIL_ORIGIN, 'Sec-Fetch-Site': 'cross-site' } });

    expect(answer.status).toBe(403);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('refuses a cross-site request without Origin (an <img> or <script> pointing at the API)', async () => {
    const { origin } = await startOrigin();
    const answer = await send(`${origin.url}/_origin/log`, { headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'image' } });
    expect(answer.status).toBe(403);
  });

  it('fails the preflight of an evil page with 403 and no CORS or private-network grant', async () => {
    const { origin } = await startOrigin();

    const answer = await preflight(`${origin.url}/_origin/sessions/victim/faults`, EVIL_ORIGIN, 'POST', 'content-type', {
      'Access-Control-Request-Private-Network': 'true',
    });

    expect(answer.status).toBe(403);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    expect(answer.headers['access-control-allow-methods']).toBeUndefined();
    expect(answer.headers['access-control-allow-private-network']).toBeUndefined();
  });

  it('refuses the Origin "null" (sandboxed frames, file:// pages)', async () => {
    const { origin } = await startOrigin();
    expect((await send(`${origin.url}/_origin/log`, { headers: { Origin: 'null' } })).status).toBe(403);
  });
});

describe('DNS rebinding', () => {
  it.each([
    ['a name that resolves to 127.0.0.1', (port: number) => `evil.example:${port}`],
    ['a loopback name with another port', (_port: number) => 'localhost:1'],
    ['a loopback name without the port', (_port: number) => 'localhost'],
    ['a Host with user info', (port: number) => `evil.example@127.0.0.1:${port}`],
  ])('answers 421 to a control request naming %s', async (_name, host) => {
    const { origin } = await startOrigin();
    const hostHeader = host(origin.port);

    const read = await send(`${origin.url}/_origin/log`, { headers: { Host: hostHeader } });
    const write = await jsonCall(`${origin.url}/_origin/sessions/victim/faults`, 'POST', RULE, { Host: hostHeader });

    expect(read.status).toBe(421);
    expect(read.json).toMatchObject({ error: { code: 'MISDIRECTED_HOST' } });
    expect(write.status).toBe(421);
    expect(origin.faults.rulesOf('victim')).toEqual([]);
  });

  it('answers 421 to a same-origin page on a rebound name (its POST carries its own Origin)', async () => {
    const { origin } = await startOrigin();
    const page = `http://evil.example:${origin.port}`;
    const answer = await jsonCall(`${origin.url}/_origin/sessions/victim/profile`, 'PUT', { kbps: 50 }, { Host: `evil.example:${origin.port}`, Origin: page });
    expect(answer.status).toBe(421);
  });

  it.each([(port: number) => `127.0.0.1:${port}`, (port: number) => `localhost:${port}`, (port: number) => `LOCALHOST:${port}`, (port: number) => `[::1]:${port}`])(
    'answers a Host naming this server on loopback',
    async (host) => {
      const { origin } = await startOrigin();
      expect((await send(`${origin.url}/_origin/health`, { headers: { Host: host(origin.port) } })).status).toBe(200);
    },
  );

  it('answers Host names given with allowedHosts (e.g. a port mapping)', async () => {
    const { origin } = await startOrigin({ allowedHosts: ['box.local', 'localhost:9000'] });
    expect((await send(`${origin.url}/_origin/health`, { headers: { Host: `box.local:${origin.port}` } })).status).toBe(200);
    expect((await send(`${origin.url}/_origin/health`, { headers: { Host: 'localhost:9000' } })).status).toBe(200);
    expect((await send(`${origin.url}/_origin/health`, { headers: { Host: 'box.local:9000' } })).status).toBe(421);
  });

  it('on a wildcard bind, reports the real address and answers IP-literal Hosts but not names', async () => {
    const { origin } = await startOrigin({ host: '0.0.0.0' });

    expect(origin.address).toMatchObject({ address: '0.0.0.0', family: 'IPv4', port: origin.port });
    expect(origin.url).toBe(`http://127.0.0.1:${origin.port}`);
    expect((await send(`${origin.url}/_origin/health`, { headers: { Host: `10.1.2.3:${origin.port}` } })).status).toBe(200);
    expect((await send(`${origin.url}/_origin/health`, { headers: { Host: `rebound.example:${origin.port}` } })).status).toBe(421);
  });

  it('still serves media under any Host: ladder files are public', async () => {
    const { origin } = await startOrigin();
    expect((await send(`${origin.url}/master.m3u8`, { headers: { Host: `evil.example:${origin.port}` } })).status).toBe(200);
  });
});

describe('JSON bodies only', () => {
  it.each([
    ['text/plain;charset=UTF-8'],
    ['application/x-www-form-urlencoded'],
    ['multipart/form-data; boundary=x'],
    ['text/json'],
  ])('answers 415 to a %s body, even from Node or a loopback page', async (type) => {
    const { origin } = await startOrigin();
    const senders: Array<Record<string, string>> = [{}, { Origin: LOCAL_ORIGIN }];
    for (const headers of senders) {
      const answer = await send(`${origin.url}/_origin/sessions/s/faults`, { method: 'POST', headers: { 'Content-Type': type, ...headers }, body: RULE });
      expect(answer.status).toBe(415);
      expect(answer.json).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    }
    expect(origin.faults.rulesOf('s')).toEqual([]);
  });

  it('answers 415 to a body without a Content-Type', async () => {
    const { origin } = await startOrigin();
    const answer = await send(`${origin.url}/_origin/sessions/s/profile`, { method: 'PUT', body: '{"kbps":800}' });
    expect(answer.status).toBe(415);
  });

  it('takes application/json with parameters, and bodiless DELETEs', async () => {
    const { origin } = await startOrigin();
    const put = await send(`${origin.url}/_origin/sessions/s/faults`, { method: 'PUT', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: `[${RULE}]` });
    const remove = await send(`${origin.url}/_origin/sessions/s/faults`, { method: 'DELETE' });
    expect([put.status, remove.status]).toEqual([200, 200]);
  });
});

describe('legitimate use', () => {
  it('lets a loopback page use the control API, with CORS but without credentials', async () => {
    const { origin } = await startOrigin();

    const pre = await preflight(`${origin.url}/_origin/sessions/s/faults`, LOCAL_ORIGIN, 'POST', 'content-type', { 'Access-Control-Request-Private-Network': 'true' });
    const post = await jsonCall(`${origin.url}/_origin/sessions/s/faults`, 'POST', RULE, { Origin: LOCAL_ORIGIN, 'Sec-Fetch-Site': 'cross-site' });

    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(LOCAL_ORIGIN);
    expect(pre.headers['access-control-allow-private-network']).toBe('true');
    expect(pre.headers['access-control-allow-credentials']).toBeUndefined();
    expect(post.status).toBe(200);
    expect(post.headers['access-control-allow-origin']).toBe(LOCAL_ORIGIN);
    expect(post.headers['access-control-allow-credentials']).toBeUndefined();
    expect(origin.faults.rulesOf('s')).toHaveLength(1);
  });

  it.each(['http://127.0.0.1:8081', 'http://localhost', 'http://[::1]:3000', 'https://localhost:8443'])('allows the loopback origin %s', async (page) => {
    const { origin } = await startOrigin();
    const answer = await send(`${origin.url}/_origin/sessions`, { headers: { Origin: page } });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe(page);
  });

  it('allows origins given with corsOrigins, and only those', async () => {
    const { origin } = await startOrigin({ corsOrigins: ['https://My-App.test', 'http://192.168.1.20:*'] });

    expect((await send(`${origin.url}/_origin/sessions`, { headers: { Origin: 'https://my-app.test' } })).status).toBe(200);
    expect((await send(`${origin.url}/_origin/sessions`, { headers: { Origin: 'http://192.168.1.20:5173' } })).status).toBe(200);
    expect((await send(`${origin.url}/_origin/sessions`, { headers: { Origin: 'http://my-app.test' } })).status).toBe(403);
    expect((await send(`${origin.url}/_origin/sessions`, { headers: { Origin: 'https://my-app.test.evil.example' } })).status).toBe(403);
    expect((await send(`${origin.url}/_origin/sessions`, { headers: { Origin: 'http://192.168.1.21:5173' } })).status).toBe(403);
    expect(origin.corsOrigins).toEqual(['https://my-app.test', 'http://192.168.1.20:*']);
  });

  it('rejects a malformed corsOrigins entry before listening', async () => {
    await expect(startOrigin({ corsOrigins: ['my-app.test'] })).rejects.toMatchObject({ code: 'BAD_CORS_ORIGIN' });
    await expect(startOrigin({ corsOrigins: ['https://my-app.test/path'] })).rejects.toMatchObject({ code: 'BAD_CORS_ORIGIN' });
  });

  it('works for the QA kit’s network fixture, which calls the control API from Node with JSON', async () => {
    const { origin } = await startOrigin();
    const network = originNetwork(origin.url, 'kit');

    await network.throttle({ kbps: 800, rttMs: 40 });
    await network.use('slow-4g');
    await network.fault('503@media:seg=5-8,count=3');
    await network.fault({ fault: { type: 'manifest-change' }, match: { pathGlob: '/master.m3u8' } });
    expect(origin.throttle.describe('kit')).toMatchObject({ source: 'control' });
    expect(origin.faults.rulesOf('kit')).toHaveLength(2);
    await network.clear();
    expect(origin.faults.rulesOf('kit')).toEqual([]);
  });

  it('works with fetch from Node (no Origin, its own Host), as the e2e tests and benchmarks call it', async () => {
    const { origin } = await startOrigin();
    const put = await fetch(`${origin.url}/_origin/sessions/n/profile`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"kbps":800}' });
    const log = await fetch(`${origin.url}/_origin/log?session=n`);
    expect([put.status, log.status]).toEqual([200, 200]);
  });
});
