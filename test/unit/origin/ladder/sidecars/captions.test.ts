import { describe, expect, it } from 'vitest';
import { syntheticCaptionsVtt } from '../../../../../origin/ladder/sidecars/captions.js';

describe('syntheticCaptionsVtt', () => {
  it('gives each segment a cue with its number and start time', () => {
    expect(syntheticCaptionsVtt(5, 2)).toBe(
      [
        'WEBVTT',
        '',
        '00:00:00.000 --> 00:00:02.000',
        'Segment 1 — 00:00',
        '',
        '00:00:02.000 --> 00:00:04.000',
        'Segment 2 — 00:02',
        '',
        '00:00:04.000 --> 00:00:05.000',
        'Segment 3 — 00:04',
        '',
      ].join('\n'),
    );
  });

  it('writes hours past the first hour', () => {
    expect(syntheticCaptionsVtt(3700, 2)).toContain('01:01:38.000 --> 01:01:40.000\nSegment 1850 — 1:01:38');
  });
});
