/**
 * Whether a session is in the sample: a hash of its id below `sampleRate` (0 to 1). The same
 * session id always gives the same answer, so a session is reported whole or not at all.
 */
export function isSampled(sessionId: string, sampleRate: number): boolean {
  if (sampleRate >= 1) return true;
  if (sampleRate <= 0) return false;
  return fnv1a(sessionId) / 2 ** 32 < sampleRate;
}

/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
