import type { IncomingHttpHeaders } from 'node:http';
import { SESSION_HEADER } from './session.js';

/** At most this many custom headers are kept per request, each value cut to this length. */
export const MAX_CUSTOM_HEADERS = 16;
export const MAX_CUSTOM_HEADER_CHARS = 256;

/**
 * The request's custom `x-*` headers (names lower-case), e.g. what a player's request filter or
 * `xhrSetup` adds (`x-embedder: acme`), for the request log; null when it has none. The origin's
 * own session header is left out (the log has `session`). Bounded, so a client cannot grow the log.
 */
export function readCustomHeaders(headers: IncomingHttpHeaders): Record<string, string> | null {
  let result: Record<string, string> | null = null;
  let count = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('x-') || name === SESSION_HEADER || value === undefined) continue;
    if (count === MAX_CUSTOM_HEADERS) break;
    const text = Array.isArray(value) ? value.join(', ') : value;
    result ??= {};
    result[name] = text.length > MAX_CUSTOM_HEADER_CHARS ? text.slice(0, MAX_CUSTOM_HEADER_CHARS) : text;
    count += 1;
  }
  return result;
}
