import type { PathInfo } from './types.js';

/**
 * What a ladder path is, from its layout alone (no file system):
 *
 * | path                                   | kind        | rung    | segment |
 * |----------------------------------------|-------------|---------|---------|
 * | `master.m3u8`, `manifest.mpd`, `ladder.json`, any `.m3u8`/`.mpd` | `manifest` | rung of its folder or null | null |
 * | `video/<rung>/init.mp4`                | `init`      | `<rung>`| null    |
 * | `video/<rung>/seg-00007.m4s`           | `media`     | `<rung>`| 7       |
 * | `audio/init.mp4`                       | `init`      | `audio` | null    |
 * | `audio/seg-00007.m4s`                  | `audio`     | `audio` | 7       |
 * | `text/en.vtt`                          | `text`      | null    | null    |
 * | `thumbs/thumbs.vtt`, `thumbs/sprite-001.jpg` | `thumbnail` | null | null |
 * | anything else                          | `other`     | null    | null    |
 *
 * So `init` is every init segment (the rung tells video from audio), `media` is video media
 * segments only, `audio` is audio media segments. Only the last path segments are looked at,
 * so a ladder nested under a folder (`/big-buck/video/720p/...`) classifies the same way.
 */
export function classifyPath(path: string): PathInfo {
  const parts = path.split('/').filter((part) => part !== '');
  const name = parts.at(-1) ?? '';
  const parent = parts.at(-2) ?? null;
  const grandparent = parts.at(-3) ?? null;
  const rung = grandparent === 'video' && parent !== null ? parent : parent === 'audio' ? 'audio' : null;

  if (isManifestName(name)) return { kind: 'manifest', rung, segment: null };
  if (parent === 'thumbs') return { kind: 'thumbnail', rung: null, segment: null };
  if (parent === 'text') return { kind: 'text', rung: null, segment: null };
  if (rung === null) return OTHER;

  if (INIT_NAME.test(name)) return { kind: 'init', rung, segment: null };
  const segment = segmentNumber(name);
  if (segment !== null) return { kind: rung === 'audio' ? 'audio' : 'media', rung, segment };
  return OTHER;
}

const OTHER: PathInfo = Object.freeze({ kind: 'other', rung: null, segment: null });
const INIT_NAME = /^init\.[A-Za-z0-9]+$/;
const SEGMENT_NAME = /^seg-(\d+)\.[A-Za-z0-9]+$/;

function isManifestName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.endsWith('.m3u8') || lower.endsWith('.mpd') || lower === 'ladder.json';
}

/** `seg-00007.m4s` → 7; null when the name is not a numbered segment. */
export function segmentNumber(name: string): number | null {
  const match = SEGMENT_NAME.exec(name);
  if (match === null) return null;
  const value = Number(match[1]);
  return Number.isSafeInteger(value) ? value : null;
}
