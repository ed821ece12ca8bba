import { describe, expect, it } from 'vitest';
import type { PlayerRecording, QualitySnapshot } from '../../../../origin/playwright/recording.js';
import { buildTimeline, timelineText } from '../../../../origin/playwright/timeline.js';

const q = (label: string, bitrateBps: number, index: number): QualitySnapshot => ({ index, label, height: Number.parseInt(label, 10), width: 0, bitrateBps });
const Q360 = q('360p', 800_000, 1);
const Q720 = q('720p', 2_500_000, 3);
const Q480 = q('480p', 1_400_000, 2);

function recording(overrides: Partial<PlayerRecording> = {}): PlayerRecording {
  return {
    nowMs: 41_500,
    engines: [{ engine: 'hls.js', atMs: 1200 }],
    ready: [{ loadToReadyMs: 740, atMs: 1950 }],
    starts: [{ quality: Q360, atMs: 1950 }],
    switches: [
      { from: Q360, to: Q720, auto: true, reason: 'vod-abr', atMs: 9110, positionSec: 7.1 },
      { from: Q720, to: Q480, auto: true, reason: 'vod-abr', atMs: 24_000, positionSec: 19.9 },
    ],
    stalls: [{ cause: 'waiting', startMs: 20_310, positionSec: 18.2, endMs: 22_010, durationMs: 1700 }],
    errors: [{ code: 'SEGMENT_LOAD_FAILED', fatal: false, message: '503 on seg 9', atMs: 21_000 }],
    final: { quality: Q480, positionSec: 41.2, bufferAheadSec: 12, paused: false, ended: false },
    ...overrides,
  };
}

describe('buildTimeline', () => {
  it('puts every recorded event in time order, stall starts and ends apart', () => {
    const timeline = buildTimeline(recording());

    expect(timeline.events.map((e) => `${e.atMs} ${e.kind}`)).toEqual([
      '1200 engine',
      '1950 ready',
      '1950 start',
      '9110 switch',
      '20310 stall-start',
      '21000 error',
      '22010 stall-end',
      '24000 switch',
    ]);
    expect(timeline.events[3]).toMatchObject({ kind: 'switch', direction: 'up', from: Q360, to: Q720, positionSec: 7.1 });
    expect(timeline.events[7]).toMatchObject({ kind: 'switch', direction: 'down' });
    expect(timeline.endMs).toBe(41_500);
  });

  it('places a backdated stall start before events recorded earlier', () => {
    const timeline = buildTimeline(
      recording({ stalls: [{ cause: 'frozen', startMs: 8000, positionSec: 6, endMs: 9500, durationMs: 1500 }], switches: [], errors: [] }),
    );
    expect(timeline.events.map((e) => e.kind)).toEqual(['engine', 'ready', 'start', 'stall-start', 'stall-end']);
  });

  it('sums the switches, stalls and errors, counting an open stall up to the end', () => {
    const timeline = buildTimeline(
      recording({
        stalls: [
          { cause: 'waiting', startMs: 20_000, positionSec: 18, endMs: 21_500, durationMs: 1500 },
          { cause: 'frozen', startMs: 40_000, positionSec: 40, endMs: null, durationMs: null },
        ],
        errors: [
          { code: 'A', fatal: false, message: 'a', atMs: 1 },
          { code: 'B', fatal: true, message: 'b', atMs: 2 },
        ],
      }),
    );

    expect(timeline.summary).toEqual({
      switchesUp: 1,
      switchesDown: 1,
      stalls: 2,
      stallSec: 3,
      stalledAtEnd: true,
      errors: 2,
      fatalErrors: 1,
      lastQuality: '480p',
      positionSec: 41.2,
    });
    expect(timeline.events.filter((e) => e.kind === 'stall-end')).toHaveLength(1);
  });

  it('falls back to the last switch when there is no element any more', () => {
    const summary = buildTimeline(recording({ final: null })).summary;
    expect(summary.lastQuality).toBe('480p');
    expect(summary.positionSec).toBeNull();
  });

  it('is empty but well formed for a page where nothing happened', () => {
    const timeline = buildTimeline({ nowMs: 500, engines: [], ready: [], starts: [], switches: [], stalls: [], errors: [], final: null });
    expect(timeline.events).toEqual([]);
    expect(timelineText(timeline)).toBe('vod-player: no switches, no stalls, no errors; no player\npage time  event\n     0.50  recording read\n');
  });
});

describe('timelineText', () => {
  it('reads as a summary line and one line per event at its page time', () => {
    expect(timelineText(buildTimeline(recording()))).toBe(
      [
        'vod-player: 2 switches (1 up, 1 down), 1 stall (1.70 s), 1 error (0 fatal); on 480p at 41.2 s',
        'page time  event',
        '     1.20  engine hls.js',
        '     1.95  ready, first frame 0.74 s after load',
        '     1.95  starts on 360p (800 kbps)',
        '     9.11  switch up 360p → 720p (2.5 Mbps) (auto, vod-abr) at 7.1 s',
        '    20.31  stall (waiting) at 18.2 s',
        '    21.00  error SEGMENT_LOAD_FAILED (recovered): 503 on seg 9',
        '    22.01  stall over after 1.70 s',
        '    24.00  switch down 720p → 480p (1.4 Mbps) (auto, vod-abr) at 19.9 s',
        '    41.50  recording read',
        '',
      ].join('\n'),
    );
  });

  it('says when a stall was still open and when a switch was pinned', () => {
    const text = timelineText(
      buildTimeline(
        recording({
          switches: [{ from: Q720, to: Q360, auto: false, reason: 'manual', atMs: 5000, positionSec: null }],
          stalls: [{ cause: 'frozen', startMs: 40_000, positionSec: 40, endMs: null, durationMs: null }],
        }),
      ),
    );
    expect(text).toContain('1 stall (1.50 s, one still open)');
    expect(text).toContain('switch down 720p → 360p (800 kbps) (pinned, manual)\n');
    expect(text).toContain('    40.00  stall (frozen) at 40.0 s\n');
    expect(text).toMatch(/41\.50 {2}recording read, a stall still open\n$/);
  });
});
