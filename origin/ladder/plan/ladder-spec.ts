import { DEFAULT_LADDER, type RungSpec } from '../defaults.js';
import { LadderError } from '../errors.js';

const ITEM = /^(\d{2,4})p(?:@(\d+(?:\.\d+)?)(k|m)?)?$/i;

/**
 * Parses a `--ladder` value such as `1080p,720p,480p` or `540p@1800k,270p@400k`. Pure.
 *
 * An item without `@bitrate` must name a rung of `table`; `@1800k`, `@1.8m` or `@1800000`
 * (bits/s) gives the target video bitrate of any rung.
 */
export function parseLadderSpec(spec: string, table: readonly RungSpec[] = DEFAULT_LADDER): RungSpec[] {
  const items = spec
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) throw new LadderError('INVALID_OPTIONS', 'The ladder list is empty.');

  const rungs = items.map((item): RungSpec => {
    const match = ITEM.exec(item);
    if (!match) {
      throw new LadderError('INVALID_OPTIONS', `Cannot read ladder item "${item}": expected e.g. 720p or 540p@1800k.`);
    }
    const height = Number(match[1]);
    const id = `${height}p`;
    if (match[2] !== undefined) {
      const unit = (match[3] ?? '').toLowerCase();
      const multiplier = unit === 'm' ? 1_000_000 : unit === 'k' ? 1000 : 1;
      return { id, height, videoBitrateBps: Math.round(Number(match[2]) * multiplier) };
    }
    const known = table.find((rung) => rung.id === id);
    if (!known) {
      const ids = table.map((rung) => rung.id).join(', ');
      throw new LadderError('INVALID_OPTIONS', `Unknown rung "${item}": use one of ${ids}, or give a bitrate like ${id}@1500k.`);
    }
    return { ...known };
  });

  const ids = new Set<string>();
  for (const rung of rungs) {
    if (ids.has(rung.id)) throw new LadderError('INVALID_OPTIONS', `Rung "${rung.id}" is listed twice.`);
    if (rung.videoBitrateBps <= 0) throw new LadderError('INVALID_OPTIONS', `Rung "${rung.id}" needs a positive bitrate.`);
    ids.add(rung.id);
  }
  return rungs;
}
