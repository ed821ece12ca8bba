import type { IncomingHttpHeaders } from 'node:http';

/** What identifies one version of a file, for conditional requests. */
export interface Validators {
  /** Strong ETag, quoted: `"<size hex>-<mtime ms hex>"`. */
  etag: string;
  mtimeMs: number;
}

export function validatorsFor(sizeBytes: number, mtimeMs: number): Validators {
  return { etag: `"${sizeBytes.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`, mtimeMs };
}

/** `If-None-Match` (weak comparison) or, without it, `If-Modified-Since`: true → answer 304. */
export function isNotModified(headers: IncomingHttpHeaders, validators: Validators): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    const wanted = opaqueTag(validators.etag);
    return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaqueTag(tag.trim()) === wanted);
  }
  const ifModifiedSince = headers['if-modified-since'];
  if (ifModifiedSince === undefined) return false;
  const sinceMs = Date.parse(ifModifiedSince);
  return !Number.isNaN(sinceMs) && wholeSecondsMs(validators.mtimeMs) <= sinceMs;
}

/**
 * `If-Range`: true when there is none, or it names the current version (strong ETag match or
 * the exact Last-Modified date). False → ignore `Range` and send the whole file.
 */
export function isRangeStillValid(headers: IncomingHttpHeaders, validators: Validators): boolean {
  const ifRange = headers['if-range'];
  if (ifRange === undefined) return true;
  if (typeof ifRange !== 'string') return false;
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return value === validators.etag;
  const dateMs = Date.parse(value);
  return !Number.isNaN(dateMs) && dateMs === wholeSecondsMs(validators.mtimeMs);
}

function opaqueTag(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}

/** HTTP dates have whole seconds. */
function wholeSecondsMs(timeMs: number): number {
  return Math.floor(timeMs / 1000) * 1000;
}
