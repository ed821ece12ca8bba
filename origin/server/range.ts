/**
 * What to do with a `Range` header for a body of `sizeBytes`:
 *  - `full`: no range, or one we ignore (other unit, bad syntax, several ranges) → 200 with the whole body;
 *  - `partial`: one satisfiable range, inclusive byte offsets → 206;
 *  - `unsatisfiable`: one well-formed range that selects no byte of the body → 416.
 *
 * Multi-range requests (`bytes=0-1,5-6`) are answered with the full body (RFC 9110 lets a server
 * ignore Range); players never send them.
 */
export type RangeDecision =
  | { kind: 'full' }
  | { kind: 'partial'; startByte: number; endByte: number }
  | { kind: 'unsatisfiable' };

const FULL: RangeDecision = Object.freeze({ kind: 'full' });
const SINGLE_RANGE = /^bytes=[ \t]*(\d*)-(\d*)[ \t]*$/i;

export function decideRange(header: string | undefined, sizeBytes: number): RangeDecision {
  if (header === undefined) return FULL;
  const match = SINGLE_RANGE.exec(header.trim());
  if (match === null) return FULL;
  const first = match[1] ?? '';
  const last = match[2] ?? '';

  if (first === '') {
    // Suffix range: the last N bytes.
    if (last === '') return FULL;
    const suffixBytes = toSafeInteger(last);
    if (suffixBytes === null) return FULL;
    if (suffixBytes === 0 || sizeBytes === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', startByte: Math.max(0, sizeBytes - suffixBytes), endByte: sizeBytes - 1 };
  }

  const startByte = toSafeInteger(first);
  if (startByte === null) return FULL;
  const lastByte = last === '' ? Number.MAX_SAFE_INTEGER : toSafeInteger(last);
  if (lastByte === null || lastByte < startByte) return FULL;
  if (startByte >= sizeBytes) return { kind: 'unsatisfiable' };
  return { kind: 'partial', startByte, endByte: Math.min(lastByte, sizeBytes - 1) };
}

function toSafeInteger(digits: string): number | null {
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : null;
}
