import type { IncomingHttpHeaders } from 'node:http';

/** A CMCD value: a string (quoted in the wire form), a token (`v`, `h`), a number or a boolean. */
export type CmcdValue = string | number | boolean;

/** CMCD headers (CTA-5004): the data may be split across these four. */
const CMCD_HEADERS = ['cmcd-request', 'cmcd-object', 'cmcd-status', 'cmcd-session'] as const;

/**
 * The Common Media Client Data a request carries, as key/values: from the `CMCD` query parameter,
 * or from the CMCD-Request/Object/Status/Session headers (merged); null when it has none.
 * `sid="abc",br=3200,bs,ot=v` → `{ sid: 'abc', br: 3200, bs: true, ot: 'v' }`.
 */
export function readCmcd(headers: IncomingHttpHeaders, query: string): Record<string, CmcdValue> | null {
  const fromQuery = new URLSearchParams(query).get('CMCD');
  const parts: string[] = [];
  if (fromQuery !== null) parts.push(fromQuery);
  for (const name of CMCD_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string' && value !== '') parts.push(value);
  }
  if (parts.length === 0) return null;
  const data: Record<string, CmcdValue> = {};
  for (const part of parts) Object.assign(data, parseCmcd(part));
  return data;
}

/** Parses one CMCD payload: comma-separated `key`, `key=value`, `key="string"` (with `\"` and `\\` escapes). */
export function parseCmcd(payload: string): Record<string, CmcdValue> {
  const data: Record<string, CmcdValue> = {};
  for (const pair of splitPairs(payload)) {
    const eq = pair.indexOf('=');
    const key = (eq === -1 ? pair : pair.slice(0, eq)).trim();
    if (!/^[a-z0-9-]+$/i.test(key)) continue;
    if (eq === -1) {
      data[key] = true;
      continue;
    }
    const raw = pair.slice(eq + 1).trim();
    if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) data[key] = raw.slice(1, -1).replace(/\\(["\\])/g, '$1');
    else if (raw === 'true' || raw === 'false') data[key] = raw === 'true';
    else if (/^-?\d+(\.\d+)?$/.test(raw)) data[key] = Number(raw);
    else data[key] = raw;
  }
  return data;
}

/** Splits on commas that are not inside a quoted string. */
function splitPairs(payload: string): string[] {
  const pairs: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < payload.length; i += 1) {
    const char = payload[i]!;
    if (char === '\\' && quoted) {
      current += char + (payload[i + 1] ?? '');
      i += 1;
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (char === ',' && !quoted) {
      if (current.trim() !== '') pairs.push(current);
      current = '';
    } else current += char;
  }
  if (current.trim() !== '') pairs.push(current);
  return pairs;
}
