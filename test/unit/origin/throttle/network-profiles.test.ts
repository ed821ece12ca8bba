import { describe, expect, it } from 'vitest';
import { ProfileError } from '../../../../origin/throttle/errors.js';
import {
  isNetworkProfileName,
  listNetworkProfiles,
  NETWORK_PROFILE_NAMES,
  NETWORK_PROFILES,
  networkProfile,
  STEADY_DURATION_SEC,
  STEADY_VARIATION,
} from '../../../../origin/throttle/network-profiles.js';
import { meanKbps, parseTrace, rateBpsAt, type Trace } from '../../../../origin/throttle/trace.js';

const kbpsAt = (trace: Trace, tSec: number, mode: 'loop' | 'hold'): number => rateBpsAt(trace, tSec, mode) / 1000;

/** Seconds of [fromSec, toSec) at 0 kbps, sampled every 0.1 s. */
function outageSec(trace: Trace, fromSec: number, toSec: number): number {
  let zero = 0;
  for (let t = fromSec; t < toSec - 1e-9; t += 0.1) if (kbpsAt(trace, t + 0.05, 'hold') === 0) zero += 0.1;
  return Math.round(zero * 10) / 10;
}

describe('network profiles', () => {
  it('lists the nine profiles in table order, each under its own name', () => {
    expect(listNetworkProfiles().map((p) => p.name)).toEqual([
      'slow-3g',
      'fast-3g',
      'slow-4g',
      'fast-4g',
      'cable',
      'commute',
      'cliff',
      'oscillating',
      'outage-10s',
    ]);
    for (const name of NETWORK_PROFILE_NAMES) expect(NETWORK_PROFILES[name].name).toBe(name);
  });

  it.each(NETWORK_PROFILE_NAMES)('%s builds a valid trace, named after it, whose mean is within its stated band', (name) => {
    const profile = networkProfile(name);
    const trace = profile.build();
    const [lowKbps, highKbps] = profile.meanKbpsBand;

    expect(trace.name).toBe(name);
    // The steps survive the trace-file format round trip, as a QA team's copy would.
    expect(parseTrace(JSON.parse(JSON.stringify({ steps: trace.steps }))).steps).toEqual(trace.steps);
    expect(meanKbps(trace)).toBeGreaterThanOrEqual(lowKbps);
    expect(meanKbps(trace)).toBeLessThanOrEqual(highKbps);
    expect(profile.description.length).toBeGreaterThan(10);
    expect(profile.description).not.toContain('\n');
  });

  it.each(NETWORK_PROFILE_NAMES)('%s gives the same steps every time', (name) => {
    expect(networkProfile(name).build().steps).toEqual(networkProfile(name).build().steps);
  });

  it.each([
    ['slow-3g', 400, 400],
    ['fast-3g', 1600, 150],
    ['slow-4g', 3000, 100],
    ['fast-4g', 9000, 60],
    ['cable', 20_000, 20],
  ] as const)('%s is a steady %i kbps ±10% link with %i ms RTT, a new rate every 1–2 s, looping', (name, kbps, rttMs) => {
    const profile = networkProfile(name);
    const trace = profile.build();

    expect(profile.rttMs).toBe(rttMs);
    expect(profile.mode).toBe('loop');
    expect(trace.durationSec).toBe(STEADY_DURATION_SEC);
    for (const [durationSec, stepKbps] of trace.steps) {
      expect(stepKbps).toBeGreaterThanOrEqual(Math.floor(kbps * (1 - STEADY_VARIATION)));
      expect(stepKbps).toBeLessThanOrEqual(Math.ceil(kbps * (1 + STEADY_VARIATION)));
      expect(durationSec).toBeLessThanOrEqual(2);
    }
    // All but the last step (cut to fit the pass) last at least 1 s.
    expect(trace.steps.slice(0, -1).every(([durationSec]) => durationSec >= 1)).toBe(true);
    // It does vary: not one rate repeated.
    expect(new Set(trace.steps.map(([, stepKbps]) => stepKbps)).size).toBeGreaterThan(10);
  });

  it('gives each steady link its own sequence', () => {
    const relative = (name: 'slow-3g' | 'fast-3g', kbps: number) => networkProfile(name).build().steps.slice(0, 10).map(([, k]) => Math.round((k / kbps) * 100));
    expect(relative('slow-3g', 400)).not.toEqual(relative('fast-3g', 1600));
  });

  it('commute is 300 s of a 1.5–3 Mbps base with deep fades and one outage of 5–15 s, looping', () => {
    const profile = networkProfile('commute');
    const trace = profile.build();
    const rates = trace.steps.map(([, kbps]) => kbps);

    expect(trace.durationSec).toBe(300);
    expect(profile.mode).toBe('loop');
    expect(Math.max(...rates)).toBeLessThanOrEqual(3000 * 1.08);
    // Deep fades: separate runs of seconds under 200 kbps (the outage is one of them).
    const lowRuns = rates.filter((kbps, i) => kbps < 200 && !((rates[i - 1] ?? Infinity) < 200)).length;
    expect(lowRuns).toBeGreaterThanOrEqual(4);
    // Exactly one full outage, 5 to 15 s long.
    const zeroRuns = rates.filter((kbps, i) => kbps === 0 && rates[i - 1] !== 0).length;
    expect(zeroRuns).toBe(1);
    const outage = outageSec(trace, 0, 300);
    expect(outage).toBeGreaterThanOrEqual(5);
    expect(outage).toBeLessThanOrEqual(15);
    // Outside fades the base stays within 1.5–3 Mbps give or take its ±8% noise.
    const median = [...rates].sort((a, b) => a - b)[150] ?? 0;
    expect(median).toBeGreaterThanOrEqual(1500);
    expect(median).toBeLessThanOrEqual(3000);
  });

  it('cliff delivers 8 Mbps for 20 s, then holds at 600 kbps for good', () => {
    const profile = networkProfile('cliff');
    const trace = profile.build();

    expect(profile.mode).toBe('hold');
    expect(kbpsAt(trace, 0, 'hold')).toBe(8000);
    expect(kbpsAt(trace, 19.99, 'hold')).toBe(8000);
    for (const tSec of [20, 25, 59.9, 60, 61, 600, 3600]) expect(kbpsAt(trace, tSec, profile.mode)).toBe(600);
  });

  it('oscillating alternates 4 Mbps and 800 kbps every 10 s', () => {
    const profile = networkProfile('oscillating');
    const trace = profile.build();

    expect(profile.mode).toBe('loop');
    expect([0, 5, 10, 15, 20, 25, 30, 35].map((t) => kbpsAt(trace, t, profile.mode))).toEqual([4000, 4000, 800, 800, 4000, 4000, 800, 800]);
  });

  it('outage-10s is 5 Mbps, 0 kbps for exactly 10 s from t = 20 s, then 5 Mbps for good', () => {
    const profile = networkProfile('outage-10s');
    const trace = profile.build();

    expect(profile.mode).toBe('hold');
    expect(kbpsAt(trace, 19.99, profile.mode)).toBe(5000);
    expect(kbpsAt(trace, 20, profile.mode)).toBe(0);
    expect(kbpsAt(trace, 29.99, profile.mode)).toBe(0);
    expect(kbpsAt(trace, 30, profile.mode)).toBe(5000);
    expect(outageSec(trace, 0, 120)).toBe(10);
    expect(kbpsAt(trace, 500, profile.mode)).toBe(5000);
  });

  it('answers an unknown name with a typed error that lists the profiles', () => {
    expect(isNetworkProfileName('slow-4g')).toBe(true);
    expect(isNetworkProfileName('slow-5g')).toBe(false);
    let error: unknown;
    try {
      networkProfile('slow-5g');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProfileError);
    expect((error as ProfileError).code).toBe('UNKNOWN_PROFILE');
    expect((error as ProfileError).message).toContain('"slow-5g"');
    for (const name of NETWORK_PROFILE_NAMES) expect((error as ProfileError).message).toContain(name);
  });
});
