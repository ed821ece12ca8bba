import { DEFAULT_LADDER, type RungSpec } from '../defaults.js';
import { LadderError } from '../errors.js';
import type { PlannedRung, SourceInfo } from '../types.js';

export interface PlanOptions {
  /** Ladder table to pick from; defaults to {@link DEFAULT_LADDER}. */
  ladder?: readonly RungSpec[];
}

/** Bitrate floor for a single rung made at a tiny source's own size. */
const MIN_VIDEO_BITRATE_BPS = 64_000;

const evenRound = (n: number): number => Math.max(2, Math.round(n / 2) * 2);
const evenFloor = (n: number): number => Math.max(2, Math.floor(n / 2) * 2);

/**
 * Plans the video rungs for a source. Pure.
 *
 * - Never upscales: a rung's nominal lines (the short side) never exceed the source's short side.
 * - Keeps the source's aspect ratio, with even dimensions.
 * - A source smaller than the lowest rung gets one rung at its own size.
 * - Rungs come back ascending by bitrate, with unique ids.
 */
export function planRungs(source: SourceInfo, options: PlanOptions = {}): PlannedRung[] {
  const table = [...(options.ladder ?? DEFAULT_LADDER)];
  if (table.length === 0) throw new LadderError('INVALID_OPTIONS', 'The ladder has no rungs.');
  assertUniqueIds(table);
  if (!(source.width > 0 && source.height > 0)) {
    throw new LadderError('INVALID_OPTIONS', `The source has no usable size (${source.width}x${source.height}).`);
  }

  const landscape = source.width >= source.height;
  const shortSide = Math.min(source.width, source.height);
  const longSide = Math.max(source.width, source.height);
  const byLines = table.sort((a, b) => a.height - b.height || a.videoBitrateBps - b.videoBitrateBps);

  const fitting = byLines.filter((spec) => spec.height <= shortSide);
  if (fitting.length === 0) {
    const lowest = byLines[0] as RungSpec;
    return [sourceSizedRung(source, lowest)];
  }

  return fitting
    .map((spec): PlannedRung => {
      const short = evenFloor(spec.height);
      const long = Math.min(evenRound((short * longSide) / shortSide), evenFloor(longSide));
      return {
        id: spec.id,
        width: landscape ? long : short,
        height: landscape ? short : long,
        videoBitrateBps: spec.videoBitrateBps,
      };
    })
    .sort((a, b) => a.videoBitrateBps - b.videoBitrateBps);
}

/** One rung at the source's own size, its bitrate scaled from the lowest rung by pixel count. */
function sourceSizedRung(source: SourceInfo, lowest: RungSpec): PlannedRung {
  const width = evenFloor(source.width);
  const height = evenFloor(source.height);
  const shortSide = Math.min(width, height);
  const pixelRatio = (shortSide / lowest.height) ** 2;
  const scaledBps = Math.round((lowest.videoBitrateBps * pixelRatio) / 1000) * 1000;
  return {
    id: `${shortSide}p`,
    width,
    height,
    videoBitrateBps: Math.max(MIN_VIDEO_BITRATE_BPS, Math.min(lowest.videoBitrateBps, scaledBps)),
  };
}

function assertUniqueIds(table: readonly RungSpec[]): void {
  const seen = new Set<string>();
  for (const spec of table) {
    if (seen.has(spec.id)) throw new LadderError('INVALID_OPTIONS', `Rung id "${spec.id}" appears twice in the ladder.`);
    seen.add(spec.id);
  }
}
