/**
 * Media ids: the key under which a video's position is saved. PURE.
 */

/** 1 to 128 of letters, digits and `. _ ~ : @ -`: one rule with the origin's resume API, in contracts/. */
export { isMediaId, MEDIA_ID_PATTERN } from '../../contracts/media-id.js';

/**
 * The id used when `media-id` is not set: `src-` and 16 hex digits of a 64-bit FNV-1a hash of
 * the source URL without its query string and fragment (signed-URL tokens and session parameters
 * live there and change between page loads). Relative URLs are resolved against `baseUrl`.
 *
 *     deriveMediaId('https://cdn.example.com/v/42/master.m3u8?token=abc') === deriveMediaId('https://cdn.example.com/v/42/master.m3u8')
 */
export function deriveMediaId(src: string, baseUrl?: string): string {
  let key = src.trim();
  try {
    const url = new URL(key, baseUrl);
    key = `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    key = key.replace(/[?#].*$/, '');
  }
  return `src-${fnv1a64Hex(key)}`;
}

/** 64-bit FNV-1a over the UTF-16 code units, as 16 hex digits (a short, stable key; not a secret). */
export function fnv1a64Hex(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * prime) & mask;
  }
  return hash.toString(16).padStart(16, '0');
}
