import { describe, expect, it } from 'vitest';
import { deriveMediaId, isMediaId } from '../../../src/resume/media-id.js';

describe('deriveMediaId', () => {
  it('ignores the query string and fragment (tokens, sessions)', () => {
    const id = deriveMediaId('https://cdn.example.com/v/42/master.m3u8?token=abc#t=10');
    expect(id).toBe(deriveMediaId('https://cdn.example.com/v/42/master.m3u8'));
    expect(id).toMatch(/^src-[0-9a-f]{16}$/);
    expect(isMediaId(id)).toBe(true);
  });

  it('tells different videos apart', () => {
    expect(deriveMediaId('https://cdn.example.com/v/42/master.m3u8')).not.toBe(deriveMediaId('https://cdn.example.com/v/43/master.m3u8'));
  });

  it('resolves a relative source against the page', () => {
    expect(deriveMediaId('v/42/master.m3u8', 'https://cdn.example.com/')).toBe(deriveMediaId('https://cdn.example.com/v/42/master.m3u8'));
  });
});

describe('isMediaId', () => {
  it('accepts ids of 1 to 128 safe characters', () => {
    expect(isMediaId('movie:123@season-2_ep.3~x')).toBe(true);
    expect(isMediaId('a'.repeat(128))).toBe(true);
  });

  it('refuses empty, long, or path-like ids', () => {
    expect(isMediaId('')).toBe(false);
    expect(isMediaId('a'.repeat(129))).toBe(false);
    expect(isMediaId('../x')).toBe(false);
    expect(isMediaId('a b')).toBe(false);
  });
});
