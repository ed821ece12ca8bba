import { ProfileError } from '../throttle/errors.js';
import { parseProfileJson, type ProfileSpec } from '../throttle/profile.js';

/**
 * A profile from a control-API body: what `parseProfileJson` takes (`{ "kbps": 800, "rttMs": 40 }`,
 * `{ "trace": "<name>", "traceMode": "loop" }`, an inline trace), plus `{ "unlimited": true }`
 * (optionally with `rttMs` / `jitterMs`), which says "no rate limit" explicitly. Throws
 * ProfileError (or TraceError for a bad inline trace).
 */
export function parseProfileBody(body: unknown): ProfileSpec {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('unlimited' in body)) return parseProfileJson(body);
  const { unlimited, ...rest } = body as Record<string, unknown>;
  if (unlimited !== true) {
    throw new ProfileError('OUT_OF_RANGE', `unlimited must be true when given, got ${JSON.stringify(unlimited)}`, { field: 'unlimited' });
  }
  if ('kbps' in rest || 'trace' in rest || 'traceMode' in rest) {
    throw new ProfileError('CONFLICTING_RATE', 'give either unlimited or kbps / trace, not both', { field: 'unlimited' });
  }
  return parseProfileJson(rest);
}
