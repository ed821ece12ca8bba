import { describe, expect, it } from 'vitest';
import { FaultError } from '../../../../origin/faults/errors.js';
import { formatFaultRule } from '../../../../origin/faults/format.js';
import { parseFaultRuleCli, parseFaultRuleJson, parseFaultRulesCli, parseFaultRulesJson } from '../../../../origin/faults/parse.js';

function codeOf(run: () => unknown): string | null {
  try {
    run();
  } catch (error) {
    if (error instanceof FaultError) return error.code;
    throw error;
  }
  return null;
}

describe('parseFaultRuleCli', () => {
  it('reads the example from the issue', () => {
    expect(parseFaultRuleCli('503@media:rung=720p,seg=5-8,count=3,retryAfter=2')).toEqual({
      id: '503@media:rung=720p,seg=5-8,retryAfter=2,count=3',
      fault: { type: 'status', status: 503, retryAfterSec: 2 },
      match: { kind: ['media'], rung: ['720p'], segmentFrom: 5, segmentTo: 8 },
      count: 3,
    });
  });

  it.each([
    ['404@init:rung=1080p', { type: 'status', status: 404 }, { kind: ['init'], rung: ['1080p'] }],
    ['500', { type: 'status', status: 500 }, {}],
    ['reset@media:bytes=10000', { type: 'reset', afterBytes: 10000 }, { kind: ['media'] }],
    ['reset', { type: 'reset', afterBytes: 0 }, {}],
    ['stall@media+audio:sec=5,seg=10', { type: 'stall', durationSec: 5, afterBytes: 0 }, { kind: ['media', 'audio'], segmentFrom: 10, segmentTo: 10 }],
    ['stall:sec=0.5,bytes=100', { type: 'stall', durationSec: 0.5, afterBytes: 100 }, {}],
    ['slow@manifest:ms=2000', { type: 'slow-first-byte', delayMs: 2000 }, { kind: ['manifest'] }],
    ['truncate@*:fraction=0.5', { type: 'truncate', fraction: 0.5 }, {}],
    ['truncate:bytes=1000,seg=3-', { type: 'truncate', afterBytes: 1000 }, { segmentFrom: 3 }],
    ['corrupt:offsets=8|0|4,every=1000', { type: 'corrupt', offsets: [0, 4, 8], everyNthByte: 1000 }, {}],
    ['corrupt:every=2,seg=-4', { type: 'corrupt', everyNthByte: 2 }, { segmentTo: 4 }],
    ['outage:sec=10', { type: 'outage', durationSec: 10 }, {}],
    ['503:path=/video/*/seg-0000?.m4s', { type: 'status', status: 503 }, { pathGlob: '/video/*/seg-0000?.m4s' }],
    ['replace@manifest:body=%23EXTM3U%0Anot%2C really,contentType=text/plain', { type: 'replace', body: '#EXTM3U\nnot, really', contentType: 'text/plain' }, { kind: ['manifest'] }],
    ['replace:body=%3C%3Fnot a manifest', { type: 'replace', body: '<?not a manifest' }, {}],
    ['manifest-change@manifest', { type: 'manifest-change' }, { kind: ['manifest'] }],
    ['codec@manifest:codecs=hvc1.1.6.L93.B0', { type: 'codec', codecs: 'hvc1.1.6.L93.B0' }, { kind: ['manifest'] }],
    ['codec:codecs=hvc1.1.6.L93.B0|mp4a.40.2', { type: 'codec', codecs: 'hvc1.1.6.L93.B0,mp4a.40.2' }, {}],
  ])('reads %s', (text, fault, match) => {
    const rule = parseFaultRuleCli(text);
    expect(rule.fault).toEqual(fault);
    expect(rule.match).toEqual(match);
  });

  it('reads firing options and a custom id', () => {
    expect(parseFaultRuleCli('500@manifest:p=0.1,afterMs=30000,id=flaky-manifest')).toEqual({
      id: 'flaky-manifest',
      fault: { type: 'status', status: 500 },
      match: { kind: ['manifest'] },
      probability: 0.1,
      afterMs: 30000,
    });
    expect(parseFaultRuleCli('500:probability=0.5').probability).toBe(0.5);
  });

  it.each([
    ['', 'BAD_SYNTAX'],
    ['503@', 'BAD_SYNTAX'],
    ['503@media:count', 'BAD_SYNTAX'],
    ['503:count=1,count=2', 'BAD_SYNTAX'],
    ['explode', 'UNKNOWN_FAULT'],
    ['status', 'UNKNOWN_FAULT'],
    ['200', 'OUT_OF_RANGE'],
    ['503@videos', 'BAD_KIND'],
    ['503:colour=red', 'UNKNOWN_FIELD'],
    ['503:sec=5', 'UNKNOWN_FIELD'],
    ['reset:retryAfter=1', 'UNKNOWN_FIELD'],
    ['503:count=0', 'OUT_OF_RANGE'],
    ['503:count=1.5', 'NOT_A_NUMBER'],
    ['503:count=three', 'NOT_A_NUMBER'],
    ['503:p=1.5', 'OUT_OF_RANGE'],
    ['503:retryAfter=-1', 'OUT_OF_RANGE'],
    ['503:seg=8-5', 'BAD_SEGMENT_RANGE'],
    ['503:seg=a-b', 'BAD_SEGMENT_RANGE'],
    ['503:seg=-', 'BAD_SEGMENT_RANGE'],
    ['503:path=(', 'BAD_GLOB'],
    ['503:path=^/video/(720p|1080p)/', 'BAD_GLOB'],
    ['503:path=video/720p/**', 'BAD_GLOB'],
    ['replace', 'MISSING_FIELD'],
    ['replace:body=%zz', 'BAD_SYNTAX'],
    ['replace:body=x,contentType=nope', 'BAD_TEXT'],
    ['codec', 'MISSING_FIELD'],
    ['codec:codecs="hvc1"', 'BAD_TEXT'],
    ['manifest-change:bytes=1', 'UNKNOWN_FIELD'],
    ['manifest-change:afterMatches=-1', 'OUT_OF_RANGE'],
    ['stall', 'MISSING_FIELD'],
    ['slow', 'MISSING_FIELD'],
    ['outage', 'MISSING_FIELD'],
    ['truncate', 'MISSING_FIELD'],
    ['truncate:bytes=5,fraction=0.5', 'CONFLICTING_FIELDS'],
    ['truncate:fraction=1', 'OUT_OF_RANGE'],
    ['corrupt', 'MISSING_FIELD'],
    ['corrupt:every=0', 'OUT_OF_RANGE'],
    ['reset:bytes=-5', 'OUT_OF_RANGE'],
  ])('rejects %j as %s', (text, code) => {
    expect(codeOf(() => parseFaultRuleCli(text))).toBe(code);
  });

  it('rejects two rules with one id', () => {
    expect(codeOf(() => parseFaultRulesCli(['503:id=x', '404:id=x']))).toBe('DUPLICATE_ID');
    expect(parseFaultRulesCli(['503', '404'])).toHaveLength(2);
  });
});

describe('parseFaultRuleJson', () => {
  it('reads a full rule', () => {
    const rule = parseFaultRuleJson({
      id: 'bad-720p',
      fault: { type: 'status', status: 503, retryAfterSec: 2 },
      match: { kind: 'media', rung: '720p', segmentFrom: 5, segmentTo: 8 },
      count: 3,
      probability: 1,
      afterMs: 0,
    });
    expect(rule).toEqual({
      id: 'bad-720p',
      fault: { type: 'status', status: 503, retryAfterSec: 2 },
      match: { kind: 'media', rung: '720p', segmentFrom: 5, segmentTo: 8 },
      count: 3,
      probability: 1,
      afterMs: 0,
    });
  });

  it('defaults the id to the canonical CLI string and the match to everything', () => {
    expect(parseFaultRuleJson({ fault: { type: 'reset', afterBytes: 100 } })).toEqual({
      id: 'reset:bytes=100',
      fault: { type: 'reset', afterBytes: 100 },
      match: {},
    });
  });

  it('reads lists of kinds and rungs', () => {
    const rule = parseFaultRuleJson({ fault: { type: 'stall', durationSec: 1 }, match: { kind: ['media', 'audio'], rung: ['720p', 'audio'] } });
    expect(rule.match).toEqual({ kind: ['media', 'audio'], rung: ['720p', 'audio'] });
  });

  it.each([
    [null, 'NOT_AN_OBJECT'],
    [{ fault: 'status' }, 'NOT_AN_OBJECT'],
    [{ fault: { type: 'status', status: 503 }, match: [] }, 'NOT_AN_OBJECT'],
    [{ fault: { type: 'meltdown' } }, 'UNKNOWN_FAULT'],
    [{ fault: { type: 'status' } }, 'MISSING_FIELD'],
    [{ fault: { type: 'status', status: '503' } }, 'NOT_A_NUMBER'],
    [{ fault: { type: 'status', status: 503, retryAfter: 2 } }, 'UNKNOWN_FIELD'],
    [{ fault: { type: 'status', status: 503 }, cnt: 1 }, 'UNKNOWN_FIELD'],
    [{ fault: { type: 'status', status: 503 }, match: { segment: 1 } }, 'UNKNOWN_FIELD'],
    [{ fault: { type: 'status', status: 503 }, match: { kind: 'video' } }, 'BAD_KIND'],
    [{ fault: { type: 'status', status: 503 }, match: { kind: [] } }, 'BAD_KIND'],
    [{ fault: { type: 'status', status: 503 }, match: { segmentFrom: 9, segmentTo: 2 } }, 'BAD_SEGMENT_RANGE'],
    [{ fault: { type: 'status', status: 503 }, match: { pathPattern: '^/video/' } }, 'RENAMED_FIELD'],
    [{ fault: { type: 'status', status: 503 }, match: { pathGlob: '[' } }, 'BAD_GLOB'],
    [{ fault: { type: 'status', status: 503 }, match: { pathGlob: 7 } }, 'BAD_GLOB'],
    [{ fault: { type: 'status', status: 503 }, match: { pathGlob: 'x'.repeat(300) } }, 'BAD_GLOB'],
    [{ fault: { type: 'replace' } }, 'MISSING_FIELD'],
    [{ fault: { type: 'replace', body: 7 } }, 'BAD_TEXT'],
    [{ fault: { type: 'replace', body: '', contentType: 'text/plain\r\nX-Evil: 1' } }, 'BAD_TEXT'],
    [{ fault: { type: 'codec', codecs: '' } }, 'BAD_TEXT'],
    [{ fault: { type: 'codec', codecs: 'hvc1"/><x' } }, 'BAD_TEXT'],
    [{ fault: { type: 'manifest-change', drop: 'top' } }, 'UNKNOWN_FIELD'],
    [{ fault: { type: 'manifest-change' }, afterMatches: 1.5 }, 'NOT_A_NUMBER'],
    [{ fault: { type: 'status', status: 503 }, probability: -0.1 }, 'OUT_OF_RANGE'],
    [{ fault: { type: 'status', status: 503 }, id: '' }, 'OUT_OF_RANGE'],
    [{ fault: { type: 'corrupt', offsets: [] } }, 'MISSING_FIELD'],
    [{ fault: { type: 'corrupt', offsets: [1.5] } }, 'NOT_A_NUMBER'],
    [{ fault: { type: 'outage', durationSec: -1 } }, 'OUT_OF_RANGE'],
  ])('rejects %j as %s', (json, code) => {
    expect(codeOf(() => parseFaultRuleJson(json))).toBe(code);
  });

  it('tells a 0.2 client that pathPattern is now pathGlob', () => {
    expect(() => parseFaultRuleJson({ fault: { type: 'status', status: 503 }, match: { pathPattern: '^/video/' } })).toThrow(/use match\.pathGlob/);
  });

  it('reads the rewrite faults and afterMatches', () => {
    expect(parseFaultRuleJson({ fault: { type: 'replace', body: '#EXTM3U\ngarbage', contentType: 'application/vnd.apple.mpegurl' }, match: { pathGlob: '/master.m3u8' } })).toEqual({
      id: 'replace:path=/master.m3u8,body=%23EXTM3U%0Agarbage,contentType=application%2Fvnd.apple.mpegurl',
      fault: { type: 'replace', body: '#EXTM3U\ngarbage', contentType: 'application/vnd.apple.mpegurl' },
      match: { pathGlob: '/master.m3u8' },
    });
    expect(parseFaultRuleJson({ fault: { type: 'manifest-change' }, afterMatches: 2 })).toEqual({
      id: 'manifest-change:afterMatches=2',
      fault: { type: 'manifest-change' },
      match: {},
      afterMatches: 2,
    });
    expect(parseFaultRuleJson({ fault: { type: 'codec', codecs: 'hvc1.1.6.L93.B0' } }).fault).toEqual({ type: 'codec', codecs: 'hvc1.1.6.L93.B0' });
  });

  it('shortens a long default id with a hash, so two long replace rules still differ', () => {
    const a = parseFaultRuleJson({ fault: { type: 'replace', body: `${'x'.repeat(500)}a` } });
    const b = parseFaultRuleJson({ fault: { type: 'replace', body: `${'x'.repeat(500)}b` } });
    expect(a.id.length).toBeLessThanOrEqual(200);
    expect(a.id).toMatch(/^replace:body=x+…[0-9a-f]{8}$/);
    expect(a.id).not.toBe(b.id);
    expect(parseFaultRulesJson([a, b].map(({ id: _id, ...rule }) => rule))).toHaveLength(2);
  });

  it('reads a list, bare or under "rules", with unique ids', () => {
    const rules = [{ fault: { type: 'status', status: 404 } }, { fault: { type: 'status', status: 500 } }];
    expect(parseFaultRulesJson(rules)).toHaveLength(2);
    expect(parseFaultRulesJson({ rules })).toHaveLength(2);
    expect(codeOf(() => parseFaultRulesJson([rules[0], rules[0]]))).toBe('DUPLICATE_ID');
  });
});

describe('formatFaultRule', () => {
  it.each([
    '503@media:rung=720p,seg=5-8,retryAfter=2,count=3',
    '404@init+media:rung=720p|1080p',
    'reset:bytes=0,p=0.25',
    'stall@audio:seg=7,sec=2,bytes=1000',
    'slow@manifest:ms=1500,afterMs=2000',
    'truncate:seg=3-,fraction=0.5',
    'truncate:seg=-9,bytes=10',
    'corrupt:offsets=1|2,every=7',
    'outage:sec=4,count=2',
    '503@media:path=/video/720p/**,count=1',
    'replace@manifest:body=%23EXTM3U%0A%2C,contentType=text%2Fplain',
    'manifest-change@manifest:path=/master.m3u8,afterMatches=2',
    'codec:codecs=hvc1.1.6.L93.B0|mp4a.40.2',
  ])('writes %s back as it reads it', (text) => {
    const rule = parseFaultRuleCli(text);
    expect(formatFaultRule(rule)).toBe(text);
    expect(parseFaultRuleCli(formatFaultRule(rule))).toEqual(rule);
  });
});
