import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileError, TraceError } from '../../../../origin/throttle/errors.js';
import { NETWORK_PROFILE_NAMES, NETWORK_PROFILES } from '../../../../origin/throttle/network-profiles.js';
import { cachedTraceLoader, listTraceNames, listTraceRefs, loadTrace, resolveTracePath } from '../../../../origin/throttle/trace-file.js';

/** The dev traces next to the repository (never copied into it); the code has no default folder. */
const sharedTracesDir = resolve(import.meta.dirname, '../../../../../shared/traces');

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vod-traces-'));
  await writeFile(join(dir, 'alpha_one.json'), JSON.stringify({ name: 'alpha_one', steps: [[1, 100]] }));
  await writeFile(join(dir, 'alpha_two.json'), JSON.stringify({ steps: [[2, 200]] }));
  await writeFile(join(dir, 'beta.json'), '{"steps": [[1, 1]');
  await writeFile(join(dir, 'gamma.json'), JSON.stringify({ steps: [[-1, 1]] }));
  await writeFile(join(dir, 'cliff.json'), JSON.stringify({ steps: [[1, 1]] }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TraceError || error instanceof ProfileError) return error.code;
    throw error;
  }
  return null;
}

describe('loadTrace: network profiles', () => {
  it('builds a network profile by name, without any traces folder', async () => {
    const trace = await loadTrace('slow-4g');
    expect(trace.name).toBe('slow-4g');
    expect(trace.steps).toEqual(NETWORK_PROFILES['slow-4g'].build().steps);
  });

  it('takes a profile name before a trace file of the same name in the folder', async () => {
    const trace = await loadTrace('cliff', { tracesDir: dir });
    expect(trace.steps).toEqual(NETWORK_PROFILES.cliff.build().steps);
  });

  it('rejects another name without a traces folder with a typed error that lists the profiles', async () => {
    const error = await loadTrace('fcc_trace_7540_http---www.yahoo.com').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProfileError);
    expect((error as ProfileError).code).toBe('UNKNOWN_PROFILE');
    for (const name of NETWORK_PROFILE_NAMES) expect((error as ProfileError).message).toContain(name);
    expect((error as ProfileError).message).toContain('tracesDir');
  });

  it('does not mention paths where only names are allowed', async () => {
    const error = await loadTrace('nope', { allowPaths: false }).catch((e: unknown) => e);
    expect((error as ProfileError).code).toBe('UNKNOWN_PROFILE');
    expect((error as ProfileError).message).not.toContain('path');
  });
});

describe('loadTrace', () => {
  it('loads a shared trace by name from an explicit traces folder', async () => {
    const trace = await loadTrace('fcc_trace_7540_http---www.yahoo.com', { tracesDir: sharedTracesDir });
    expect(trace.name).toBe('fcc_trace_7540_http---www.yahoo.com');
    expect(trace.durationSec).toBeCloseTo(320, 6);
    expect(trace.totalBits / trace.durationSec / 1000).toBeCloseTo(1007, -1);
  });

  it('loads a shared trace by a unique prefix of its name', async () => {
    const trace = await loadTrace('hsdpa_norway_bus.ljansbakken-oslo-report.2011-01-29', { tracesDir: sharedTracesDir });
    expect(trace.name).toBe('hsdpa_norway_bus.ljansbakken-oslo-report.2011-01-29_1827CET');
  });

  it('loads an explicit path, naming the trace after the file when it has no name', async () => {
    const trace = await loadTrace(join(dir, 'alpha_two.json'));
    expect(trace.name).toBe('alpha_two');
    expect(trace.totalBits).toBe(400_000);
  });

  it('loads a path relative to the working directory, without any traces folder', async () => {
    const relativePath = relative(process.cwd(), join(sharedTracesDir, 'fcc_trace_7540_http---www.yahoo.com.json'));
    const trace = await loadTrace(relativePath);
    expect(trace.name).toBe('fcc_trace_7540_http---www.yahoo.com');
  });

  it('reports an ambiguous prefix, a missing trace and a bad name', async () => {
    expect(await codeOf(loadTrace('alpha', { tracesDir: dir }))).toBe('AMBIGUOUS_NAME');
    expect(await codeOf(loadTrace('nope', { tracesDir: dir }))).toBe('NOT_FOUND');
    expect(await codeOf(loadTrace(join(dir, 'nope.json')))).toBe('NOT_FOUND');
    expect(await codeOf(loadTrace('..', { tracesDir: dir }))).toBe('BAD_NAME');
  });

  it('reports bad JSON and bad steps with typed errors', async () => {
    expect(await codeOf(loadTrace('beta', { tracesDir: dir }))).toBe('NOT_JSON');
    expect(await codeOf(loadTrace('gamma', { tracesDir: dir }))).toBe('NEGATIVE_DURATION');
  });

  it('refuses paths when only names are allowed', async () => {
    expect(await codeOf(loadTrace(join(dir, 'alpha_two.json'), { allowPaths: false }))).toBe('BAD_NAME');
    expect(await codeOf(resolveTracePath('../x', { allowPaths: false }))).toBe('BAD_NAME');
  });
});

describe('listTraceNames', () => {
  it('lists the 40 shared traces', async () => {
    const names = await listTraceNames(sharedTracesDir);
    expect(names).toHaveLength(40);
    expect(names).toContain('lte_belgium_report_bus_0003');
  });
});

describe('listTraceRefs', () => {
  it('lists only the network profiles without a traces folder', async () => {
    expect(await listTraceRefs()).toEqual([...NETWORK_PROFILE_NAMES]);
  });

  it('lists the profiles, then the folder traces that no profile shadows', async () => {
    expect(await listTraceRefs({ tracesDir: dir })).toEqual([...NETWORK_PROFILE_NAMES, 'alpha_one', 'alpha_two', 'beta', 'gamma']);
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
