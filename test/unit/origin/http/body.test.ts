import { describe, expect, it } from 'vitest';
import { jsonNestingDepth, parseJsonText } from '../../../../origin/http/body.js';

describe('jsonNestingDepth', () => {
  it.each([
    ['1', 0],
    ['{}', 1],
    ['[[],[[]]]', 3],
    ['{"a":{"b":[1,{"c":2}]}}', 4],
    ['"[[[[{{{{"', 0],
    ['{"a":"\\\\"}', 1],
    ['["\\"[[["]', 1],
  ])('%s is %i deep', (text, depth) => {
    expect(jsonNestingDepth(text)).toBe(depth);
  });

  it('scans 100,000 levels in one pass without recursion', () => {
    const text = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const startMs = performance.now();
    expect(jsonNestingDepth(text)).toBe(100_000);
    expect(performance.now() - startMs).toBeLessThan(100);
  });
});

describe('parseJsonText', () => {
  it('parses up to the depth limit and refuses beyond it before parsing', () => {
    expect(parseJsonText('[[1]]', 2)).toEqual([[1]]);
    expect(() => parseJsonText('[[[1]]]', 2)).toThrow(expect.objectContaining({ code: 'TOO_DEEP', status: 400 }));
  });

  it('keeps its other errors', () => {
    expect(() => parseJsonText('  ')).toThrow(expect.objectContaining({ code: 'EMPTY_BODY' }));
    expect(() => parseJsonText('{nope')).toThrow(expect.objectContaining({ code: 'BAD_JSON' }));
  });
});
