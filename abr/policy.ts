import type { AbrConfig, PartialAbrConfig } from './config.js';
import { createAbrController } from './controller.js';
import type { AbandonDecision, AbandonProgress, PlayerSnapshot, ThroughputSample } from './types.js';

/** A policy's answer for one segment. */
export interface PolicyChoice {
  readonly rung: number;
  readonly rule?: string;
  readonly reason?: string;
}

/**
 * How a policy plugs into `simulate`: our controller, the baselines, a fixed schedule (the
 * optimum replayed), and later replays of the real engines all meet this. Policies are stateful:
 * use a fresh one per run.
 */
export interface SimPolicy {
  readonly name: string;
  /** Called before each segment request. */
  decide(snapshot: PlayerSnapshot): PolicyChoice;
  /** Called when a request ends (completed, or abandoned with `aborted: true`). */
  onDownloaded?(sample: ThroughputSample): void;
  /** Polled while a request is in flight; omit to never abandon. */
  shouldAbandon?(progress: AbandonProgress, snapshot: PlayerSnapshot): AbandonDecision;
}

export interface ControllerPolicyOptions {
  readonly name?: string;
  /** Passed to `createAbrController`: a returning viewer's stored estimate. */
  readonly seedBandwidthBps?: number | null;
}

/** Our ABR controller as a simulation policy. */
export function controllerPolicy(config?: PartialAbrConfig | AbrConfig, options: ControllerPolicyOptions = {}): SimPolicy {
  const controller = createAbrController(config, { seedBandwidthBps: options.seedBandwidthBps ?? null });
  return {
    name: options.name ?? 'vod-abr',
    decide(snapshot) {
      const decision = controller.choose(snapshot);
      return { rung: decision.rung, rule: decision.rule, reason: decision.reason };
    },
    onDownloaded(sample) {
      controller.onSegmentLoaded(sample);
    },
    shouldAbandon(progress, snapshot) {
      return controller.shouldAbandon(progress, snapshot);
    },
  };
}

/** Plays a fixed rung per segment (the offline optimum's schedule, a hand-made case). */
export function schedulePolicy(rungs: readonly number[], name = 'schedule'): SimPolicy {
  return {
    name,
    decide(snapshot) {
      const rung = rungs[snapshot.nextSegment.index];
      if (rung === undefined) throw new RangeError(`schedule has no rung for segment ${snapshot.nextSegment.index}`);
      return { rung, rule: 'schedule', reason: `schedule → rung ${rung}` };
    },
  };
}
