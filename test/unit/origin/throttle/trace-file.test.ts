import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TraceError } from '../../../../origin/throttle/errors.js';
import { cachedTraceLoader, listTraceNames, loadTrace, resolveTracePath, sharedTracesDir } from '../../../../origin/throttle/trace-file.js';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vod-traces-'));
  await writeFile(join(dir, 'alpha_one.json'), JSON.stringify({ name: 'alpha_one', steps: [[1, 100]] }));
  await writeFile(join(dir, 'alpha_two.json'), JSON.stringify({ steps: [[2, 200]] }));
  await writeFile(join(dir, 'beta.json'), '{"steps": [[1, 1]');
  await writeFile(join(dir, 'gamma.json'), JSON.stringify({ steps: [[-1, 1]] }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TraceError) return error.code;
    throw error;
  }
  return null;
}

describe('sharedTracesDir', () => {
  it('is ../shared/traces next to the repository root', () => {
    expect(sharedTracesDir()).toBe(resolve(import.meta.dirname, '../../../../../shared/traces'));
  });
});

describe('loadTrace', () => {
  it('loads a shared trace by name', async () => {
    const trace = await loadTrace('fcc_trace_7540_http---www.yahoo.com');
    expect(trace.name).toBe('fcc_trace_7540_http---www.yahoo.com');
    expect(trace.durationSec).toBeCloseTo(320, 6);
    expect(trace.totalBits / trace.durationSec / 1000).toBeCloseTo(1007, -1);
  });

  it('loads a shared trace by a unique prefix of its name', async () => {
    const trace = await loadTrace('hsdpa_norway_bus.ljansbakken-oslo-report.2011-01-29');
    expect(trace.name).toBe('hsdpa_norway_bus.ljansbakken-oslo-report.2011-01-29_1827CET');
  });

  it('loads an explicit path, naming the trace after the file when it has no name', async () => {
    const trace = await loadTrace(join(dir, 'alpha_two.json'));
    expect(trace.name).toBe('alpha_two');
    expect(trace.totalBits).toBe(400_000);
  });

  it('reports an ambiguous prefix, a missing trace and a bad name', async () => {
    expect(await codeOf(loadTrace('alpha', { tracesDir: dir }))).toBe('ambiguous-name');
    expect(await codeOf(loadTrace('nope', { tracesDir: dir }))).toBe('not-found');
    expect(await codeOf(loadTrace(join(dir, 'nope.json')))).toBe('not-found');
    expect(await codeOf(loadTrace('..', { tracesDir: dir }))).toBe('bad-name');
  });

  it('reports bad JSON and bad steps with typed errors', async () => {
    expect(await codeOf(loadTrace('beta', { tracesDir: dir }))).toBe('not-json');
    expect(await codeOf(loadTrace('gamma', { tracesDir: dir }))).toBe('negative-duration');
  });

  it('refuses paths when only names are allowed', async () => {
    expect(await codeOf(loadTrace(join(dir, 'alpha_two.json'), { allowPaths: false }))).toBe('bad-name');
    expect(await codeOf(resolveTracePath('../x', { allowPaths: false }))).toBe('bad-name');
  });
});

describe('listTraceNames', () => {
  it('lists the 40 shared traces', async () => {
    const names = await listTraceNames();
    expect(names).toHaveLength(40);
    expect(names).toContain('lte_belgium_report_bus_0003');
  });
});

describe('cachedTraceLoader', () => {
  it('reads each trace once', async () => {
    const load = cachedTraceLoader({ tracesDir: dir });
    const first = load('alpha_one');
    expect(load('alpha_one')).toBe(first);
    expect((await first).name).toBe('alpha_one');
  });
});
