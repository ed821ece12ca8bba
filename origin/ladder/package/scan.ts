import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseInitSegment, parseMediaSegment } from './mp4.js';
import type { TrackListing } from './verify.js';

const SEGMENT_NAME = /^seg-(\d{5,})\.m4s$/;

/**
 * Lists what the encoder left in one track folder (`video/<id>` or `audio`) and reads each
 * file's timing. Never throws for a broken track: problems become `error` fields that
 * {@link verifyTrack} turns into a reason.
 */
export async function scanTrack(rootDir: string, id: string, relPath: string, encodeError: string | null): Promise<TrackListing> {
  const dir = join(rootDir, relPath);
  const listing: TrackListing = { id, path: relPath, encodeError, init: null, segments: [] };
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return listing;
  }

  if (names.includes('init.mp4')) {
    const bytes = await readFile(join(dir, 'init.mp4'));
    listing.init = { bytes: bytes.byteLength };
    try {
      if (bytes.byteLength > 0) listing.init.info = parseInitSegment(bytes);
    } catch (error) {
      listing.init.error = (error as Error).message;
    }
  }

  const segmentNames = names
    .map((name) => ({ name, match: SEGMENT_NAME.exec(name) }))
    .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
    .map((entry) => ({ name: entry.name, number: Number(entry.match[1]) }))
    .sort((a, b) => a.number - b.number);

  for (const { name, number } of segmentNames) {
    const bytes = await readFile(join(dir, name));
    const segment: TrackListing['segments'][number] = { number, name, bytes: bytes.byteLength };
    if (bytes.byteLength > 0 && listing.init?.info) {
      try {
        const timing = parseMediaSegment(bytes, listing.init.info);
        segment.startTicks = timing.startTicks;
        segment.durationTicks = timing.durationTicks;
      } catch (error) {
        segment.error = (error as Error).message;
      }
    }
    listing.segments.push(segment);
  }
  return listing;
}
