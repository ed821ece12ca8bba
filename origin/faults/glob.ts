import { FaultError } from './errors.js';

/**
 * Path globs for fault rules (`match.pathGlob`, CLI `path=`), matched against the whole request
 * path (which starts with `/`, without the session prefix or query):
 *
 *     *    any run of characters except `/` (within one folder)
 *     **   any run of characters, `/` included (across folders)
 *     ?    one character except `/`
 *     else the character itself
 *
 * e.g. `/video/720p/**` (everything under that folder), `/video/*p/init.mp4` (every video init
 * segment), `**.mpd`, and `**` then `/seg-0000?.m4s` (segments 1 to 9 of every rung).
 *
 * A glob compiles to a small automaton that `matchesGlob` runs over the path once, keeping the
 * set of glob positions that are still possible: time is O(path length × glob length) whatever
 * the input, with no backtracking (a regular expression built from user text could take
 * exponential time on a crafted path, and block the whole server). Pure.
 */

/** Longest glob accepted, characters: bounds the matcher's work per path character. */
export const MAX_GLOB_LENGTH = 256;

const LITERAL = 0;
/** `*`: zero or more characters other than `/`. */
const STAR = 1;
/** `**`: zero or more characters. */
const GLOBSTAR = 2;
/** `?`: one character other than `/`. */
const ONE = 3;
const SLASH = 0x2f;

/** A glob compiled to its token list. */
export interface CompiledGlob {
  readonly source: string;
  /** The kind of each token. */
  readonly kinds: Uint8Array;
  /** The UTF-16 code unit of each literal token (0 for the others). */
  readonly codes: Uint16Array;
}

/** Characters that say "this is a regular expression", refused so a regex does not silently match nothing. */
const REGEX_LOOKING = /[\^$()[\]{}|\\]/;

/**
 * Checks a glob from the control API or the CLI and returns it unchanged. Throws FaultError
 * `BAD_GLOB` for an empty, overlong or control-character glob, one that does not start with `/` or
 * `*` (it could never match a path), or one with regex syntax (`^ $ ( ) [ ] { } | \`).
 */
export function readGlob(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new FaultError('BAD_GLOB', `${field} must be a string (a path glob like "/video/720p/**")`, { field });
  if (value === '' || value.length > MAX_GLOB_LENGTH) {
    throw new FaultError('BAD_GLOB', `${field} must be 1 to ${MAX_GLOB_LENGTH} characters`, { field });
  }
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new FaultError('BAD_GLOB', `${field} has a control character`, { field });
  if (REGEX_LOOKING.test(value)) {
    throw new FaultError(
      'BAD_GLOB',
      `${field} ${JSON.stringify(value)} looks like a regular expression; it is a glob over the whole path: * (within a folder), ** (across folders), ? (one character), e.g. "/video/720p/**"`,
      { field },
    );
  }
  if (!value.startsWith('/') && !value.startsWith('*')) {
    throw new FaultError('BAD_GLOB', `${field} ${JSON.stringify(value)} never matches: paths start with /, e.g. "/video/720p/**" or "**/seg-00005.m4s"`, { field });
  }
  return value;
}

/** Tokens of a glob: a run of two or more `*` is one `**`. */
export function compileGlob(source: string): CompiledGlob {
  const kinds: number[] = [];
  const codes: number[] = [];
  for (let i = 0; i < source.length; i += 1) {
    const code = source.charCodeAt(i);
    if (code === 0x2a /* * */) {
      let end = i;
      while (source.charCodeAt(end + 1) === 0x2a) end += 1;
      kinds.push(end > i ? GLOBSTAR : STAR);
      codes.push(0);
      i = end;
    } else if (code === 0x3f /* ? */) {
      kinds.push(ONE);
      codes.push(0);
    } else {
      kinds.push(LITERAL);
      codes.push(code);
    }
  }
  return { source, kinds: Uint8Array.from(kinds), codes: Uint16Array.from(codes) };
}

/**
 * Whether `glob` matches all of `path`: one pass over `path`, each step computing which tokens
 * can have been reached from the ones reached before, O(path length × tokens), no backtracking.
 * State `t` means "the first t tokens have matched the path so far".
 */
export function matchesGlob(glob: CompiledGlob, path: string): boolean {
  const { kinds, codes } = glob;
  const count = kinds.length;
  let current = new Uint8Array(count + 1);
  let next = new Uint8Array(count + 1);
  current[0] = 1;
  closeOverStars(kinds, current);
  for (let p = 0; p < path.length; p += 1) {
    const code = path.charCodeAt(p);
    const notSlash = code !== SLASH;
    let alive = 0;
    let previous = 0; // next[t - 1], with the stars' closure applied
    for (let t = 0; t <= count; t += 1) {
      let reached = 0;
      if (t > 0 && current[t - 1] === 1) {
        // Token t-1 took this character and moved on: a literal, or `?`.
        const kind = kinds[t - 1];
        if ((kind === LITERAL && codes[t - 1] === code) || (kind === ONE && notSlash)) reached = 1;
      }
      if (reached === 0 && t < count && current[t] === 1) {
        // Token t is a star that took this character and stays.
        const kind = kinds[t];
        if (kind === GLOBSTAR || (kind === STAR && notSlash)) reached = 1;
      }
      // A star may match nothing: reaching a star reaches the token after it.
      if (reached === 0 && t > 0 && previous === 1 && (kinds[t - 1] === STAR || kinds[t - 1] === GLOBSTAR)) reached = 1;
      next[t] = reached;
      previous = reached;
      alive |= reached;
    }
    if (alive === 0) return false;
    [current, next] = [next, current];
  }
  return current[count] === 1;
}

/** A star may match nothing: wherever a star token is possible, so is the token after it. */
function closeOverStars(kinds: Uint8Array, states: Uint8Array): void {
  for (let t = 0; t < kinds.length; t += 1) {
    if (states[t] === 1 && (kinds[t] === STAR || kinds[t] === GLOBSTAR)) states[t + 1] = 1;
  }
}
