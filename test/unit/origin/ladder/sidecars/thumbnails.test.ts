import { describe, expect, it } from 'vitest';
import { spriteCount, thumbnailLayout, thumbnailsVtt } from '../../../../../origin/ladder/sidecars/thumbnails.js';

describe('thumbnailLayout', () => {
  it('keeps the aspect ratio at 160 pixels wide with an even height', () => {
    expect(thumbnailLayout({ width: 1920, height: 1080 })).toMatchObject({ width: 160, height: 90 });
    expect(thumbnailLayout({ width: 1080, height: 1920 })).toMatchObject({ width: 160, height: 284 });
  });
});

describe('thumbnailsVtt', () => {
  it('gives one cue per interval pointing at a tile of the sprite', () => {
    const layout = { intervalSec: 5, width: 160, height: 90, columns: 2, rows: 2 };
    expect(thumbnailsVtt(12, layout)).toBe(
      [
        'WEBVTT',
        '',
        '00:00:00.000 --> 00:00:05.000',
        'sprite-001.jpg#xywh=0,0,160,90',
        '',
        '00:00:05.000 --> 00:00:10.000',
        'sprite-001.jpg#xywh=160,0,160,90',
        '',
        '00:00:10.000 --> 00:00:12.000',
        'sprite-001.jpg#xywh=0,90,160,90',
        '',
      ].join('\n'),
    );
  });

  it('moves to the next sprite when one is full', () => {
    const layout = { intervalSec: 5, width: 160, height: 90, columns: 2, rows: 2 };
    expect(thumbnailsVtt(25, layout)).toContain('00:00:20.000 --> 00:00:25.000\nsprite-002.jpg#xywh=0,0,160,90');
    expect(spriteCount(25, layout)).toBe(2);
    expect(spriteCount(120, thumbnailLayout({ width: 1920, height: 1080 }))).toBe(1);
  });
});
