import { extensionOf } from './mime.js';
import type { PathInfo } from './types.js';

/** Manifests, ladder.json, WebVTT and anything unknown: always revalidate (cheap, with ETag). */
export const REVALIDATE_CACHE_CONTROL = 'no-cache';
/** Init and media segments, thumbnail sprites: never change under the same URL. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

const IMMUTABLE_EXTENSIONS = new Set(['jpg', 'jpeg', 'png', 'webp', 'gif']);

/**
 * Cache-Control by what the file is. Segments are immutable, so a browser never refetches one
 * within a session; give each test run its own `/s/<session>/` URLs to get cold caches.
 */
export function cacheControlFor(path: string, info: PathInfo): string {
  if (info.kind === 'init' || info.kind === 'media' || info.kind === 'audio') return IMMUTABLE_CACHE_CONTROL;
  if (info.kind === 'manifest') return REVALIDATE_CACHE_CONTROL;
  return IMMUTABLE_EXTENSIONS.has(extensionOf(path)) ? IMMUTABLE_CACHE_CONTROL : REVALIDATE_CACHE_CONTROL;
}
