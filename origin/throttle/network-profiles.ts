import { ProfileError } from './errors.js';
import { mulberry32, seedFromText } from './seeded-random.js';
import { createTrace, type Trace, type TraceMode, type TraceStep } from './trace.js';

/**
 * Named network profiles, generated from a few parameters (no third-party data): steady links
 * with small variation, a mobile commute, and the classic stress shapes (a cliff, an oscillation,
 * an outage). Pure: a profile's trace is built from its name's seed, so the same name gives the
 * same steps on every machine and every run.
 *
 * Where the steady links' numbers come from:
 *  - `slow-3g`, `fast-3g`: WebPageTest's "3G Slow" (400 kbps, 400 ms RTT) and "3G Fast"
 *    (1.6 Mbps, 150 ms) connectivity profiles;
 *  - `fast-4g`: the nominal values behind Chrome DevTools' "Fast 4G" preset (9 Mbps, 60 ms; DevTools
 *    then applies 0.9× to the rate and 2.75× to the latency, because it adds latency per request
 *    rather than per round trip — the origin adds it before each response's first byte as we do);
 *  - `slow-4g` (3 Mbps, 100 ms) and `cable` (20 Mbps, 20 ms) are our own picks: a congested 4G
 *    cell, and a good home broadband line that carries any rung.
 */

export const NETWORK_PROFILE_NAMES = [
  'slow-3g',
  'fast-3g',
  'slow-4g',
  'fast-4g',
  'cable',
  'commute',
  'cliff',
  'oscillating',
  'outage-10s',
] as const;

export type NetworkProfileName = (typeof NETWORK_PROFILE_NAMES)[number];

export interface NetworkProfile {
  readonly name: NetworkProfileName;
  /** One line: the link's shape over time (and where its numbers come from). */
  readonly description: string;
  /** Latency before each response's first byte, ms (used unless a request gives its own). */
  readonly rttMs: number;
  /** The first-byte delay varies within ±jitterMs, ms. */
  readonly jitterMs: number;
  /** What the trace does after its last step, unless a request says otherwise. */
  readonly mode: TraceMode;
  /** The time-weighted mean rate of one pass of the trace falls in [low, high], kbps. */
  readonly meanKbpsBand: readonly [lowKbps: number, highKbps: number];
  /** The profile's trace, named after the profile: the same steps on every call. */
  build(): Trace;
}

/** How much a steady link's rate varies around its nominal value (±10%). */
export const STEADY_VARIATION = 0.1;
/** One pass of a steady link, seconds (then it loops). */
export const STEADY_DURATION_SEC = 120;

/** The profiles, in the order `listNetworkProfiles` gives them. */
export const NETWORK_PROFILES: Readonly<Record<NetworkProfileName, NetworkProfile>> = Object.freeze({
  'slow-3g': steady('slow-3g', 400, 400, 'steady ~400 kbps ±10% every 1–2 s, 400 ms RTT (WebPageTest "3G Slow")'),
  'fast-3g': steady('fast-3g', 1600, 150, 'steady ~1.6 Mbps ±10% every 1–2 s, 150 ms RTT (WebPageTest "3G Fast")'),
  'slow-4g': steady('slow-4g', 3000, 100, 'steady ~3 Mbps ±10% every 1–2 s, 100 ms RTT (a congested 4G cell)'),
  'fast-4g': steady('fast-4g', 9000, 60, 'steady ~9 Mbps ±10% every 1–2 s, 60 ms RTT (Chrome DevTools "Fast 4G" nominal values)'),
  cable: steady('cable', 20_000, 20, 'steady ~20 Mbps ±10% every 1–2 s, 20 ms RTT (good home broadband)'),
  commute: profile({
    name: 'commute',
    description: '3G/4G commute, 300 s: a 1.5–3 Mbps base, 5 deep fades to under 160 kbps and a 9 s outage at 168 s',
    rttMs: 120,
    jitterMs: 40,
    mode: 'loop',
    meanKbpsBand: [1500, 2300],
    steps: commuteSteps,
  }),
  cliff: profile({
    name: 'cliff',
    description: '8 Mbps for 20 s, then 600 kbps for good (holds)',
    rttMs: 40,
    jitterMs: 0,
    mode: 'hold',
    // One pass: 20 s at 8000 and 40 s at 600.
    meanKbpsBand: [3066, 3067],
    steps: () => [
      [20, 8000],
      [40, 600],
    ],
  }),
  oscillating: profile({
    name: 'oscillating',
    description: '4 Mbps and 800 kbps, alternating every 10 s',
    rttMs: 40,
    jitterMs: 0,
    mode: 'loop',
    meanKbpsBand: [2400, 2400],
    steps: () => [
      [10, 4000],
      [10, 800],
    ],
  }),
  'outage-10s': profile({
    name: 'outage-10s',
    description: '5 Mbps, 0 kbps from t = 20 s to 30 s, then 5 Mbps for good (holds)',
    rttMs: 40,
    jitterMs: 0,
    mode: 'hold',
    // One pass: 30 s at 5000 and 10 s at 0.
    meanKbpsBand: [3750, 3750],
    steps: () => [
      [20, 5000],
      [10, 0],
      [10, 5000],
    ],
  }),
});

/** Every profile, in table order. */
export function listNetworkProfiles(): readonly NetworkProfile[] {
  return NETWORK_PROFILE_NAMES.map((name) => NETWORK_PROFILES[name]);
}

export function isNetworkProfileName(value: string): value is NetworkProfileName {
  return (NETWORK_PROFILE_NAMES as readonly string[]).includes(value);
}

/** The profile by name. Throws ProfileError `UNKNOWN_PROFILE`, listing the names there are. */
export function networkProfile(name: string): NetworkProfile {
  if (isNetworkProfileName(name)) return NETWORK_PROFILES[name];
  throw new ProfileError('UNKNOWN_PROFILE', `unknown network profile ${JSON.stringify(name)}; the profiles are ${NETWORK_PROFILE_NAMES.join(', ')}`);
}

interface ProfileDefinition extends Omit<NetworkProfile, 'build'> {
  steps: (random: () => number) => TraceStep[];
}

function profile(definition: ProfileDefinition): NetworkProfile {
  const { steps, ...rest } = definition;
  return Object.freeze({
    ...rest,
    meanKbpsBand: Object.freeze([...rest.meanKbpsBand] as const),
    build: () => createTrace(rest.name, steps(mulberry32(seedFromText(rest.name)))),
  });
}

/** A steady link: `kbps` ±10% (uniform), a new rate every 1, 1.5 or 2 s, 120 s per pass, looping. */
function steady(name: NetworkProfileName, kbps: number, rttMs: number, description: string): NetworkProfile {
  return profile({
    name,
    description,
    rttMs,
    jitterMs: 0,
    mode: 'loop',
    // The mean of ~80 uniform ±10% steps stays well within ±5% of nominal.
    meanKbpsBand: [kbps * 0.95, kbps * 1.05],
    steps: (random) => steadySteps(random, kbps),
  });
}

function steadySteps(random: () => number, kbps: number): TraceStep[] {
  const steps: TraceStep[] = [];
  let atSec = 0;
  while (atSec < STEADY_DURATION_SEC) {
    const durationSec = Math.min(STEADY_DURATION_SEC - atSec, 1 + Math.floor(random() * 3) / 2);
    steps.push([durationSec, Math.round(kbps * (1 + (random() * 2 - 1) * STEADY_VARIATION))]);
    atSec += durationSec;
  }
  return steps;
}

/** A fade (or, with floorKbps 0, an outage): ramps down over RAMP_SEC, stays low for lengthSec, ramps back up. */
interface Fade {
  atSec: number;
  lengthSec: number;
  floorKbps: number;
}

const COMMUTE_SEC = 300;
const COMMUTE_BASE_KBPS = 2200;
const COMMUTE_MIN_KBPS = 1500;
const COMMUTE_MAX_KBPS = 3000;
const RAMP_SEC = 3;
const COMMUTE_FADES: readonly Fade[] = [
  { atSec: 34, lengthSec: 6, floorKbps: 60 },
  { atSec: 86, lengthSec: 4, floorKbps: 120 },
  { atSec: 128, lengthSec: 7, floorKbps: 40 },
  { atSec: 168, lengthSec: 9, floorKbps: 0 }, // the outage: no signal at all
  { atSec: 212, lengthSec: 5, floorKbps: 90 },
  { atSec: 258, lengthSec: 6, floorKbps: 50 },
];

/**
 * One step per second: a base that wanders (mean-reverting) between 1.5 and 3 Mbps with ±8% noise,
 * pulled down to each fade's floor (±30%) with 3 s ramps; the outage is exactly 0 kbps.
 */
function commuteSteps(random: () => number): TraceStep[] {
  const steps: TraceStep[] = [];
  let levelKbps = COMMUTE_BASE_KBPS;
  for (let second = 0; second < COMMUTE_SEC; second += 1) {
    levelKbps += (COMMUTE_BASE_KBPS - levelKbps) * 0.15 + (random() * 2 - 1) * 300;
    levelKbps = Math.min(COMMUTE_MAX_KBPS, Math.max(COMMUTE_MIN_KBPS, levelKbps));
    let kbps = levelKbps * (1 + (random() * 2 - 1) * 0.08);
    const noise = random();
    for (const fade of COMMUTE_FADES) kbps = applyFade(kbps, second, fade, noise);
    steps.push([1, Math.round(kbps)]);
  }
  return steps;
}

function applyFade(kbps: number, second: number, fade: Fade, noise: number): number {
  const endSec = fade.atSec + fade.lengthSec;
  if (second >= fade.atSec && second < endSec) return fade.floorKbps * (0.7 + 0.6 * noise);
  // Ramps: the rate moves linearly between the base and the floor over RAMP_SEC on each side.
  const before = fade.atSec - second;
  const after = second - endSec + 1;
  const distance = before > 0 ? before : after > 0 ? after : 0;
  if (distance === 0 || distance > RAMP_SEC) return kbps;
  const share = distance / (RAMP_SEC + 1);
  return fade.floorKbps + (kbps - fade.floorKbps) * share;
}
