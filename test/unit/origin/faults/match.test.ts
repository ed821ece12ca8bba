import { describe, expect, it } from 'vitest';
import { createFaultState, faultActsOn, inOutage, matchesRequest, matchesToPass, pickFault } from '../../../../origin/faults/match.js';
import type { FaultRequest, FaultRule, FaultState } from '../../../../origin/faults/types.js';

const media = (rung: string, segment: number): FaultRequest => ({ kind: 'media', rung, segment, path: `/video/${rung}/seg-${String(segment).padStart(5, '0')}.m4s` });
const audio = (segment: number): FaultRequest => ({ kind: 'audio', rung: 'audio', segment, path: `/audio/seg-${String(segment).padStart(5, '0')}.m4s` });
const manifest: FaultRequest = { kind: 'manifest', rung: null, segment: null, path: '/master.m3u8' };
const init: FaultRequest = { kind: 'init', rung: '720p', segment: null, path: '/video/720p/init.mp4' };

const rule = (id: string, extra: Partial<FaultRule> = {}): FaultRule => ({ id, fault: { type: 'status', status: 503 }, match: {}, ...extra });

function seededRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const never = (): number => {
  throw new Error('the rng must not be called');
};

/** Runs requests through pickFault, threading the state; returns the fired rule ids (or null). */
function run(rules: FaultRule[], requests: FaultRequest[], options: { rng?: () => number; nowMs?: (i: number) => number } = {}): (string | null)[] {
  let state: FaultState = createFaultState(0);
  return requests.map((request, i) => {
    const pick = pickFault(rules, state, request, options.rng ?? never, options.nowMs?.(i) ?? 0);
    if (pick === null) return null;
    state = pick.state;
    return pick.rule?.id ?? null;
  });
}

describe('matchesRequest', () => {
  it('takes every request with an empty match', () => {
    expect(matchesRequest({}, manifest)).toBe(true);
  });

  it('matches one kind or any of several', () => {
    expect(matchesRequest({ kind: 'media' }, media('720p', 1))).toBe(true);
    expect(matchesRequest({ kind: 'media' }, audio(1))).toBe(false);
    expect(matchesRequest({ kind: ['media', 'audio'] }, audio(1))).toBe(true);
  });

  it('matches rungs, never a request without one', () => {
    expect(matchesRequest({ rung: '720p' }, media('720p', 1))).toBe(true);
    expect(matchesRequest({ rung: ['480p', '1080p'] }, media('720p', 1))).toBe(false);
    expect(matchesRequest({ rung: 'audio' }, audio(3))).toBe(true);
    expect(matchesRequest({ rung: '720p' }, manifest)).toBe(false);
  });

  it('matches an inclusive segment range, never a request without a segment', () => {
    const range = { segmentFrom: 5, segmentTo: 8 };
    expect([4, 5, 8, 9].map((n) => matchesRequest(range, media('720p', n)))).toEqual([false, true, true, false]);
    expect(matchesRequest({ segmentFrom: 5 }, media('720p', 500))).toBe(true);
    expect(matchesRequest({ segmentTo: 5 }, media('720p', 0))).toBe(true);
    expect(matchesRequest(range, init)).toBe(false);
  });

  it('matches the whole path with the glob', () => {
    expect(matchesRequest({ pathGlob: '/video/720p/**' }, media('720p', 1))).toBe(true);
    expect(matchesRequest({ pathGlob: '/video/720p/**' }, media('1080p', 1))).toBe(false);
    expect(matchesRequest({ pathGlob: '/video/*/seg-00001.m4s' }, media('1080p', 1))).toBe(true);
    expect(matchesRequest({ pathGlob: '/video/720p' }, media('720p', 1))).toBe(false);
  });

  it('needs every given field to match', () => {
    const match = { kind: 'media' as const, rung: '720p', segmentFrom: 2, segmentTo: 3 };
    expect(matchesRequest(match, media('720p', 2))).toBe(true);
    expect(matchesRequest(match, media('480p', 2))).toBe(false);
    expect(matchesRequest(match, media('720p', 4))).toBe(false);
  });
});

describe('pickFault', () => {
  it('returns null and leaves the state alone when no rule matches', () => {
    const state = createFaultState(0);
    expect(pickFault([rule('a', { match: { kind: 'init' } })], state, manifest, never, 0)).toBeNull();
  });

  it('lets the first matching rule win', () => {
    const rules = [rule('media-720', { match: { kind: 'media', rung: '720p' } }), rule('any-media', { match: { kind: 'media' } }), rule('all')];
    expect(run(rules, [media('720p', 1), media('480p', 1), manifest])).toEqual(['media-720', 'any-media', 'all']);
  });

  it('stops a rule after its count and falls through to the next', () => {
    const rules = [rule('twice', { count: 2, match: { kind: 'media' } }), rule('fallback', { match: { kind: 'media' } })];
    expect(run(rules, [media('720p', 1), media('720p', 2), media('720p', 3)])).toEqual(['twice', 'twice', 'fallback']);
  });

  it('does not count requests the rule did not match', () => {
    const rules = [rule('seg-5-8', { count: 3, match: { kind: 'media', rung: '720p', segmentFrom: 5, segmentTo: 8 } })];
    const requests = [4, 5, 6, 7, 8, 9].map((n) => media('720p', n));
    expect(run(rules, requests)).toEqual([null, 'seg-5-8', 'seg-5-8', 'seg-5-8', null, null]);
  });

  it('fires with the given probability, replayably with a seeded rng', () => {
    const rules = [rule('flaky', { probability: 0.3 })];
    const requests = Array.from({ length: 2000 }, (_, i) => media('720p', i));
    const first = run(rules, requests, { rng: seededRng(42) });
    const second = run(rules, requests, { rng: seededRng(42) });
    expect(second).toEqual(first);
    const fired = first.filter((id) => id !== null).length;
    expect(fired).toBeGreaterThan(540);
    expect(fired).toBeLessThan(660);
  });

  it('rolls only for rules that reach the roll with 0 < p < 1', () => {
    const rules = [rule('never', { probability: 0 }), rule('always', { probability: 1 })];
    expect(run(rules, [manifest])).toEqual(['always']);
  });

  it('moves on to the next rule when the roll fails', () => {
    const rules = [rule('unlucky', { probability: 0.5 }), rule('next')];
    expect(run(rules, [manifest], { rng: () => 0.9 })).toEqual(['next']);
    expect(run(rules, [manifest], { rng: () => 0.1 })).toEqual(['unlucky']);
  });

  it('waits for afterMs since the fault clock started', () => {
    const rules = [rule('late', { afterMs: 10_000 })];
    expect(run(rules, [manifest, manifest, manifest], { nowMs: (i) => [0, 9_999, 10_000][i] ?? 0 })).toEqual([null, null, 'late']);
  });

  it('does not change the state it was given', () => {
    const state = createFaultState(0);
    const pick = pickFault([rule('a', { count: 1 })], state, manifest, never, 0);
    expect(pick?.state.fired).toEqual({ a: 1 });
    expect(state.fired).toEqual({});
  });

  describe('afterMatches', () => {
    it('lets the first N matching requests through, then fires', () => {
      const rules = [rule('third-on', { afterMatches: 2, match: { kind: 'media' } })];
      expect(run(rules, [manifest, media('720p', 1), media('720p', 2), manifest, media('720p', 3)])).toEqual([null, null, null, null, 'third-on']);
    });

    it('reports a request it let through as a state change without a rule, and falls through to later rules', () => {
      const rules = [rule('later', { afterMatches: 1 }), rule('fallback')];
      const pick = pickFault(rules, createFaultState(0), manifest, never, 0);
      expect(pick?.rule?.id).toBe('fallback');
      expect(pick?.state.passed).toEqual({ later: 1 });
      const alone = pickFault([rule('later', { afterMatches: 1 })], createFaultState(0), manifest, never, 0);
      expect(alone).toEqual({ rule: null, state: { ...createFaultState(0), passed: { later: 1 } } });
    });

    it('counts only requests past afterMs', () => {
      const rules = [rule('late', { afterMs: 1000, afterMatches: 1 })];
      expect(run(rules, [manifest, manifest, manifest], { nowMs: (i) => [0, 1000, 1001][i] ?? 0 })).toEqual([null, null, 'late']);
    });

    it('defaults to 1 for a manifest change and 0 for the rest', () => {
      expect(matchesToPass({ id: 'c', fault: { type: 'manifest-change' }, match: {} })).toBe(1);
      expect(matchesToPass({ id: 'c', fault: { type: 'manifest-change' }, match: {}, afterMatches: 0 })).toBe(0);
      expect(matchesToPass(rule('s'))).toBe(0);
    });
  });

  describe('manifest rewrites', () => {
    const playlist = (path: string, rung: string | null): FaultRequest => ({ kind: 'manifest', rung, segment: null, path });

    it('act on multivariant playlists and MPDs only', () => {
      const change = { type: 'manifest-change' } as const;
      expect(faultActsOn(change, playlist('/master.m3u8', null))).toBe(true);
      expect(faultActsOn(change, playlist('/manifest.mpd', null))).toBe(true);
      expect(faultActsOn({ type: 'codec', codecs: 'hvc1' }, playlist('/title/master.m3u8', null))).toBe(true);
      expect(faultActsOn(change, playlist('/video/720p/playlist.m3u8', '720p'))).toBe(false);
      expect(faultActsOn(change, playlist('/audio/playlist.m3u8', 'audio'))).toBe(false);
      expect(faultActsOn(change, playlist('/text/en.m3u8', null))).toBe(false);
      expect(faultActsOn(change, playlist('/ladder.json', null))).toBe(false);
      expect(faultActsOn(change, media('720p', 1))).toBe(false);
      expect(faultActsOn({ type: 'replace', body: '' }, media('720p', 1))).toBe(true);
    });

    it('changes the master from its second load on, never counting media playlists', () => {
      const rules: FaultRule[] = [{ id: 'change', fault: { type: 'manifest-change' }, match: { kind: 'manifest' } }];
      const requests = [manifest, playlist('/video/720p/playlist.m3u8', '720p'), manifest, manifest];
      expect(run(rules, requests)).toEqual([null, null, 'change', 'change']);
    });
  });

  describe('an outage', () => {
    const rules: FaultRule[] = [
      { id: 'down', fault: { type: 'outage', durationSec: 5 }, match: { kind: 'media', segmentFrom: 3, segmentTo: 3 } },
      rule('other-503', { match: { kind: 'manifest' } }),
    ];

    it('fails every request of the session until it ends, whatever their kind', () => {
      const requests = [media('720p', 2), media('720p', 3), manifest, audio(3), init, manifest];
      const times = [0, 1000, 2000, 5999, 6000, 6001];
      expect(run(rules, requests, { nowMs: (i) => times[i] ?? 0 })).toEqual([null, 'down', 'down', 'down', null, 'other-503']);
    });

    it('fires once unless given a count', () => {
      const requests = [media('720p', 3), media('720p', 3)];
      expect(run(rules, requests, { nowMs: (i) => i * 10_000 })).toEqual(['down', null]);
    });

    it('records its window in the state', () => {
      const pick = pickFault(rules, createFaultState(0), media('720p', 3), never, 1000);
      expect(pick?.state.outage).toEqual({ ruleId: 'down', untilMs: 6000 });
      expect(inOutage(pick?.state ?? createFaultState(0), 5999)).toBe(true);
      expect(inOutage(pick?.state ?? createFaultState(0), 6000)).toBe(false);
    });
  });
});
