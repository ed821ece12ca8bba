import type { LinkProfile } from '../throttle/profile.js';
import { meanKbps } from '../throttle/trace.js';

/**
 * One line for a person: `800 kbps, RTT 40 ms ± 5 ms`, `trace <name> (loop, 320 s, mean 2521 kbps)`,
 * `unlimited`. Pure.
 */
export function profileText(profile: LinkProfile): string {
  const { rate } = profile;
  let text: string;
  switch (rate.kind) {
    case 'fixed':
      text = `${rate.kbps} kbps`;
      break;
    case 'trace':
      text = `trace ${rate.trace.name} (${rate.mode}, ${round(rate.trace.durationSec)} s, mean ${Math.round(meanKbps(rate.trace))} kbps)`;
      break;
    case 'unlimited':
      text = 'unlimited';
      break;
  }
  if (profile.rttMs > 0 || profile.jitterMs > 0) text += `, RTT ${round(profile.rttMs)} ms`;
  if (profile.jitterMs > 0) text += ` ± ${round(profile.jitterMs)} ms`;
  return text;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
