import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHAKA_CATEGORY as CATEGORY, SHAKA_CODE as CODE, SHAKA_REQUEST_TYPE as REQUEST, SHAKA_SEVERITY as SEVERITY } from '../../../../src/engines/shaka/codes.js';
import { mapShakaError, type ShakaErrorLike } from '../../../../src/engines/shaka/errors.js';

const shakaSource = (path: string) => readFileSync(new URL(`../../../../node_modules/shaka-player/${path}`, import.meta.url), 'utf8');

/** A `shaka.util.Error(severity, category, code, ...data)`. */
const shakaError = (category: number, code: number, data: unknown[] = [], severity: number = SEVERITY.CRITICAL): ShakaErrorLike => ({
  severity,
  category,
  code,
  data,
});

describe('shaka constants', () => {
  it('match shaka.util.Error in lib/util/error.js', () => {
    const source = shakaSource('lib/util/error.js');
    for (const [name, value] of Object.entries({ ...SEVERITY, ...CATEGORY, ...CODE })) {
      expect(source, name).toMatch(new RegExp(`'${name}': ${value},`));
    }
  });

  it('match NetworkingEngine.RequestType in lib/net/networking_engine.js', () => {
    const source = shakaSource('lib/net/networking_engine.js');
    for (const [name, value] of Object.entries(REQUEST)) {
      expect(source, name).toMatch(new RegExp(`'${name}': ${value},`));
    }
  });
});

describe('mapShakaError', () => {
  it('maps a 404 manifest (BAD_HTTP_STATUS on a MANIFEST request) to MANIFEST_LOAD_FAILED', () => {
    const uri = 'https://cdn.example/a.mpd';
    const error = mapShakaError(shakaError(CATEGORY.NETWORK, CODE.BAD_HTTP_STATUS, [uri, 404, 'Not Found', {}, REQUEST.MANIFEST, uri]));
    expect(error).toMatchObject({
      code: 'MANIFEST_LOAD_FAILED',
      fatal: true,
      detail: { engine: 'shaka', engineCode: 1001, httpStatus: 404, url: uri },
    });
  });

  it('maps a 404 segment after retries to SEGMENT_LOAD_FAILED', () => {
    const error = mapShakaError(shakaError(CATEGORY.NETWORK, CODE.BAD_HTTP_STATUS, ['https://cdn.example/s1.m4s', 404, null, {}, REQUEST.SEGMENT]));
    expect(error).toMatchObject({ code: 'SEGMENT_LOAD_FAILED', fatal: true, detail: { httpStatus: 404 } });
  });

  it('reads the request type where HTTP_ERROR and TIMEOUT keep it', () => {
    expect(mapShakaError(shakaError(CATEGORY.NETWORK, CODE.HTTP_ERROR, ['u', new Error('x'), REQUEST.MANIFEST])).code).toBe('MANIFEST_LOAD_FAILED');
    expect(mapShakaError(shakaError(CATEGORY.NETWORK, CODE.TIMEOUT, ['u', REQUEST.SEGMENT])).code).toBe('SEGMENT_LOAD_FAILED');
    expect(mapShakaError(shakaError(CATEGORY.NETWORK, CODE.SEGMENT_MISSING, ['u'])).code).toBe('SEGMENT_LOAD_FAILED');
  });

  it('maps network errors of other requests (license, timing) to ENGINE_ERROR', () => {
    expect(mapShakaError(shakaError(CATEGORY.NETWORK, CODE.BAD_HTTP_STATUS, ['u', 403, null, {}, 2])).code).toBe('ENGINE_ERROR');
  });

  it('keeps a RECOVERABLE error (shaka retries) non-fatal', () => {
    const error = mapShakaError(shakaError(CATEGORY.NETWORK, CODE.BAD_HTTP_STATUS, ['u', 503, null, {}, REQUEST.SEGMENT], SEVERITY.RECOVERABLE));
    expect(error).toMatchObject({ code: 'SEGMENT_LOAD_FAILED', fatal: false });
  });

  it('maps manifests shaka cannot parse to MANIFEST_PARSE_FAILED', () => {
    for (const code of [CODE.DASH_INVALID_XML, CODE.HLS_PLAYLIST_HEADER_MISSING, CODE.UNABLE_TO_GUESS_MANIFEST_TYPE, CODE.NO_VARIANTS]) {
      expect(mapShakaError(shakaError(CATEGORY.MANIFEST, code)).code).toBe('MANIFEST_PARSE_FAILED');
    }
  });

  it('maps CONTENT_UNSUPPORTED_BY_BROWSER (4032) to CODEC_UNSUPPORTED', () => {
    expect(mapShakaError(shakaError(CATEGORY.MANIFEST, CODE.CONTENT_UNSUPPORTED_BY_BROWSER))).toMatchObject({ code: 'CODEC_UNSUPPORTED', fatal: true, detail: { engineCode: 4032 } });
  });

  it('maps MediaSource and video element failures to MEDIA_DECODE_FAILED', () => {
    for (const code of [CODE.MEDIA_SOURCE_OPERATION_FAILED, CODE.MEDIA_SOURCE_OPERATION_THREW, CODE.QUOTA_EXCEEDED_ERROR]) {
      expect(mapShakaError(shakaError(CATEGORY.MEDIA, code)).code).toBe('MEDIA_DECODE_FAILED');
    }
    expect(mapShakaError(shakaError(CATEGORY.MEDIA, CODE.VIDEO_ERROR, [3, 0, 'PIPELINE_ERROR_DECODE'])).code).toBe('MEDIA_DECODE_FAILED');
  });

  it('maps a video element "source not supported" to CODEC_UNSUPPORTED', () => {
    expect(mapShakaError(shakaError(CATEGORY.MEDIA, CODE.VIDEO_ERROR, [4])).code).toBe('CODEC_UNSUPPORTED');
  });

  it('reports the aborts our own teardown causes as non-fatal', () => {
    for (const code of [CODE.LOAD_INTERRUPTED, CODE.OPERATION_ABORTED, CODE.OBJECT_DESTROYED]) {
      expect(mapShakaError(shakaError(CATEGORY.PLAYER, code))).toMatchObject({ code: 'ENGINE_ERROR', fatal: false });
    }
  });

  it('maps DRM and other categories to ENGINE_ERROR with the shaka code', () => {
    expect(mapShakaError(shakaError(CATEGORY.DRM, 6007))).toMatchObject({ code: 'ENGINE_ERROR', fatal: true, detail: { engineCode: 6007 } });
  });
});
