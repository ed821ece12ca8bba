import { ErrorDetails, ErrorTypes } from 'hls.js';
import { describe, expect, it } from 'vitest';
import { isPlaybackHiccup, isRecoverableMediaError, mapHlsJsError, type HlsErrorLike } from '../../../../src/engines/hlsjs/errors.js';

/** An hls.js ERROR payload, as `Hls.Events.ERROR` delivers it (only the fields the mapping reads). */
function hlsError(overrides: Partial<HlsErrorLike> & Pick<HlsErrorLike, 'type' | 'details'>): HlsErrorLike {
  return { fatal: true, error: new Error(String(overrides.details)), ...overrides };
}

describe('mapHlsJsError', () => {
  it('maps a 404 master playlist to MANIFEST_LOAD_FAILED with status and URL', () => {
    const error = mapHlsJsError(
      hlsError({
        type: ErrorTypes.NETWORK_ERROR,
        details: ErrorDetails.MANIFEST_LOAD_ERROR,
        url: 'https://cdn.example/master.m3u8',
        response: { code: 404 },
      }),
    );
    expect(error).toMatchObject({
      code: 'MANIFEST_LOAD_FAILED',
      fatal: true,
      detail: { engine: 'hls.js', engineCode: 'manifestLoadError', httpStatus: 404, url: 'https://cdn.example/master.m3u8' },
    });
    expect(error.message).toContain('404');
  });

  it('maps manifest and media playlist timeouts and failures to MANIFEST_LOAD_FAILED', () => {
    for (const details of [ErrorDetails.MANIFEST_LOAD_TIMEOUT, ErrorDetails.LEVEL_LOAD_ERROR, ErrorDetails.LEVEL_LOAD_TIMEOUT, ErrorDetails.AUDIO_TRACK_LOAD_ERROR]) {
      expect(mapHlsJsError(hlsError({ type: ErrorTypes.NETWORK_ERROR, details })).code).toBe('MANIFEST_LOAD_FAILED');
    }
  });

  it('takes the URL from the loader context when the payload has none', () => {
    const error = mapHlsJsError(
      hlsError({ type: ErrorTypes.NETWORK_ERROR, details: ErrorDetails.LEVEL_LOAD_ERROR, context: { url: 'https://cdn.example/720p.m3u8' }, response: { code: 503 } }),
    );
    expect(error.detail).toMatchObject({ url: 'https://cdn.example/720p.m3u8', httpStatus: 503 });
  });

  it('leaves out a status that is not an HTTP failure (0 for network/CORS errors, 200 for a parse error)', () => {
    expect(mapHlsJsError(hlsError({ type: ErrorTypes.NETWORK_ERROR, details: ErrorDetails.MANIFEST_LOAD_ERROR, response: { code: 0 } })).detail.httpStatus).toBeUndefined();
    expect(mapHlsJsError(hlsError({ type: ErrorTypes.NETWORK_ERROR, details: ErrorDetails.MANIFEST_PARSING_ERROR, response: { code: 200 } })).detail.httpStatus).toBeUndefined();
  });

  it('maps a playlist that is not HLS to MANIFEST_PARSE_FAILED', () => {
    for (const details of [ErrorDetails.MANIFEST_PARSING_ERROR, ErrorDetails.LEVEL_PARSING_ERROR, ErrorDetails.LEVEL_EMPTY_ERROR]) {
      expect(mapHlsJsError(hlsError({ type: ErrorTypes.NETWORK_ERROR, details, reason: 'no EXTM3U delimiter' })).code).toBe('MANIFEST_PARSE_FAILED');
    }
  });

  it('maps fragment failures after retries to SEGMENT_LOAD_FAILED with the fragment URL', () => {
    const error = mapHlsJsError(
      hlsError({ type: ErrorTypes.NETWORK_ERROR, details: ErrorDetails.FRAG_LOAD_ERROR, frag: { url: 'https://cdn.example/seg_3.m4s' }, response: { code: 404 } }),
    );
    expect(error).toMatchObject({ code: 'SEGMENT_LOAD_FAILED', fatal: true, detail: { url: 'https://cdn.example/seg_3.m4s', httpStatus: 404 } });
    expect(mapHlsJsError(hlsError({ type: ErrorTypes.NETWORK_ERROR, details: ErrorDetails.FRAG_LOAD_TIMEOUT })).code).toBe('SEGMENT_LOAD_FAILED');
  });

  it('keeps hls.js non-fatal errors (a retry coming) non-fatal', () => {
    expect(mapHlsJsError(hlsError({ type: ErrorTypes.NETWORK_ERROR, details: ErrorDetails.FRAG_LOAD_ERROR, fatal: false })).fatal).toBe(false);
  });

  it('maps codecs the browser lacks to CODEC_UNSUPPORTED', () => {
    expect(mapHlsJsError(hlsError({ type: ErrorTypes.MEDIA_ERROR, details: ErrorDetails.MANIFEST_INCOMPATIBLE_CODECS_ERROR })).code).toBe('CODEC_UNSUPPORTED');
    expect(mapHlsJsError(hlsError({ type: ErrorTypes.MEDIA_ERROR, details: ErrorDetails.BUFFER_ADD_CODEC_ERROR })).code).toBe('CODEC_UNSUPPORTED');
    expect(mapHlsJsError(hlsError({ type: ErrorTypes.MEDIA_ERROR, details: ErrorDetails.BUFFER_INCOMPATIBLE_CODECS_ERROR })).code).toBe('CODEC_UNSUPPORTED');
  });

  it('maps append, parsing and demux failures to MEDIA_DECODE_FAILED', () => {
    for (const details of [ErrorDetails.BUFFER_APPEND_ERROR, ErrorDetails.BUFFER_APPENDING_ERROR, ErrorDetails.FRAG_PARSING_ERROR, ErrorDetails.REMUX_ALLOC_ERROR]) {
      expect(mapHlsJsError(hlsError({ type: ErrorTypes.MEDIA_ERROR, details })).code).toBe('MEDIA_DECODE_FAILED');
    }
    expect(mapHlsJsError(hlsError({ type: ErrorTypes.MUX_ERROR, details: ErrorDetails.FRAG_PARSING_ERROR })).code).toBe('MEDIA_DECODE_FAILED');
  });

  it('calls a full buffer (QuotaExceededError) BUFFER_FULL, not a decode failure', () => {
    const error = mapHlsJsError(hlsError({ type: ErrorTypes.MEDIA_ERROR, details: ErrorDetails.BUFFER_FULL_ERROR, fatal: false }));
    expect(error).toMatchObject({ code: 'BUFFER_FULL', fatal: false });
  });

  it('does not call a stall a decode failure', () => {
    const error = mapHlsJsError(hlsError({ type: ErrorTypes.MEDIA_ERROR, details: ErrorDetails.BUFFER_STALLED_ERROR, fatal: false }));
    expect(error).toMatchObject({ code: 'ENGINE_ERROR', fatal: false, detail: { engineCode: 'bufferStalledError' } });
  });

  it('maps the rest (key system, internal exceptions) to ENGINE_ERROR', () => {
    expect(mapHlsJsError(hlsError({ type: ErrorTypes.KEY_SYSTEM_ERROR, details: ErrorDetails.KEY_SYSTEM_NO_KEYS })).code).toBe('ENGINE_ERROR');
    expect(mapHlsJsError(hlsError({ type: ErrorTypes.OTHER_ERROR, details: ErrorDetails.INTERNAL_EXCEPTION })).code).toBe('ENGINE_ERROR');
  });

  it('keeps the original error as the cause', () => {
    const cause = new Error('boom');
    expect(mapHlsJsError(hlsError({ type: ErrorTypes.OTHER_ERROR, details: ErrorDetails.INTERNAL_EXCEPTION, error: cause })).cause).toBe(cause);
  });
});

describe('isRecoverableMediaError', () => {
  it('tries recoverMediaError() on a fatal media error', () => {
    expect(isRecoverableMediaError(hlsError({ type: ErrorTypes.MEDIA_ERROR, details: ErrorDetails.BUFFER_APPEND_ERROR }))).toBe(true);
  });

  it('does not for missing codecs, non-fatal errors or network errors', () => {
    expect(isRecoverableMediaError(hlsError({ type: ErrorTypes.MEDIA_ERROR, details: ErrorDetails.MANIFEST_INCOMPATIBLE_CODECS_ERROR }))).toBe(false);
    expect(isRecoverableMediaError(hlsError({ type: ErrorTypes.MEDIA_ERROR, details: ErrorDetails.BUFFER_STALLED_ERROR, fatal: false }))).toBe(false);
    expect(isRecoverableMediaError(hlsError({ type: ErrorTypes.NETWORK_ERROR, details: ErrorDetails.FRAG_LOAD_ERROR }))).toBe(false);
  });
});

describe('isPlaybackHiccup', () => {
  it('recognises the stall notices hls.js handles itself', () => {
    for (const details of [ErrorDetails.BUFFER_STALLED_ERROR, ErrorDetails.BUFFER_NUDGE_ON_STALL, ErrorDetails.BUFFER_SEEK_OVER_HOLE]) {
      expect(isPlaybackHiccup(hlsError({ type: ErrorTypes.MEDIA_ERROR, details, fatal: false }))).toBe(true);
    }
  });

  it('does not hide a fatal stall or a retried download', () => {
    expect(isPlaybackHiccup(hlsError({ type: ErrorTypes.MEDIA_ERROR, details: ErrorDetails.BUFFER_STALLED_ERROR, fatal: true }))).toBe(false);
    expect(isPlaybackHiccup(hlsError({ type: ErrorTypes.NETWORK_ERROR, details: ErrorDetails.FRAG_LOAD_ERROR, fatal: false }))).toBe(false);
  });
});
