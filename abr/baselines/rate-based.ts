import type { SimPolicy } from '../policy.js';

/**
 * Baseline: a naive rate-based player. The throughput of each request (bytes over the whole
 * request time, latency included, as a simple player measures it), the harmonic mean of the last
 * `window` requests (as MPC's predictor and dash.js's throughput rule), times `safetyFactor`; the
 * highest rung whose bitrate fits. No buffer awareness, no abandonment, no cache-hit filtering.
 */
export interface RateBasedOptions {
  /** Defaults to 0.9. */
  readonly safetyFactor?: number;
  /** Requests averaged. Defaults to 5. */
  readonly window?: number;
}

export function rateBasedPolicy(options: RateBasedOptions = {}): SimPolicy {
  const safety = options.safetyFactor ?? 0.9;
  const window = options.window ?? 5;
  const samplesBps: number[] = [];
  return {
    name: 'rate-based',
    decide(snapshot) {
      if (samplesBps.length === 0) return { rung: 0, rule: 'rate-based', reason: 'rate: no sample yet → lowest' };
      const harmonic = samplesBps.length / samplesBps.reduce((sum, bps) => sum + 1 / Math.max(bps, 1), 0);
      const budgetBps = harmonic * safety;
      let rung = 0;
      for (const info of snapshot.rungs) if (info.bitrateBps <= budgetBps) rung = info.index;
      return { rung, rule: 'rate-based', reason: `rate: ${(harmonic / 1e6).toFixed(2)} Mbps × ${safety} → rung ${rung}` };
    },
    onDownloaded(sample) {
      if (sample.aborted === true || !(sample.durationMs > 0)) return;
      samplesBps.push((sample.bytes * 8) / (sample.durationMs / 1000));
      if (samplesBps.length > window) samplesBps.shift();
    },
  };
}
