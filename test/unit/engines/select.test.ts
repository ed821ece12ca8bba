import { describe, expect, it } from 'vitest';
import { VodPlayerError } from '../../../src/errors.js';
import { selectEngine, type EngineSelectionInput } from '../../../src/engines/select.js';

const DESKTOP = { mse: true, nativeHls: false };
const SAFARI_MAC = { mse: true, nativeHls: true };
const OLD_IOS = { mse: false, nativeHls: true };
const NOTHING = { mse: false, nativeHls: false };

function select(overrides: Partial<EngineSelectionInput>) {
  return selectEngine({ src: 'https://cdn.example/v/master.m3u8', engine: 'auto', capabilities: DESKTOP, ...overrides });
}

function expectError(result: ReturnType<typeof selectEngine>, code: string, attribute?: string): VodPlayerError {
  expect(result).toBeInstanceOf(VodPlayerError);
  const error = result as VodPlayerError;
  expect(error.code).toBe(code);
  expect(error.fatal).toBe(true);
  if (attribute) expect(error.detail.attribute).toBe(attribute);
  return error;
}

describe('selectEngine: protocol', () => {
  it.each([
    ['https://cdn.example/v/master.m3u8', 'hls'],
    ['https://cdn.example/v/MASTER.M3U8', 'hls'],
    ['/v/master.m3u8?token=abc&x=.mpd', 'hls'],
    ['/v/master.m3u8#t=10', 'hls'],
    ['master.m3u8', 'hls'],
    ['https://cdn.example/v/manifest.mpd', 'dash'],
    ['https://cdn.example/v/Manifest.MPD?sig=1', 'dash'],
    ['/v/manifest.mpd#frag.m3u8', 'dash'],
  ])('reads %s as %s from the path extension', (src, protocol) => {
    expect(select({ src })).toMatchObject({ protocol });
  });

  it('ignores an extension that only appears in the query', () => {
    expectError(select({ src: '/play?src=master.m3u8' }), 'SOURCE_UNSUPPORTED', 'src');
  });

  it.each([
    ['application/vnd.apple.mpegurl', 'hls'],
    ['application/x-mpegURL', 'hls'],
    ['audio/mpegurl', 'hls'],
    ['application/dash+xml', 'dash'],
    [' Application/DASH+XML; profiles="urn:mpeg:dash:profile:isoff-live:2011"', 'dash'],
  ])('takes the protocol from type=%s', (type, protocol) => {
    expect(select({ src: 'https://cdn.example/play/42', type })).toMatchObject({ protocol });
  });

  it('lets type win over a contradicting extension', () => {
    expect(select({ src: '/v/manifest.mpd', type: 'application/vnd.apple.mpegurl' })).toEqual({ engine: 'hls.js', protocol: 'hls' });
  });

  it('treats an empty type as absent', () => {
    expect(select({ src: '/v/manifest.mpd', type: '' })).toEqual({ engine: 'dash.js', protocol: 'dash' });
  });

  it('rejects a type that is neither HLS nor DASH', () => {
    const error = expectError(select({ type: 'video/mp4' }), 'SOURCE_UNSUPPORTED', 'type');
    expect(error.message).toContain('video/mp4');
  });

  it('rejects an unknown extension with auto, and says how to fix it', () => {
    const error = expectError(select({ src: 'https://cdn.example/play/42' }), 'SOURCE_UNSUPPORTED', 'src');
    expect(error.message).toMatch(/\.m3u8/);
    expect(error.message).toMatch(/type=/);
  });

  it('rejects an unknown extension with shaka too (it plays both, so it cannot imply one)', () => {
    expectError(select({ src: '/play/42', engine: 'shaka' }), 'SOURCE_UNSUPPORTED');
  });

  it('assumes the protocol of an explicit single-protocol engine when nothing else says', () => {
    expect(select({ src: '/play/42', engine: 'hls.js' })).toEqual({ engine: 'hls.js', protocol: 'hls' });
    expect(select({ src: '/play/42', engine: 'dash.js' })).toEqual({ engine: 'dash.js', protocol: 'dash' });
  });

  it('rejects an empty src as an invalid attribute', () => {
    expectError(select({ src: '  ' }), 'INVALID_ATTRIBUTE', 'src');
  });
});

describe('selectEngine: engine', () => {
  it('picks hls.js for HLS and dash.js for DASH with auto', () => {
    expect(select({ src: '/a.m3u8' })).toEqual({ engine: 'hls.js', protocol: 'hls' });
    expect(select({ src: '/a.mpd' })).toEqual({ engine: 'dash.js', protocol: 'dash' });
  });

  it('prefers hls.js over native HLS when MSE is there (Safari on macOS)', () => {
    expect(select({ src: '/a.m3u8', capabilities: SAFARI_MAC })).toEqual({ engine: 'hls.js', protocol: 'hls' });
  });

  it('plays both protocols with shaka', () => {
    expect(select({ src: '/a.m3u8', engine: 'shaka' })).toEqual({ engine: 'shaka', protocol: 'hls' });
    expect(select({ src: '/a.mpd', engine: 'shaka' })).toEqual({ engine: 'shaka', protocol: 'dash' });
  });

  it('honours an explicit engine that matches the protocol', () => {
    expect(select({ src: '/a.m3u8', engine: 'hls.js' })).toEqual({ engine: 'hls.js', protocol: 'hls' });
    expect(select({ src: '/a.mpd', engine: 'dash.js' })).toEqual({ engine: 'dash.js', protocol: 'dash' });
  });

  it('rejects hls.js with a DASH source as an invalid engine attribute', () => {
    const error = expectError(select({ src: '/a.mpd', engine: 'hls.js' }), 'INVALID_ATTRIBUTE', 'engine');
    expect(error.message).toContain('hls.js');
  });

  it('rejects dash.js with an HLS source as an invalid engine attribute', () => {
    expectError(select({ src: '/a.m3u8', engine: 'dash.js' }), 'INVALID_ATTRIBUTE', 'engine');
  });

  it('rejects hls.js with type=application/dash+xml even when the URL says .m3u8', () => {
    expectError(select({ src: '/a.m3u8', type: 'application/dash+xml', engine: 'hls.js' }), 'INVALID_ATTRIBUTE', 'engine');
  });
});

describe('selectEngine: without MediaSource', () => {
  it('falls back to native HLS (old iOS Safari)', () => {
    expect(select({ src: '/a.m3u8', capabilities: OLD_IOS })).toEqual({ engine: 'native', protocol: 'hls' });
  });

  it('falls back to native HLS whatever engine was asked for, since none can run', () => {
    expect(select({ src: '/a.m3u8', engine: 'hls.js', capabilities: OLD_IOS })).toEqual({ engine: 'native', protocol: 'hls' });
    expect(select({ src: '/a.m3u8', engine: 'shaka', capabilities: OLD_IOS })).toEqual({ engine: 'native', protocol: 'hls' });
  });

  it('cannot play DASH', () => {
    expectError(select({ src: '/a.mpd', capabilities: OLD_IOS }), 'SOURCE_UNSUPPORTED');
    expectError(select({ src: '/a.mpd', engine: 'shaka', capabilities: OLD_IOS }), 'SOURCE_UNSUPPORTED');
  });

  it('cannot play HLS without native HLS either', () => {
    expectError(select({ src: '/a.m3u8', capabilities: NOTHING }), 'SOURCE_UNSUPPORTED');
  });

  it('still reports an engine/protocol mismatch as the attribute error it is', () => {
    expectError(select({ src: '/a.mpd', engine: 'hls.js', capabilities: OLD_IOS }), 'INVALID_ATTRIBUTE', 'engine');
  });
});
