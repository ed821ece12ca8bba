import { describe, expect, it } from 'vitest';
import { MAX_CUSTOM_HEADERS, MAX_CUSTOM_HEADER_CHARS, readCustomHeaders } from '../../../../origin/server/custom-headers.js';

describe('readCustomHeaders', () => {
  it('keeps x-* headers and leaves out standard ones and the session header', () => {
    expect(readCustomHeaders({ 'x-embedder': 'acme', range: 'bytes=0-', 'x-vod-session': 'qa-1', accept: '*/*' })).toEqual({ 'x-embedder': 'acme' });
  });

  it('is null for a request without custom headers', () => {
    expect(readCustomHeaders({ range: 'bytes=0-' })).toBeNull();
  });

  it('bounds how many headers and how much of each value it keeps', () => {
    const headers: Record<string, string> = {};
    for (let i = 0; i < MAX_CUSTOM_HEADERS + 5; i += 1) headers[`x-h${i}`] = 'v'.repeat(MAX_CUSTOM_HEADER_CHARS + 10);
    const kept = readCustomHeaders(headers)!;
    expect(Object.keys(kept)).toHaveLength(MAX_CUSTOM_HEADERS);
    expect(Object.values(kept).every((value) => value.length === MAX_CUSTOM_HEADER_CHARS)).toBe(true);
  });
});
