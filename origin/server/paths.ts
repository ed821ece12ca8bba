import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/** A request target split into its still-encoded path and its query (without `?`). */
export interface RequestTarget {
  rawPath: string;
  query: string;
}

/** Splits `req.url`; null unless it is origin-form (`/path?query`). */
export function splitTarget(url: string): RequestTarget | null {
  if (!url.startsWith('/')) return null;
  const hash = url.indexOf('#');
  const withoutHash = hash === -1 ? url : url.slice(0, hash);
  const mark = withoutHash.indexOf('?');
  return mark === -1
    ? { rawPath: withoutHash, query: '' }
    : { rawPath: withoutHash.slice(0, mark), query: withoutHash.slice(mark + 1) };
}

const ENCODED_SEPARATOR = /%(2f|5c)/i;
// Control characters, backslash and `%` (left over from double encoding) are never in a ladder path.
const FORBIDDEN_DECODED = /[\u0000-\u001f\u007f\\%]/;

/**
 * Decodes a raw URL path once. Null when it is not a path we would ever serve from:
 * not starting with `/`, malformed percent-encoding, encoded `/` or `\` (`%2f`, `%5c`),
 * control characters (NUL included), backslashes, or a `%` left after decoding (double encoding).
 * The server answers null with 400.
 */
export function decodeUrlPath(rawPath: string): string | null {
  if (!rawPath.startsWith('/') || ENCODED_SEPARATOR.test(rawPath)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  return FORBIDDEN_DECODED.test(decoded) ? null : decoded;
}

/**
 * Maps a raw URL path (percent-encoded, session prefix already removed) to the real path of an
 * existing regular file inside `root`, or null. Null for everything `decodeUrlPath` rejects, for
 * empty, `.` / `..` and dot-file segments (`/.git/...`), for directories (no listing), for missing
 * files, and for anything whose real path (symlinks resolved) is outside the real `root`.
 *
 * "Pure-ish": no state, but it asks the file system (realpath + stat), synchronously.
 */
export function resolveSafePath(root: string, urlPath: string): string | null {
  const decoded = decodeUrlPath(urlPath);
  if (decoded === null) return null;
  const segments = decoded.slice(1).split('/');
  if (segments.some((segment) => segment === '' || segment.startsWith('.'))) return null;

  const realRoot = realpathOrNull(root);
  if (realRoot === null) return null;
  const candidate = join(realRoot, ...segments);
  if (!isInside(realRoot, candidate)) return null;
  const real = realpathOrNull(candidate);
  if (real === null || !isInside(realRoot, real)) return null;
  try {
    return statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

/** True when `child` is `root` itself or below it (both absolute, normalised). */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function realpathOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}
