import { describe, expect, it } from 'vitest';
import { RenditionExclusions, nearestAllowedRung } from '../../../src/recovery/rendition-exclusions.js';

describe('RenditionExclusions', () => {
  it('keeps a rendition out until its cool-down ends, with why', () => {
    const exclusions = new RenditionExclusions();
    exclusions.exclude(3, 60_000, '1080p excluded (HTTP 404)');
    expect([...exclusions.active(59_999)]).toEqual([[3, '1080p excluded (HTTP 404)']]);
    expect(exclusions.has(3, 60_000)).toBe(false);
    expect(exclusions.active(60_000).size).toBe(0);
  });

  it('extends an exclusion, never shortens it, and clears with the source', () => {
    const exclusions = new RenditionExclusions();
    exclusions.exclude(1, 50_000, 'a');
    exclusions.exclude(1, 20_000, 'b');
    expect(exclusions.active(30_000).get(1)).toBe('a');
    exclusions.exclude(1, 90_000, 'c');
    expect(exclusions.active(60_000).get(1)).toBe('c');
    exclusions.clear();
    expect(exclusions.active(0).size).toBe(0);
  });
});

describe('nearestAllowedRung', () => {
  it('takes the nearest allowed rung below, else above, else the rung itself', () => {
    const excluded = new Map([[2, 'x'], [3, 'x']]);
    expect(nearestAllowedRung(3, 4, excluded)).toBe(1);
    expect(nearestAllowedRung(1, 4, excluded)).toBe(1);
    expect(nearestAllowedRung(0, 2, new Map([[0, 'x']]))).toBe(1);
    expect(nearestAllowedRung(0, 1, new Map([[0, 'x']]))).toBe(0);
  });
});
