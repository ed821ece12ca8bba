import { describe, expect, it } from 'vitest';
import { declaredBitrates, playedReport, playedView, type PlayedLogEntry } from '../../../../origin/sessions/played.js';

let nextId = 1;
/** A video media GET that arrived at `startMs` and took `transferMs`; a clean 200 unless overridden. */
function media(segment: number, rung: string, startMs: number, transferMs: number, extra: Partial<PlayedLogEntry> = {}): PlayedLogEntry {
  return { id: nextId++, method: 'GET', kind: 'media', rung, segment, status: 200, bytes: 1_000, aborted: false, startMs, transferMs, fault: null, ...extra };
}

const BITRATES = { '360p': 800_000, '720p': 2_400_000, '1080p': 4_500_000 };

describe('playedView', () => {
  it('lists each segment once, in segment order, with the rung of its last completed download', () => {
    const entries = [
      media(2, '360p', 1_000, 100),
      media(1, '360p', 0, 100),
      media(2, '720p', 1_200, 300, { bytes: 3_000 }),
      media(3, '720p', 1_600, 300),
    ];

    expect(playedView(entries)).toEqual([
      { segment: 1, rung: '360p', bytes: 1_000, completedAtMs: 100, startSec: null, requestId: 2 },
      { segment: 2, rung: '720p', bytes: 3_000, completedAtMs: 1_500, startSec: null, requestId: 3 },
      { segment: 3, rung: '720p', bytes: 1_000, completedAtMs: 1_900, startSec: null, requestId: 4 },
    ]);
  });

  it('orders downloads by completion, not arrival', () => {
    const entries = [media(1, '1080p', 0, 2_000), media(1, '360p', 500, 100)];

    expect(playedView(entries).map((row) => row.rung)).toEqual(['1080p']);
  });

  it('ignores aborted, failed, cut-short and corrupted downloads, audio, init and HEAD requests', () => {
    const entries = [
      media(1, '360p', 0, 100),
      media(1, '1080p', 200, 100, { aborted: true }),
      media(1, '1080p', 300, 100, { status: 503, fault: '503@media' }),
      media(1, '1080p', 400, 100, { status: 0, fault: 'outage:sec=5' }),
      media(1, '1080p', 500, 100, { error: 'body ended after 500 of 1000 bytes', fault: 'truncate@media:fraction=0.5' }),
      media(1, '1080p', 600, 100, { fault: 'bad: corrupt@media:every=100' }),
      media(1, '1080p', 700, 100, { method: 'HEAD' }),
      media(1, 'audio', 800, 100, { kind: 'audio' }),
      media(1, '1080p', 900, 100, { kind: 'init', segment: null }),
    ];

    expect(playedView(entries).map((row) => row.rung)).toEqual(['360p']);
  });

  it('counts a download delayed by a stall or a slow first byte as played', () => {
    const entries = [media(1, '360p', 0, 100), media(1, '720p', 200, 5_000, { fault: 'stall@media:sec=5,bytes=0' })];

    expect(playedView(entries).map((row) => row.rung)).toEqual(['720p']);
  });

  it('gives each segment its media start time from the segment duration', () => {
    expect(playedView([media(1, '360p', 0, 10), media(3, '360p', 20, 10)], { segmentDurationSec: 2 }).map((row) => row.startSec)).toEqual([0, 4]);
  });
});

describe('playedReport summary', () => {
  it('counts switches up and down and the average declared bitrate', () => {
    const entries = [
      media(1, '360p', 0, 10),
      media(2, '720p', 100, 10),
      media(3, '1080p', 200, 10),
      media(4, '720p', 300, 10),
      media(5, '720p', 400, 10),
    ];

    const { summary } = playedReport(entries, { rungBitratesBps: BITRATES });

    expect(summary).toMatchObject({
      segmentCount: 5,
      rungs: ['360p', '720p', '1080p', '720p', '720p'],
      switchCount: 3,
      upSwitchCount: 2,
      downSwitchCount: 1,
      averageDeclaredBitrateBps: (800_000 + 2_400_000 + 4_500_000 + 2 * 2_400_000) / 5,
    });
  });

  it('counts aborted and superseded downloads as wasted bytes', () => {
    const entries = [
      media(1, '360p', 0, 100, { bytes: 500 }),
      media(1, '720p', 150, 100, { bytes: 2_000 }),
      media(2, '1080p', 300, 100, { bytes: 700, aborted: true }),
      media(2, '360p', 450, 100, { bytes: 400 }),
      media(3, '360p', 600, 100, { status: 503, bytes: 50 }),
    ];

    const { summary } = playedReport(entries);

    expect(summary).toMatchObject({ playedBytes: 2_400, wastedBytes: 500 + 700, supersededCount: 1, abortedCount: 1, mediaRequestCount: 5 });
  });

  it('leaves bitrate figures null without a ladder and lists missing segments', () => {
    const { summary } = playedReport([media(1, '360p', 0, 10, { bytes: 1_000 }), media(4, '720p', 100, 10, { bytes: 3_000 })], { segmentDurationSec: 2 });

    expect(summary).toMatchObject({
      switchCount: 1,
      upSwitchCount: null,
      downSwitchCount: null,
      averageDeclaredBitrateBps: null,
      averageMediaBitrateBps: (8 * 4_000) / (2 * 2),
      missingSegments: [2, 3],
    });
  });

  it('is empty for a log without video segments', () => {
    const { segments, summary } = playedReport([]);

    expect(segments).toEqual([]);
    expect(summary).toMatchObject({ segmentCount: 0, switchCount: 0, averageMediaBitrateBps: null, wastedBytes: 0, missingSegments: [] });
  });
});

describe('declaredBitrates', () => {
  it('takes each rung’s measured video average, else its target', () => {
    expect(
      declaredBitrates({ rungs: [{ id: '360p', videoAverageBitrateBps: 834_000, videoBitrateBps: 800_000 }, { id: '720p', videoBitrateBps: 2_400_000 }, { id: 'odd' }] }),
    ).toEqual({ '360p': 834_000, '720p': 2_400_000 });
  });
});
