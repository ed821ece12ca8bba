import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DASHJS_ERRORS as E } from '../../../../src/engines/dashjs/codes.js';
import { isVideoAdaptationSet, mapDashJsError, noPlayableVideoError } from '../../../../src/engines/dashjs/errors.js';

/** dash.js 5 ERROR payload: `{ error: DashJSError(code, message, data) }`. */
const dashError = (code: number, message = 'failed', data: unknown = null) => ({ error: { code, message, data } });
/** HTTPLoader's data for download errors: the request and the CommonMediaResponse. */
const download = (url: string, status: number) => ({ request: { url, type: 'MPD' }, response: { status, statusText: 'Not Found' } });

describe('DASHJS_ERRORS', () => {
  it('matches the codes dash.js declares in index.d.ts (class Errors)', () => {
    // dashjs's "exports" hides package.json and index.d.ts from require.resolve: read the installed file.
    const typings = readFileSync(new URL('../../../../node_modules/dashjs/index.d.ts', import.meta.url), 'utf8');
    for (const [name, value] of Object.entries(E)) {
      expect(typings, name).toMatch(new RegExp(`\\b${name}: ${value};`));
    }
  });
});

describe('mapDashJsError', () => {
  it('maps a 404 MPD (download error 25) to MANIFEST_LOAD_FAILED with status and URL', () => {
    const error = mapDashJsError(dashError(E.DOWNLOAD_ERROR_ID_MANIFEST_CODE, 'https://cdn.example/a.mpd is not available', download('https://cdn.example/a.mpd', 404)));
    expect(error).toMatchObject({
      code: 'MANIFEST_LOAD_FAILED',
      fatal: true,
      detail: { engine: 'dash.js', engineCode: 25, httpStatus: 404, url: 'https://cdn.example/a.mpd' },
    });
  });

  it('maps the manifest loader failure (11) to MANIFEST_LOAD_FAILED', () => {
    expect(mapDashJsError(dashError(E.MANIFEST_LOADER_LOADING_FAILURE_ERROR_CODE)).code).toBe('MANIFEST_LOAD_FAILED');
  });

  it('leaves out status 0 (network or CORS failure)', () => {
    expect(mapDashJsError(dashError(E.DOWNLOAD_ERROR_ID_MANIFEST_CODE, 'x', download('https://cdn.example/a.mpd', 0))).detail.httpStatus).toBeUndefined();
  });

  it('maps a document that is not an MPD (10) and a logically broken MPD (31) to MANIFEST_PARSE_FAILED', () => {
    expect(mapDashJsError(dashError(E.MANIFEST_LOADER_PARSING_FAILURE_ERROR_CODE, 'parsing failed for x')).code).toBe('MANIFEST_PARSE_FAILED');
    expect(mapDashJsError(dashError(E.MANIFEST_ERROR_ID_PARSE_CODE)).code).toBe('MANIFEST_PARSE_FAILED');
  });

  it('maps media, init and index segment download failures to SEGMENT_LOAD_FAILED', () => {
    for (const code of [E.DOWNLOAD_ERROR_ID_CONTENT_CODE, E.DOWNLOAD_ERROR_ID_INITIALIZATION_CODE, E.DOWNLOAD_ERROR_ID_SIDX_CODE, E.FRAGMENT_LOADER_LOADING_FAILURE_ERROR_CODE]) {
      const error = mapDashJsError(dashError(code, 'x', download('https://cdn.example/chunk-1.m4s', 404)));
      expect(error).toMatchObject({ code: 'SEGMENT_LOAD_FAILED', fatal: true, detail: { httpStatus: 404 } });
    }
  });

  it('maps a SourceBuffer append failure to MEDIA_DECODE_FAILED', () => {
    expect(mapDashJsError(dashError(E.APPEND_ERROR_CODE))).toMatchObject({ code: 'MEDIA_DECODE_FAILED', fatal: true });
  });

  it('maps an unsupported SourceBuffer type to CODEC_UNSUPPORTED and missing MSE to SOURCE_UNSUPPORTED', () => {
    expect(mapDashJsError(dashError(E.MEDIASOURCE_TYPE_UNSUPPORTED_CODE)).code).toBe('CODEC_UNSUPPORTED');
    expect(mapDashJsError(dashError(E.CAPABILITY_MEDIASOURCE_ERROR_CODE)).code).toBe('SOURCE_UNSUPPORTED');
  });

  it('maps "no streams" to CODEC_UNSUPPORTED when dash.js dropped adaptation sets for capabilities, else MANIFEST_PARSE_FAILED', () => {
    const noStreams = dashError(E.MANIFEST_ERROR_ID_NOSTREAMS_CODE, 'No streams to play.');
    expect(mapDashJsError(noStreams, { adaptationSetsRemovedForCapabilities: true }).code).toBe('CODEC_UNSUPPORTED');
    expect(mapDashJsError(noStreams).code).toBe('MANIFEST_PARSE_FAILED');
  });

  it('keeps errors that leave playback going non-fatal', () => {
    for (const code of [E.TIME_SYNC_FAILED_ERROR_CODE, E.TIMED_TEXT_ERROR_ID_PARSE_CODE, E.REMOVE_ERROR_CODE]) {
      expect(mapDashJsError(dashError(code)).fatal).toBe(false);
    }
  });

  it('maps unknown codes (e.g. protection 111) to a fatal ENGINE_ERROR that keeps the code', () => {
    expect(mapDashJsError(dashError(111))).toMatchObject({ code: 'ENGINE_ERROR', fatal: true, detail: { engineCode: 111 } });
  });

  it('understands the dash.js 3 string payloads', () => {
    expect(mapDashJsError({ error: 'download', event: { id: 'manifest', url: 'https://cdn.example/a.mpd' } })).toMatchObject({
      code: 'MANIFEST_LOAD_FAILED',
      detail: { url: 'https://cdn.example/a.mpd', engineCode: 'download' },
    });
    expect(mapDashJsError({ error: 'download', event: { id: 'content' } }).code).toBe('SEGMENT_LOAD_FAILED');
    expect(mapDashJsError({ error: 'manifestError', event: { id: 'parse' } }).code).toBe('MANIFEST_PARSE_FAILED');
    expect(mapDashJsError({ error: 'capability', event: 'mediasource' }).code).toBe('SOURCE_UNSUPPORTED');
  });
});

describe('isVideoAdaptationSet', () => {
  it('recognises video by contentType, mimeType or its representations', () => {
    expect(isVideoAdaptationSet({ contentType: 'video', Representation: [] })).toBe(true);
    expect(isVideoAdaptationSet({ mimeType: 'video/mp4' })).toBe(true);
    expect(isVideoAdaptationSet({ Representation: [{ mimeType: 'video/mp4' }] })).toBe(true);
    expect(isVideoAdaptationSet({ contentType: 'audio', mimeType: 'audio/mp4' })).toBe(false);
    expect(isVideoAdaptationSet(null)).toBe(false);
  });

  it('names the failure when no video is left', () => {
    expect(noPlayableVideoError()).toMatchObject({ code: 'CODEC_UNSUPPORTED', fatal: true, detail: { engine: 'dash.js' } });
  });
});
