import { describe, expect, it } from 'vitest';
import {
  parseAbrMode, parseCrossOrigin, parseEngine, parsePlaybackRate, parsePreload, parseRungCap, parseStartTime, parseVolume,
} from '../../src/attributes.js';

describe('engine attribute', () => {
  it('means auto when missing or empty', () => {
    expect(parseEngine(null)).toEqual({ ok: true, value: 'auto' });
    expect(parseEngine('  ')).toEqual({ ok: true, value: 'auto' });
  });
  it('accepts each engine name, case-insensitively', () => {
    for (const name of ['hls.js', 'dash.js', 'shaka', 'auto']) expect(parseEngine(name.toUpperCase())).toEqual({ ok: true, value: name });
  });
  it('rejects an unknown engine with a non-fatal INVALID_ATTRIBUTE error naming the attribute', () => {
    const parsed = parseEngine('videojs');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatchObject({ code: 'INVALID_ATTRIBUTE', fatal: false, detail: { attribute: 'engine' } });
    expect(parsed.error.message).toContain('videojs');
  });
});

describe('start-time attribute', () => {
  it('is null when missing', () => {
    expect(parseStartTime(null)).toEqual({ ok: true, value: null });
    expect(parseStartTime('')).toEqual({ ok: true, value: null });
  });
  it('parses seconds from a string or a number', () => {
    expect(parseStartTime('12.5')).toEqual({ ok: true, value: 12.5 });
    expect(parseStartTime(30)).toEqual({ ok: true, value: 30 });
  });
  it('rejects negative, non-numeric and infinite values', () => {
    for (const bad of ['-1', 'soon', 'Infinity', Number.NaN]) {
      const parsed = parseStartTime(bad);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error.detail.attribute).toBe('start-time');
    }
  });
});

describe('preload attribute', () => {
  it('follows <video>: missing is metadata, empty is auto', () => {
    expect(parsePreload(null)).toEqual({ ok: true, value: 'metadata' });
    expect(parsePreload('')).toEqual({ ok: true, value: 'auto' });
    expect(parsePreload('NONE')).toEqual({ ok: true, value: 'none' });
  });
  it('reports an unknown value', () => {
    expect(parsePreload('eager').ok).toBe(false);
  });
});

describe('crossorigin attribute', () => {
  it('maps like <video>: absent → null, use-credentials → use-credentials, anything else → anonymous', () => {
    expect(parseCrossOrigin(null)).toBeNull();
    expect(parseCrossOrigin('')).toBe('anonymous');
    expect(parseCrossOrigin('Use-Credentials')).toBe('use-credentials');
    expect(parseCrossOrigin('whatever')).toBe('anonymous');
  });
});

describe('volume and playbackRate properties', () => {
  it('accept values in range', () => {
    expect(parseVolume(0)).toEqual({ ok: true, value: 0 });
    expect(parseVolume(1)).toEqual({ ok: true, value: 1 });
    expect(parsePlaybackRate(2)).toEqual({ ok: true, value: 2 });
  });
  it('reject values the media element would throw on', () => {
    expect(parseVolume(1.5).ok).toBe(false);
    expect(parseVolume(Number.NaN).ok).toBe(false);
    expect(parsePlaybackRate(0).ok).toBe(false);
    expect(parsePlaybackRate(-1).ok).toBe(false);
  });
});

describe('abr and its caps', () => {
  it('abr is vod by default, engine on request, and an unknown value falls back to vod with an error', () => {
    expect(parseAbrMode(null)).toEqual({ ok: true, value: 'vod' });
    expect(parseAbrMode(' ENGINE ')).toEqual({ ok: true, value: 'engine' });
    const bad = parseAbrMode('bola');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatchObject({ code: 'INVALID_ATTRIBUTE', fatal: false });
  });

  it('abr-min-rung / abr-max-rung take a rung index, and nothing else', () => {
    expect(parseRungCap('abr-max-rung', null)).toEqual({ ok: true, value: null });
    expect(parseRungCap('abr-max-rung', '2')).toEqual({ ok: true, value: 2 });
    for (const bad of ['-1', '1.5', 'top']) expect(parseRungCap('abr-max-rung', bad).ok).toBe(false);
  });
});
