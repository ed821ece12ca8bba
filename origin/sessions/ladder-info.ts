import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { declaredBitrates, type PlayedOptions } from './played.js';

/**
 * What the session report needs from the served ladder's `ladder.json`: the segment duration and
 * each rung's declared bitrate. Read on every call (reports are rare and the file is small, so it
 * is never stale); `{}` when there is no readable ladder.json, so reports still work on any folder.
 */
export async function readPlayedOptions(ladderDir: string): Promise<PlayedOptions> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(join(ladderDir, 'ladder.json'), 'utf8'));
  } catch {
    return {};
  }
  if (typeof json !== 'object' || json === null) return {};
  const record = json as { segmentDurationSec?: unknown; rungs?: unknown };
  const segmentDurationSec =
    typeof record.segmentDurationSec === 'number' && record.segmentDurationSec > 0 ? record.segmentDurationSec : undefined;
  const rungBitratesBps = Array.isArray(record.rungs) ? declaredBitrates({ rungs: record.rungs.filter(isRung) }) : {};
  return {
    ...(segmentDurationSec === undefined ? {} : { segmentDurationSec }),
    ...(Object.keys(rungBitratesBps).length === 0 ? {} : { rungBitratesBps }),
  };
}

function isRung(value: unknown): value is { id: string; videoAverageBitrateBps?: number; videoBitrateBps?: number } {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}
