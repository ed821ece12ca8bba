import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addSample,
  constantLadder,
  createEstimator,
  DEFAULT_LADDER_SPEC,
  ladderFromJson,
  parseSimTrace,
  type DecisionInput,
  type EstimatorState,
  type LadderJsonLike,
  type RungInfo,
  type SimLadder,
  type SimTrace,
} from '../../../abr/index.js';
import { syntheticCacheKey } from '../../../origin/ladder/cache.js';

/**
 * Test fixtures for the ABR core: the shared dev traces (read at test time from
 * `../shared/traces`, never copied into the repository), the origin's default ladder, and a
 * snapshot builder.
 */

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const tracesDir = resolve(repoRoot, '../shared/traces');

/** A dev trace by file name prefix, e.g. `fcc_trace_7540`. */
export function loadDevTrace(prefix: string): SimTrace {
  const file = readdirSync(tracesDir).find((name) => name.startsWith(prefix) && name.endsWith('.json'));
  if (file === undefined) throw new Error(`no trace starting with ${prefix} in ${tracesDir}`);
  return parseSimTrace(JSON.parse(readFileSync(join(tracesDir, file), 'utf8')), file.slice(0, -'.json'.length));
}

/**
 * The origin's generated default ladder (`.cache/ladders/<syntheticCacheKey()>`, the folder of the
 * default options) looped to `segmentCount`, or, when it has not been generated, the built-in copy
 * of its rungs with constant segment sizes.
 */
export function defaultLadder(segmentCount = 150): SimLadder {
  const path = resolve(repoRoot, '.cache/ladders', syntheticCacheKey(), 'ladder.json');
  if (!existsSync(path)) return constantLadder({ ...DEFAULT_LADDER_SPEC, segmentCount });
  const json = JSON.parse(readFileSync(path, 'utf8')) as LadderJsonLike;
  return ladderFromJson(json, { segmentCount });
}

/** The default ladder's rungs, all-in bitrates (video + 128 kbps audio), 240p–1080p. */
export const RUNGS: readonly RungInfo[] = [
  { index: 0, bitrateBps: 428_000, height: 240, width: 426 },
  { index: 1, bitrateBps: 828_000, height: 360, width: 640 },
  { index: 2, bitrateBps: 1_328_000, height: 480, width: 854 },
  { index: 3, bitrateBps: 2_628_000, height: 720, width: 1280 },
  { index: 4, bitrateBps: 4_628_000, height: 1080, width: 1920 },
];

/** An estimator whose estimate is exactly `bps`: one accepted 10 s sample at that rate, not remembered as a fade. */
export function estimatorAt(bps: number): EstimatorState {
  return { ...addSample(createEstimator(), { bytes: (bps * 10) / 8, durationMs: 10_000, ttfbMs: 0, nowMs: 0 }), longestTransferMs: 0 };
}

/** A decision input with 2 s segments sized by bitrate, steady phase, 10 Mbps estimate; override anything. */
export function makeInput(overrides: Partial<DecisionInput> = {}): DecisionInput {
  return {
    nowMs: 0,
    bufferSec: 10,
    rungs: RUNGS,
    nextSegment: { index: 10, durationSec: 2 },
    lastRung: 2,
    playbackRate: 1,
    rttMs: 0,
    estimator: estimatorAt(10_000_000),
    phase: 'steady',
    ...overrides,
  };
}
