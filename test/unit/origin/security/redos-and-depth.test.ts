import { afterEach, describe, expect, it } from 'vitest';
import type { PipelineSignal } from '../../../../telemetry/signals.js';
import { rendition, run, sessionSignal } from '../../telemetry/fixtures.js';
import { jsonCall, send, startOrigin, stopOrigin } from './helpers.js';

afterEach(stopOrigin);

/** `[[[…0…]]]`, `depth` arrays deep. */
const nestedArrays = (depth: number): string => `${'['.repeat(depth)}0${']'.repeat(depth)}`;

describe('catastrophic backtracking (ReDoS) in fault paths', () => {
  it('refuses the regular expression field with a 400 that names pathGlob', async () => {
    const { origin } = await startOrigin();

    const answer = await jsonCall(`${origin.url}/_origin/sessions/s/faults`, 'POST', { fault: { type: 'status', status: 503 }, match: { pathPattern: '(a+)+b' } });

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: { code: 'INVALID_FAULTS', reason: 'RENAMED_FIELD', field: 'match.pathPattern' } });
    expect(answer.json.error.message).toContain('pathGlob');
  });

  it('refuses regex syntax in a CLI path= option instead of compiling it', async () => {
    const { origin } = await startOrigin();
    const answer = await jsonCall(`${origin.url}/_origin/sessions/s/faults`, 'POST', '"503:path=/(a+)+b"');
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: { reason: 'BAD_GLOB' } });
  });

  it('matches an adversarial glob against a long path quickly, and keeps answering other requests', async () => {
    const { origin } = await startOrigin();
    const glob = `/${'**a'.repeat(80)}b`;
    const rule = await jsonCall(`${origin.url}/_origin/sessions/s/faults`, 'POST', { fault: { type: 'status', status: 503 }, match: { pathGlob: glob } });
    expect(rule.status).toBe(200);

    const startMs = performance.now();
    const attack = send(`${origin.url}/s/s/${'a'.repeat(8_000)}`);
    const health = await send(`${origin.url}/_origin/health`);
    const answer = await attack;

    expect(health.status).toBe(200);
    expect(answer.status).toBe(404);
    expect(performance.now() - startMs).toBeLessThan(1_000);
  });
});

/**
 * A schema-valid batch whose `quality_change` beacon has `reason` (any JSON, per the schema) nested
 * `depth` arrays deep, as text (building it as an object would overflow the test's own stack).
 */
function batchWithDeepReason(sessionId: string, depth: number): string {
  const quality = { type: 'quality', atMs: 10, positionSec: 1, from: null, to: rendition(0, 300_000), auto: true, reason: '__DEEP__', bufferSec: 1, bandwidthEstimateBps: null };
  const beacons = run([sessionSignal({ sessionId }), quality as PipelineSignal]).map((beacon) => ({ ...beacon, eventId: `${sessionId}-${beacon.eventId}` }));
  return JSON.stringify({ schemaVersion: 1, sentAtMs: 1_700_000_000_000, final: false, beacons }).replace('"__DEEP__"', nestedArrays(depth));
}

describe('deeply nested JSON', () => {
  it('takes a schema-valid beacon whose free-form reason is nested a little', async () => {
    const { origin } = await startOrigin();
    const answer = await send(`${origin.url}/beacons`, { method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: batchWithDeepReason('shallow', 20) });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ accepted: 2, duplicates: 0 });
  });

  it('answers a schema-valid beacon nested 20,000 deep with 400 TOO_DEEP (not a 500 clients retry), quickly, and stays up', async () => {
    const { origin } = await startOrigin();
    const body = batchWithDeepReason('deep', 20_000);
    expect(body.length).toBeLessThan(64 * 1024);

    const startMs = performance.now();
    const answer = await send(`${origin.url}/beacons`, { method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body });
    const elapsedMs = performance.now() - startMs;

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: { code: 'TOO_DEEP' } });
    expect(elapsedMs).toBeLessThan(500);
    expect((await send(`${origin.url}/_origin/health`)).status).toBe(200);
  });

  it('answers 400 TOO_DEEP, never 500, on every JSON body of the APIs', async () => {
    const { origin } = await startOrigin();
    const deep = nestedArrays(400); // under every body limit (the resume API's is 1 kB)
    const calls = [
      jsonCall(`${origin.url}/_origin/sessions/s/faults`, 'PUT', deep),
      jsonCall(`${origin.url}/_origin/sessions/s/faults`, 'POST', deep),
      jsonCall(`${origin.url}/_origin/sessions/s/profile`, 'PUT', `{"trace":{"steps":${deep}}}`),
      jsonCall(`${origin.url}/beacons/outage`, 'PUT', `{"sec":${deep}}`),
      jsonCall(`${origin.url}/progress/movie-1`, 'PUT', deep, { Authorization: 'Bearer viewer-a' }),
    ];
    for (const answer of await Promise.all(calls)) {
      expect(answer.status).toBe(400);
      expect(answer.json.error.code).toBe('TOO_DEEP');
    }
  });

  it('still takes bodies nested 32 deep, and strings full of brackets', async () => {
    const { origin } = await startOrigin();
    const bracketsInStrings = JSON.stringify({ fault: { type: 'replace', body: '['.repeat(1_000) }, id: '{{{' });

    const ok = await jsonCall(`${origin.url}/_origin/sessions/s/faults`, 'POST', bracketsInStrings);
    const atLimit = await jsonCall(`${origin.url}/_origin/sessions/s/faults`, 'PUT', nestedArrays(32));

    expect(ok.status).toBe(200);
    expect(atLimit.json.error.code).toBe('INVALID_FAULTS');
  });
});
