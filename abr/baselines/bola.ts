import type { SimPolicy } from '../policy.js';
import { allowedRungs } from '../rules/context.js';

/**
 * Baseline: BOLA-BASIC (Spiteri, Urgaonkar, Sitaraman, "BOLA: Near-Optimal Bitrate Adaptation for
 * Online Videos", INFOCOM 2016), parameterised as dash.js's BolaRule does it (Spiteri et al.,
 * "From Theory to Practice", MMSys 2018), without its placeholder buffer, its throughput-based
 * startup or its oscillation guards: purely buffer-based.
 *
 * For the buffer level Q (seconds) before a request, the rung maximising
 *
 *     (V · (υ_m + γp) − Q) / S_m,    υ_m = ln(S_m / S_1) + 1
 *
 * where S_m is the rung's bitrate (`bitrateBps`, all-in: what the link pays; dash.js uses the
 * representation bitrates, the paper the segment sizes, proportional to them). dash.js's
 * parameters: a minimum buffer of 10 s, below which BOLA prefers the lowest rung, and a buffer
 * target where it reaches the top one:
 *
 *     target = max(bufferTarget, 10 s + 2 s × rungs),
 *     γp = (υ_M − 1) / (target / 10 s − 1),   V = 10 s / γp
 *
 * so that V · (υ_1 + γp − 1) = 10 s and V · (υ_M + γp − 1) = target. `bufferTarget` defaults to
 * the snapshot's `bufferGoalSec` (the player's buffer goal, 30 s in the simulator; the top rung
 * then wins from 27.5 s with the default ladder, under the 28 s the 30 s cap lets a 2 s segment
 * start at). No abandonment. When every score is negative BOLA would wait; the simulator already
 * waits for room under the cap, so the best-scoring rung is taken.
 */
export interface BolaOptions {
  /** Buffer where the lowest rung stops being preferred, seconds. Defaults to 10 (dash.js MINIMUM_BUFFER_S). */
  readonly minimumBufferSec?: number;
  /** Per-rung floor of the target, seconds. Defaults to 2 (dash.js MINIMUM_BUFFER_PER_BITRATE_LEVEL_S). */
  readonly minimumBufferPerRungSec?: number;
  /** Buffer target, seconds. Defaults to the snapshot's `bufferGoalSec`, else 30. */
  readonly bufferTargetSec?: number;
  /** Defaults to `bola`. */
  readonly name?: string;
}

export interface BolaParameters {
  /** V, seconds. */
  readonly vSec: number;
  readonly gammaP: number;
  /** υ_m per rung (ln(S_m / S_1) + 1). */
  readonly utilities: readonly number[];
  readonly targetSec: number;
}

/** dash.js's `calculateBolaParameters` on the given bitrates. */
export function bolaParameters(bitratesBps: readonly number[], bufferTargetSec: number, minimumBufferSec = 10, minimumBufferPerRungSec = 2): BolaParameters {
  const utilities = bitratesBps.map((bps) => Math.log(bps / bitratesBps[0]!) + 1);
  const top = utilities[utilities.length - 1]!;
  const targetSec = Math.max(bufferTargetSec, minimumBufferSec + minimumBufferPerRungSec * bitratesBps.length);
  // One rung (or all equal): γp = 0 would divide by zero; any V works, every score ranks rung 0 first.
  const gammaP = top > 1 ? (top - 1) / (targetSec / minimumBufferSec - 1) : 1;
  return { vSec: minimumBufferSec / gammaP, gammaP, utilities, targetSec };
}

export function bolaPolicy(options: BolaOptions = {}): SimPolicy {
  const minimumBufferSec = options.minimumBufferSec ?? 10;
  const perRungSec = options.minimumBufferPerRungSec ?? 2;
  const name = options.name ?? 'bola';
  return {
    name,
    decide(snapshot) {
      const { minRung, maxRung } = allowedRungs(snapshot.rungs, snapshot.caps);
      const bitrates = snapshot.rungs.map((rung) => rung.bitrateBps);
      const targetSec = options.bufferTargetSec ?? snapshot.bufferGoalSec ?? 30;
      const p = bolaParameters(bitrates, targetSec, minimumBufferSec, perRungSec);
      const q = snapshot.bufferSec;
      let rung = minRung;
      let best = Number.NEGATIVE_INFINITY;
      for (let m = minRung; m <= maxRung; m++) {
        const score = (p.vSec * (p.utilities[m]! + p.gammaP) - q) / bitrates[m]!;
        // dash.js keeps the last of equal scores (`s >= score`).
        if (score >= best) {
          best = score;
          rung = m;
        }
      }
      return { rung, rule: name, reason: `${name}: buffer ${q.toFixed(1)}s, V ${p.vSec.toFixed(2)}s, γp ${p.gammaP.toFixed(2)} → rung ${rung}` };
    },
  };
}
