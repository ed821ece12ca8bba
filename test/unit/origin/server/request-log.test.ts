import { describe, expect, it, vi } from 'vitest';
import { RequestLog } from '../../../../origin/server/request-log.js';
import type { FileKind, RequestLogEntry } from '../../../../origin/server/types.js';

function entry(overrides: Partial<Omit<RequestLogEntry, 'id'>> = {}): Omit<RequestLogEntry, 'id'> {
  return {
    session: null, startMs: 0, method: 'GET', path: '/master.m3u8', query: '', kind: 'manifest' as FileKind, rung: null,
    segment: null, status: 200, bytes: 10, transferMs: 1, aborted: false, range: null, fault: null, ...overrides,
  };
}

describe('RequestLog', () => {
  it('assigns growing ids in the order entries are added', () => {
    const log = new RequestLog();
    expect(log.add(entry()).id).toBe(1);
    expect(log.add(entry()).id).toBe(2);
    expect(log.entries().map((e) => e.id)).toEqual([1, 2]);
  });

  it('stores frozen copies', () => {
    const log = new RequestLog();
    const source = entry();
    const stored = log.add(source);
    source.status = 500;
    expect(stored.status).toBe(200);
    expect(Object.isFrozen(stored)).toBe(true);
  });

  it('filters by session, with null meaning requests without one', () => {
    const log = new RequestLog();
    log.add(entry({ session: 'a' }));
    log.add(entry({ session: 'b' }));
    log.add(entry({ session: null }));
    expect(log.entries({ session: 'a' }).map((e) => e.session)).toEqual(['a']);
    expect(log.entries({ session: null }).map((e) => e.session)).toEqual([null]);
    expect(log.entries()).toHaveLength(3);
  });

  it('filters by one kind or several, and by method', () => {
    const log = new RequestLog();
    log.add(entry({ kind: 'manifest' }));
    log.add(entry({ kind: 'media' }));
    log.add(entry({ kind: 'audio', method: 'OPTIONS' }));
    expect(log.entries({ kind: 'media' })).toHaveLength(1);
    expect(log.entries({ kind: ['media', 'audio'] })).toHaveLength(2);
    expect(log.entries({ method: 'OPTIONS' }).map((e) => e.kind)).toEqual(['audio']);
  });

  it('returns only entries after sinceId', () => {
    const log = new RequestLog();
    for (let i = 0; i < 10; i += 1) log.add(entry());
    expect(log.entries({ sinceId: 7 }).map((e) => e.id)).toEqual([8, 9, 10]);
    expect(log.entries({ sinceId: 10 })).toEqual([]);
    expect(log.entries({ sinceId: 0 })).toHaveLength(10);
  });

  it('drops the oldest entries beyond its limit', () => {
    const log = new RequestLog(3);
    for (let i = 0; i < 10; i += 1) log.add(entry());
    expect(log.size).toBe(3);
    expect(log.entries().map((e) => e.id)).toEqual([8, 9, 10]);
    expect(log.entries({ sinceId: 2 }).map((e) => e.id)).toEqual([8, 9, 10]);
    expect(log.entries({ sinceId: 8 }).map((e) => e.id)).toEqual([9, 10]);
  });

  it('stays bounded over many adds', () => {
    const log = new RequestLog(100);
    for (let i = 0; i < 10_000; i += 1) log.add(entry());
    expect(log.size).toBe(100);
    expect(log.entries()[0]?.id).toBe(9_901);
  });

  it('clears one session or everything, and keeps counting ids', () => {
    const log = new RequestLog();
    log.add(entry({ session: 'a' }));
    log.add(entry({ session: 'b' }));
    log.add(entry({ session: 'a' }));
    expect(log.clear('a')).toBe(2);
    expect(log.entries().map((e) => e.session)).toEqual(['b']);
    expect(log.clear()).toBe(1);
    expect(log.size).toBe(0);
    expect(log.add(entry()).id).toBe(4);
  });

  it('tells listeners about each new entry until they unsubscribe', () => {
    const log = new RequestLog();
    const seen: number[] = [];
    const unsubscribe = log.onEntry((e) => seen.push(e.id));
    log.add(entry());
    unsubscribe();
    log.add(entry());
    expect(seen).toEqual([1]);
  });

  it('keeps logging when a listener throws', () => {
    const log = new RequestLog();
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const later = vi.fn();
    log.onEntry(() => {
      throw new Error('boom');
    });
    log.onEntry(later);
    expect(() => log.add(entry())).not.toThrow();
    expect(later).toHaveBeenCalledOnce();
    quiet.mockRestore();
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => new RequestLog(0)).toThrow(RangeError);
  });
});
