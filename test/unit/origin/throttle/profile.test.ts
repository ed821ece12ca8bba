import { describe, expect, it } from 'vitest';
import { ProfileError } from '../../../../origin/throttle/errors.js';
import {
  describeProfile,
  firstByteDelayMs,
  networkProfileSpec,
  parseProfileArgs,
  parseProfileJson,
  parseProfileQuery,
  resolveProfile,
  type LinkProfile,
} from '../../../../origin/throttle/profile.js';
import { createTrace } from '../../../../origin/throttle/trace.js';

function codeOf(run: () => unknown): string | null {
  try {
    run();
  } catch (error) {
    if (error instanceof ProfileError) return error.code;
    throw error;
  }
  return null;
}

describe('parseProfileQuery', () => {
  it('reads a fixed rate with RTT and jitter', () => {
    expect(parseProfileQuery('kbps=800&rtt=40&jitter=5')).toEqual({ rate: { kind: 'fixed', kbps: 800 }, rttMs: 40, jitterMs: 5 });
  });

  it('reads a trace name and its mode, looping by default', () => {
    expect(parseProfileQuery(new URLSearchParams('trace=fcc_trace_7540_http---www.yahoo.com&traceMode=hold'))).toEqual({
      rate: { kind: 'trace-ref', ref: 'fcc_trace_7540_http---www.yahoo.com', mode: 'hold' },
      rttMs: 0,
      jitterMs: 0,
    });
    expect(parseProfileQuery('trace=abc')?.rate).toEqual({ kind: 'trace-ref', ref: 'abc', mode: 'loop' });
  });

  it('is unlimited with only a latency', () => {
    expect(parseProfileQuery('rtt=100')).toEqual({ rate: { kind: 'unlimited' }, rttMs: 100, jitterMs: 0 });
  });

  it('is null when the query says nothing about the link', () => {
    expect(parseProfileQuery('foo=1')).toBeNull();
    expect(parseProfileQuery('')).toBeNull();
  });

  it.each([
    ['kbps=fast', 'NOT_A_NUMBER'],
    ['kbps=', 'NOT_A_NUMBER'],
    ['kbps=-5', 'OUT_OF_RANGE'],
    ['kbps=1e9', 'NOT_A_NUMBER'],
    ['kbps=99999999', 'OUT_OF_RANGE'],
    ['rtt=500000', 'OUT_OF_RANGE'],
    ['kbps=800&trace=x', 'CONFLICTING_RATE'],
    ['trace=x&traceMode=bounce', 'BAD_TRACE_MODE'],
    ['kbps=800&traceMode=hold', 'BAD_TRACE_MODE'],
    ['trace=../../etc/passwd', 'BAD_TRACE_REF'],
    ['trace=/tmp/x.json', 'BAD_TRACE_REF'],
  ])('rejects %s as %s', (query, code) => {
    expect(codeOf(() => parseProfileQuery(query))).toBe(code);
  });
});

describe('parseProfileJson', () => {
  it('reads a fixed rate', () => {
    expect(parseProfileJson({ kbps: 5000, rttMs: 20, jitterMs: 2 })).toEqual({ rate: { kind: 'fixed', kbps: 5000 }, rttMs: 20, jitterMs: 2 });
  });

  it('reads a trace by name', () => {
    expect(parseProfileJson({ trace: 'hsdpa_norway_bus', traceMode: 'hold' }).rate).toEqual({ kind: 'trace-ref', ref: 'hsdpa_norway_bus', mode: 'hold' });
  });

  it('reads an inline trace', () => {
    const spec = parseProfileJson({ trace: { steps: [[1, 500], [1, 0]] }, rttMs: 10 });
    expect(spec.rate.kind).toBe('trace');
    if (spec.rate.kind !== 'trace') return;
    expect(spec.rate.trace.durationSec).toBe(2);
    expect(spec.rate.mode).toBe('loop');
    expect(spec.rttMs).toBe(10);
  });

  it('is unlimited for an empty body', () => {
    expect(parseProfileJson({})).toEqual({ rate: { kind: 'unlimited' }, rttMs: 0, jitterMs: 0 });
  });

  it.each([
    [[], 'NOT_AN_OBJECT'],
    ['kbps=5', 'NOT_AN_OBJECT'],
    [{ kbsp: 5 }, 'UNKNOWN_FIELD'],
    [{ rtt: 5 }, 'UNKNOWN_FIELD'],
    [{ kbps: true }, 'NOT_A_NUMBER'],
    [{ kbps: -1 }, 'OUT_OF_RANGE'],
    [{ jitterMs: Number.NaN }, 'NOT_A_NUMBER'],
    [{ kbps: 1, trace: 'x' }, 'CONFLICTING_RATE'],
    [{ kbps: 1, trace: { steps: [[1, 1]] } }, 'CONFLICTING_RATE'],
    [{ trace: 'x', traceMode: 'once' }, 'BAD_TRACE_MODE'],
    [{ trace: '' }, 'BAD_TRACE_REF'],
    [{ trace: 'a/b' }, 'BAD_TRACE_REF'],
  ])('rejects %j as %s', (body, code) => {
    expect(codeOf(() => parseProfileJson(body))).toBe(code);
  });
});

describe('parseProfileArgs', () => {
  it('reads flags with separate or inline values and leaves the rest', () => {
    const { profile, rest } = parseProfileArgs(['serve', '--kbps', '800', '--rtt=40', '--port', '8080', '--jitter', '5']);
    expect(profile).toEqual({ rate: { kind: 'fixed', kbps: 800 }, rttMs: 40, jitterMs: 5 });
    expect(rest).toEqual(['serve', '--port', '8080']);
  });

  it('accepts a trace path from the command line', () => {
    const { profile } = parseProfileArgs(['--trace', './my/trace.json', '--trace-mode', 'hold']);
    expect(profile?.rate).toEqual({ kind: 'trace-ref', ref: './my/trace.json', mode: 'hold' });
  });

  it('is null without profile flags', () => {
    expect(parseProfileArgs(['--port', '1']).profile).toBeNull();
  });

  it('rejects a flag without its value', () => {
    expect(codeOf(() => parseProfileArgs(['--kbps']))).toBe('MISSING_VALUE');
    expect(codeOf(() => parseProfileArgs(['--kbps', '--rtt', '5']))).toBe('MISSING_VALUE');
  });
});

describe('network profile names', () => {
  it('bring the profile\'s own RTT, jitter and mode in a query, a body and flags', () => {
    expect(parseProfileQuery('trace=slow-4g')).toEqual({ rate: { kind: 'trace-ref', ref: 'slow-4g', mode: 'loop' }, rttMs: 100, jitterMs: 0 });
    expect(parseProfileJson({ trace: 'cliff' })).toEqual({ rate: { kind: 'trace-ref', ref: 'cliff', mode: 'hold' }, rttMs: 40, jitterMs: 0 });
    expect(parseProfileArgs(['--trace', 'commute']).profile).toEqual({ rate: { kind: 'trace-ref', ref: 'commute', mode: 'loop' }, rttMs: 120, jitterMs: 40 });
  });

  it('give way to an RTT, jitter or mode the request states, 0 included', () => {
    expect(parseProfileQuery('trace=slow-4g&rtt=20&traceMode=hold')).toEqual({ rate: { kind: 'trace-ref', ref: 'slow-4g', mode: 'hold' }, rttMs: 20, jitterMs: 0 });
    expect(parseProfileJson({ trace: 'commute', rttMs: 0, jitterMs: 0, traceMode: 'hold' })).toEqual({
      rate: { kind: 'trace-ref', ref: 'commute', mode: 'hold' },
      rttMs: 0,
      jitterMs: 0,
    });
  });

  it('leave other trace names at no latency, looping', () => {
    expect(parseProfileJson({ trace: 'my-trace' })).toEqual({ rate: { kind: 'trace-ref', ref: 'my-trace', mode: 'loop' }, rttMs: 0, jitterMs: 0 });
  });

  it('make a spec from Node with the profile\'s defaults or overrides, and reject unknown names', () => {
    expect(networkProfileSpec('fast-3g')).toEqual({ rate: { kind: 'trace-ref', ref: 'fast-3g', mode: 'loop' }, rttMs: 150, jitterMs: 0 });
    expect(networkProfileSpec('cliff', { rttMs: 5, mode: 'loop' })).toEqual({ rate: { kind: 'trace-ref', ref: 'cliff', mode: 'loop' }, rttMs: 5, jitterMs: 0 });
    expect(codeOf(() => networkProfileSpec('dial-up'))).toBe('UNKNOWN_PROFILE');
  });
});

describe('resolveProfile', () => {
  it('loads a trace reference through the given loader', async () => {
    const trace = createTrace('loaded', [[1, 100]]);
    const profile = await resolveProfile({ rate: { kind: 'trace-ref', ref: 'loaded', mode: 'hold' }, rttMs: 5, jitterMs: 0 }, (ref) => {
      expect(ref).toBe('loaded');
      return trace;
    });
    expect(profile).toEqual({ rate: { kind: 'trace', trace, mode: 'hold' }, rttMs: 5, jitterMs: 0 });
  });

  it('passes other rates through', async () => {
    const spec = { rate: { kind: 'fixed', kbps: 1 } as const, rttMs: 0, jitterMs: 0 };
    await expect(resolveProfile(spec, () => Promise.reject(new Error('not called')))).resolves.toEqual(spec);
  });
});

describe('firstByteDelayMs', () => {
  const profile: LinkProfile = { rate: { kind: 'unlimited' }, rttMs: 40, jitterMs: 10 };

  it('spreads the delay uniformly over RTT ± jitter', () => {
    expect(firstByteDelayMs(profile, () => 0)).toBe(30);
    expect(firstByteDelayMs(profile, () => 0.5)).toBe(40);
    expect(firstByteDelayMs(profile, () => 0.999999)).toBeCloseTo(50, 3);
  });

  it('never goes below 0', () => {
    expect(firstByteDelayMs({ ...profile, rttMs: 5 }, () => 0)).toBe(0);
  });

  it('is the RTT without jitter, without calling the rng', () => {
    expect(firstByteDelayMs({ ...profile, jitterMs: 0 }, () => Number.NaN)).toBe(40);
  });
});

describe('describeProfile', () => {
  it('summarises a trace without its steps', () => {
    const trace = createTrace('sum', [[1, 1000], [1, 3000]]);
    expect(describeProfile({ rate: { kind: 'trace', trace, mode: 'loop' }, rttMs: 1, jitterMs: 0 })).toEqual({
      rate: { kind: 'trace', name: 'sum', mode: 'loop', durationSec: 2, meanKbps: 2000, steps: 2 },
      rttMs: 1,
      jitterMs: 0,
    });
  });
});
