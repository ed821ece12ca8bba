import { describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../../../origin/server/types.js';
import { buildSessionReport } from '../../../../origin/sessions/report.js';

function entry(id: number, path: string, overrides: Partial<RequestLogEntry> = {}): RequestLogEntry {
  return {
    id,
    session: 's',
    startMs: 1_000 * id,
    method: 'GET',
    path,
    query: '',
    kind: 'media',
    rung: '360p',
    segment: 1,
    status: 200,
    bytes: 1_000,
    transferMs: 50,
    aborted: false,
    range: null,
    fault: null,
    ...overrides,
  };
}

describe('buildSessionReport', () => {
  it('counts requests by kind, failures, aborts and bytes, and lists the faults that acted', () => {
    const entries = [
      entry(1, '/master.m3u8', { kind: 'manifest', rung: null, segment: null, bytes: 200 }),
      entry(2, '/video/360p/seg-00001.m4s'),
      entry(3, '/video/360p/seg-00002.m4s', { segment: 2, status: 503, bytes: 40, fault: '503@media' }),
      entry(4, '/video/360p/seg-00002.m4s', { segment: 2, status: 0, bytes: 0, aborted: true, fault: 'outage:sec=1' }),
      entry(5, '/video/360p/seg-00002.m4s', { segment: 2, bytes: 300, aborted: true, transferMs: 500 }),
    ];

    const report = buildSessionReport('s', entries);

    expect(report.requests).toEqual({
      total: 5,
      byKind: { manifest: 1, media: 4 },
      aborted: 2,
      failed: 2,
      bytes: 1_540,
      firstStartMs: 1_000,
      lastEndMs: 5_500,
    });
    expect(report.faultsApplied.map((fault) => [fault.requestId, fault.status, fault.fault])).toEqual([
      [3, 503, '503@media'],
      [4, 0, 'outage:sec=1'],
    ]);
    expect(report.played.map((row) => row.segment)).toEqual([1]);
    expect(report.summary.wastedBytes).toBe(300);
  });

  it('reports an empty log as nothing requested', () => {
    expect(buildSessionReport(null, []).requests).toEqual({ total: 0, byKind: {}, aborted: 0, failed: 0, bytes: 0, firstStartMs: null, lastEndMs: null });
  });
});
