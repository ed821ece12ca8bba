import { DEFAULT_THUMBNAILS } from '../defaults.js';
import { vttTimestamp } from './vtt-time.js';

/** How thumbnails are cut and tiled. */
export interface ThumbnailLayout {
  intervalSec: number;
  /** Tile size, pixels. */
  width: number;
  height: number;
  columns: number;
  rows: number;
}

/** Tiles keep the source's aspect ratio at a fixed width, with an even height. Pure. */
export function thumbnailLayout(source: { width: number; height: number }, base = DEFAULT_THUMBNAILS): ThumbnailLayout {
  const height = Math.max(2, Math.round((base.width * source.height) / source.width / 2) * 2);
  return { intervalSec: base.intervalSec, width: base.width, height, columns: base.columns, rows: base.rows };
}

export function thumbnailCount(durationSec: number, layout: ThumbnailLayout): number {
  return Math.max(1, Math.ceil(durationSec / layout.intervalSec - 1e-9));
}

export function spriteCount(durationSec: number, layout: ThumbnailLayout): number {
  return Math.ceil(thumbnailCount(durationSec, layout) / (layout.columns * layout.rows));
}

/** `sprite-001.jpg` for sprite 1. */
export function spriteName(number: number): string {
  return `sprite-${String(number).padStart(3, '0')}.jpg`;
}

/** Folder (under `thumbs/`) for the single tiles the encode writes before they are tiled. */
export const TILES_DIR = '.tiles';

/**
 * The ffmpeg filter chain that cuts one tile per interval. `round=up` makes tile k the frame at
 * exactly k × interval. Tiles are joined into sprites by a second, tiny ffmpeg run
 * ({@link spriteArgs}): tiling inside the encode would hold back the sprite output's first frame,
 * and with it every `-progress` report, until the end.
 */
export function thumbnailFilter(layout: ThumbnailLayout): string {
  return `fps=1/${layout.intervalSec}:round=up,scale=${layout.width}:${layout.height},setsar=1`;
}

/** ffmpeg arguments that join `thumbs/.tiles/tile-%05d.jpg` into `thumbs/sprite-%03d.jpg`. Pure. */
export function spriteArgs(thumbsDir: string, layout: ThumbnailLayout): string[] {
  return [
    '-hide_banner', '-nostdin', '-y', '-loglevel', 'error',
    '-framerate', '1', '-start_number', '1', '-i', `${thumbsDir}/${TILES_DIR}/tile-%05d.jpg`,
    '-vf', `tile=${layout.columns}x${layout.rows}`,
    '-q:v', '5', '-start_number', '1', '-f', 'image2', `${thumbsDir}/sprite-%03d.jpg`,
  ];
}

/** A WebVTT whose cues point at sprite tiles with `#xywh=` fragments (paths relative to it). Pure. */
export function thumbnailsVtt(durationSec: number, layout: ThumbnailLayout): string {
  const perSprite = layout.columns * layout.rows;
  const lines = ['WEBVTT', ''];
  for (let index = 0; index < thumbnailCount(durationSec, layout); index++) {
    const startSec = index * layout.intervalSec;
    const endSec = Math.min(durationSec, startSec + layout.intervalSec);
    const tile = index % perSprite;
    const x = (tile % layout.columns) * layout.width;
    const y = Math.floor(tile / layout.columns) * layout.height;
    const sprite = spriteName(Math.floor(index / perSprite) + 1);
    lines.push(`${vttTimestamp(startSec)} --> ${vttTimestamp(endSec)}`, `${sprite}#xywh=${x},${y},${layout.width},${layout.height}`, '');
  }
  return lines.join('\n');
}
