import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PLAYBACK_SETTINGS,
  applyChangedProperties,
  sourceSettingsOf,
  type PlaybackProperties,
  type PlaybackSettings,
} from '../../../src/controllers/playback-settings.js';

function properties(overrides: Partial<PlaybackProperties> = {}): PlaybackProperties {
  return {
    src: '', type: '', engine: 'auto', preload: null, autoplay: false, startTime: null, crossorigin: null, abr: 'vod',
    abrMinRung: null, abrMaxRung: null, abrCapToSize: false, abrConfig: null, engineConfig: null, engineSetup: null, recoveryWindow: null,
    ...overrides,
  };
}

describe('applyChangedProperties', () => {
  it('parses the changed attributes into typed settings', () => {
    const settings: PlaybackSettings = { ...DEFAULT_PLAYBACK_SETTINGS };
    const raw = properties({ src: 'a.mpd', engine: ' Shaka ', preload: 'none', startTime: '12.5', crossorigin: 'USE-CREDENTIALS', abr: 'engine', abrMinRung: '1', abrMaxRung: 4 });
    const errors = applyChangedProperties(settings, raw, new Set(Object.keys(raw)));
    expect(errors).toEqual([]);
    expect(settings).toMatchObject({
      src: 'a.mpd', engine: 'shaka', preload: 'none', startTimeSec: 12.5, crossOrigin: 'use-credentials', abrMode: 'engine', abrMinRung: 1, abrMaxRung: 4,
    });
  });

  it('reports each invalid attribute once as a non-fatal INVALID_ATTRIBUTE and uses its fallback', () => {
    const settings: PlaybackSettings = { ...DEFAULT_PLAYBACK_SETTINGS, engine: 'shaka', startTimeSec: 3 };
    const raw = properties({ engine: 'vlc', startTime: '-2', abr: 'mpc', abrMinRung: '1.5', preload: 'eager' });
    const errors = applyChangedProperties(settings, raw, new Set(['engine', 'startTime', 'abr', 'abrMinRung', 'preload']));
    expect(errors.map((error) => [error.code, error.fatal, error.detail.attribute])).toEqual([
      ['INVALID_ATTRIBUTE', false, 'engine'],
      ['INVALID_ATTRIBUTE', false, 'preload'],
      ['INVALID_ATTRIBUTE', false, 'start-time'],
      ['INVALID_ATTRIBUTE', false, 'abr'],
      ['INVALID_ATTRIBUTE', false, 'abr-min-rung'],
    ]);
    expect(settings).toMatchObject({ engine: 'auto', preload: 'metadata', startTimeSec: null, abrMode: 'vod', abrMinRung: null });
  });

  it('leaves settings whose property did not change untouched, and reports nothing for them', () => {
    const settings: PlaybackSettings = { ...DEFAULT_PLAYBACK_SETTINGS, abrMaxRung: 2 };
    const errors = applyChangedProperties(settings, properties({ abrMaxRung: 'bad', src: 'b.m3u8' }), new Set(['src']));
    expect(errors).toEqual([]);
    expect(settings.abrMaxRung).toBe(2);
    expect(settings.src).toBe('b.m3u8');
  });
});

describe('sourceSettingsOf', () => {
  it('parses the source settings as applyChangedProperties does, invalid values taking the same fallbacks, reporting nothing', () => {
    const hook = (): void => undefined;
    const raw = properties({ src: 'a.mpd', type: 'application/dash+xml', engine: ' Shaka ', preload: 'none', autoplay: true, crossorigin: '', engineSetup: hook });
    expect(sourceSettingsOf(raw)).toEqual({
      src: 'a.mpd',
      type: 'application/dash+xml',
      engine: 'shaka',
      preload: 'none',
      autoplay: true,
      crossOrigin: 'anonymous',
      engineConfig: null,
      engineSetup: hook,
    });
    const invalid = properties({ src: 'b.m3u8', engine: 'flash', preload: 'eager' });
    const parsed: PlaybackSettings = { ...DEFAULT_PLAYBACK_SETTINGS };
    applyChangedProperties(parsed, invalid, new Set(['src', 'engine', 'preload']));
    expect(sourceSettingsOf(invalid)).toMatchObject({ engine: parsed.engine, preload: parsed.preload });
  });
});
