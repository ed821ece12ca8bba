import { describe, expect, it } from 'vitest';
import {
  autoQualityLabel,
  captionsMenuItems,
  qualityBadge,
  qualityLabel,
  qualityMenuItems,
  sortQualitiesForMenu,
} from '../../../src/ui/menu-items.js';
import type { QualityOption } from '../../../src/ui/types.js';

const ladder: QualityOption[] = [
  { index: 0, width: 640, height: 360, bitrateBps: 800_000, label: '360p' },
  { index: 1, width: 854, height: 480, bitrateBps: 1_400_000, label: '480p' },
  { index: 2, width: 1280, height: 720, bitrateBps: 2_500_000, label: '720p' },
  { index: 3, width: 1920, height: 1080, bitrateBps: 5_000_000, label: '1080p' },
];

describe('qualityMenuItems', () => {
  it('lists Auto first, then the rungs from the highest, with their bitrates', () => {
    const items = qualityMenuItems({ qualities: ladder, quality: null, autoQuality: true });
    expect(items.map((item) => [item.value, item.label, item.detail])).toEqual([
      ['auto', 'Auto', ''],
      [3, '1080p', '5 Mbps'],
      [2, '720p', '2.5 Mbps'],
      [1, '480p', '1.4 Mbps'],
      [0, '360p', '800 kbps'],
    ]);
  });

  it('names the rendition playing under Auto and checks Auto only', () => {
    const items = qualityMenuItems({ qualities: ladder, quality: { index: 1, label: '480p' }, autoQuality: true });
    expect(items[0]).toMatchObject({ label: 'Auto (480p)', checked: true });
    expect(items.filter((item) => item.checked)).toHaveLength(1);
  });

  it('checks the pinned rung and not Auto', () => {
    const items = qualityMenuItems({ qualities: ladder, quality: { index: 2, label: '720p' }, autoQuality: false });
    expect(items.filter((item) => item.checked).map((item) => item.value)).toEqual([2]);
    expect(items[0]).toMatchObject({ label: 'Auto', checked: false });
  });

  it('checks Auto when no rung is known to be playing, so one item is always checked', () => {
    const items = qualityMenuItems({ qualities: ladder, quality: null, autoQuality: false });
    expect(items.filter((item) => item.checked).map((item) => item.value)).toEqual(['auto']);
  });

  it('lists only Auto for an empty ladder', () => {
    expect(qualityMenuItems({ qualities: [], quality: null, autoQuality: true }).map((item) => item.value)).toEqual(['auto']);
  });
});

describe('sortQualitiesForMenu', () => {
  it('puts the higher bitrate first among rungs of the same height, without changing the input', () => {
    const same: QualityOption[] = [
      { index: 0, width: 1280, height: 720, bitrateBps: 2_000_000, label: '720p' },
      { index: 1, width: 1280, height: 720, bitrateBps: 3_000_000, label: '720p' },
    ];
    expect(sortQualitiesForMenu(same).map((quality) => quality.index)).toEqual([1, 0]);
    expect(same.map((quality) => quality.index)).toEqual([0, 1]);
  });
});

describe('qualityLabel', () => {
  it('falls back to the height, then to the bitrate', () => {
    expect(qualityLabel({ label: '', height: 540, bitrateBps: 1_000_000 })).toBe('540p');
    expect(qualityLabel({ label: ' ', height: 0, bitrateBps: 96_000 })).toBe('96 kbps');
    expect(qualityLabel({ label: '', height: 0, bitrateBps: 0 })).toBe('Unknown');
  });
});

describe('autoQualityLabel', () => {
  it('is plain Auto while nothing is playing or a rung is pinned', () => {
    expect(autoQualityLabel({ autoQuality: true, quality: null })).toBe('Auto');
    expect(autoQualityLabel({ autoQuality: false, quality: { index: 0, label: '360p' } })).toBe('Auto');
  });
});

describe('captionsMenuItems', () => {
  const tracks = [
    { index: 0, label: 'English', language: 'en' },
    { index: 1, label: '', language: 'fr' },
    { index: 2, label: '', language: '' },
  ];

  it('lists Off first, then the tracks in order, labelled by label, language or position', () => {
    const items = captionsMenuItems({ textTracks: tracks, activeTextTrack: null });
    expect(items.map((item) => [item.value, item.label, item.detail])).toEqual([
      [null, 'Off', ''],
      [0, 'English', 'en'],
      [1, 'fr', ''],
      [2, 'Track 3', ''],
    ]);
  });

  it('checks Off while captions are off', () => {
    const items = captionsMenuItems({ textTracks: tracks, activeTextTrack: null });
    expect(items.filter((item) => item.checked).map((item) => item.value)).toEqual([null]);
  });

  it('checks the showing track', () => {
    const items = captionsMenuItems({ textTracks: tracks, activeTextTrack: 1 });
    expect(items.filter((item) => item.checked).map((item) => item.value)).toEqual([1]);
  });
});

describe('qualityBadge', () => {
  it('shows HD from 720p and 4K from 2160p, nothing below or before playback', () => {
    expect(qualityBadge({ index: 2, label: '720p' }, ladder)).toBe('HD');
    expect(qualityBadge({ index: 1, label: '480p' }, ladder)).toBe('');
    expect(qualityBadge({ index: 9, label: '2160p' }, ladder)).toBe('4K');
    expect(qualityBadge(null, ladder)).toBe('');
  });
});
