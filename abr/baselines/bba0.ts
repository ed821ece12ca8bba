import type { SimPolicy } from '../policy.js';

/**
 * Baseline: BBA-0 (Huang et al., "A Buffer-Based Approach to Rate Adaptation", SIGCOMM 2014,
 * Algorithm 1). A rate map f(B) rises linearly from the lowest to the highest rung bitrate across
 * the cushion, above a reservoir; the rung changes only when f(B) crosses the next rung above
 * (up to the highest rung under f(B)) or the next below (down to the lowest rung above f(B)).
 *
 * The paper sizes reservoir 90 s and cushion 126 s for a 240 s buffer and 4 s chunks. Scaled to a
 * 30 s buffer and 2 s segments: reservoir 5 s (as Pensieve's BB baseline), cushion 20 s, leaving a
 * 5 s upper reservoir under the cap, the paper's proportion.
 */
export interface Bba0Options {
  /** Defaults to 5 s. */
  readonly reservoirSec?: number;
  /** Defaults to 20 s. */
  readonly cushionSec?: number;
}

export function bba0Policy(options: Bba0Options = {}): SimPolicy {
  const reservoir = options.reservoirSec ?? 5;
  const cushion = options.cushionSec ?? 20;
  return {
    name: 'bba-0',
    decide(snapshot) {
      const rates = snapshot.rungs.map((rung) => rung.bitrateBps);
      const top = rates.length - 1;
      const min = rates[0]!;
      const max = rates[top]!;
      const buffer = snapshot.bufferSec;
      const previous = snapshot.lastRung ?? 0;
      const f = min + ((max - min) * (buffer - reservoir)) / cushion;
      const plus = Math.min(previous + 1, top);
      const minus = Math.max(previous - 1, 0);
      let rung: number;
      if (buffer <= reservoir) rung = 0;
      else if (buffer >= reservoir + cushion) rung = top;
      else if (f >= rates[plus]!) rung = highestBelow(rates, f);
      else if (f <= rates[minus]!) rung = lowestAbove(rates, f);
      else rung = previous;
      return { rung, rule: 'bba-0', reason: `bba-0: buffer ${buffer.toFixed(1)}s, f(B) ${(f / 1e6).toFixed(2)} Mbps → rung ${rung}` };
    },
  };
}

/** max{ i : R_i < f } (the lowest rung if none). */
function highestBelow(rates: readonly number[], f: number): number {
  let rung = 0;
  rates.forEach((rate, index) => {
    if (rate < f) rung = index;
  });
  return rung;
}

/** min{ i : R_i > f } (the highest rung if none). */
function lowestAbove(rates: readonly number[], f: number): number {
  const index = rates.findIndex((rate) => rate > f);
  return index === -1 ? rates.length - 1 : index;
}
