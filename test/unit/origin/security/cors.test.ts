import { afterEach, describe, expect, it } from 'vitest';
import { EVIL_ORIGIN, LOCAL_ORIGIN, preflight, send, startOrigin, stopOrigin } from './helpers.js';

afterEach(stopOrigin);

describe('CORS on media (ladder files)', () => {
  it('lets any page read media without credentials', async () => {
    const { origin } = await startOrigin();

    const answer = await send(`${origin.url}/master.m3u8`, { headers: { Origin: EVIL_ORIGIN } });

    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    expect(answer.headers.vary).toContain('Origin');
  });

  it('echoes an allowed origin with credentials (crossorigin="use-credentials")', async () => {
    const { origin } = await startOrigin();
    const answer = await send(`${origin.url}/video/720p/seg-00001.m4s`, { headers: { Origin: LOCAL_ORIGIN } });
    expect(answer.headers['access-control-allow-origin']).toBe(LOCAL_ORIGIN);
    expect(answer.headers['access-control-allow-credentials']).toBe('true');
  });

  it('answers a media preflight from another site with GET and HEAD only, no private-network grant', async () => {
    const { origin } = await startOrigin();

    const answer = await preflight(`${origin.url}/s/x/video/720p/seg-00001.m4s`, EVIL_ORIGIN, 'GET', 'range,cmcd-request', {
      'Access-Control-Request-Private-Network': 'true',
    });

    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(answer.headers['access-control-allow-methods']).toBe('GET, HEAD, OPTIONS');
    expect(answer.headers['access-control-allow-headers']).toBe('range,cmcd-request');
    expect(answer.headers['access-control-allow-private-network']).toBeUndefined();
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('grants private-network access to an allowed page only', async () => {
    const { origin } = await startOrigin({ corsOrigins: ['https://my-app.test'] });
    const pna = { 'Access-Control-Request-Private-Network': 'true' };

    const local = await preflight(`${origin.url}/master.m3u8`, LOCAL_ORIGIN, 'GET', 'range', pna);
    const configured = await preflight(`${origin.url}/master.m3u8`, 'https://my-app.test', 'GET', 'range', pna);

    expect(local.headers['access-control-allow-private-network']).toBe('true');
    expect(configured.headers['access-control-allow-private-network']).toBe('true');
    expect(configured.headers['access-control-allow-origin']).toBe('https://my-app.test');
  });
});

describe('CORS on the collector and the resume API', () => {
  it('allows credentials on beacon POSTs from allowed pages only (sendBeacon sends them)', async () => {
    const { origin } = await startOrigin();

    const local = await preflight(`${origin.url}/beacons`, LOCAL_ORIGIN, 'POST', 'content-type');
    const reads = await send(`${origin.url}/beacons/sessions`, { headers: { Origin: LOCAL_ORIGIN } });

    expect(local.status).toBe(204);
    expect(local.headers['access-control-allow-origin']).toBe(LOCAL_ORIGIN);
    expect(local.headers['access-control-allow-credentials']).toBe('true');
    expect(reads.status).toBe(200);
    expect(reads.headers['access-control-allow-origin']).toBe(LOCAL_ORIGIN);
    expect(reads.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('takes a text/plain beacon from a loopback page and refuses one from another site', async () => {
    const { origin } = await startOrigin();
    const body = JSON.stringify({ schemaVersion: 1, sentAtMs: 1, final: false, beacons: [] });

    const local = await send(`${origin.url}/beacons`, { method: 'POST', headers: { Origin: LOCAL_ORIGIN, 'Content-Type': 'text/plain;charset=UTF-8' }, body });
    const evil = await send(`${origin.url}/beacons`, { method: 'POST', headers: { Origin: EVIL_ORIGIN, 'Content-Type': 'text/plain;charset=UTF-8' }, body });

    expect(local.status).not.toBe(403);
    expect(local.status).not.toBe(415);
    expect(evil.status).toBe(403);
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('lets a loopback page PUT a resume position with Authorization, and refuses another site', async () => {
    const { origin } = await startOrigin();
    const url = `${origin.url}/progress/movie-1`;

    const pre = await preflight(url, 'http://127.0.0.1:9999', 'PUT', 'authorization, content-type');
    const evilPre = await preflight(url, EVIL_ORIGIN, 'PUT', 'authorization, content-type');
    const evil = await send(url, { headers: { Origin: EVIL_ORIGIN, Authorization: 'Bearer viewer-a' } });

    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-methods']).toContain('PUT');
    expect(pre.headers['access-control-allow-credentials']).toBe('true');
    expect(evilPre.status).toBe(403);
    expect(evil.status).toBe(403);
  });

  it('answers 415 to a resume position sent as text/plain', async () => {
    const { origin } = await startOrigin();
    const answer = await send(`${origin.url}/progress/movie-1`, {
      method: 'PUT',
      headers: { Authorization: 'Bearer viewer-a', 'Content-Type': 'text/plain' },
      body: JSON.stringify({ positionSec: 1, durationSec: 10, completed: false, updatedAt: Date.now() }),
    });
    expect(answer.status).toBe(415);
  });
});
