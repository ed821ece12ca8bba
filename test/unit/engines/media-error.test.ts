import { describe, expect, it } from 'vitest';
import { MEDIA_ERR, mapMediaError } from '../../../src/engines/media-error.js';

describe('mapMediaError', () => {
  it('maps a network error before metadata to MANIFEST_LOAD_FAILED and after to SEGMENT_LOAD_FAILED', () => {
    expect(mapMediaError('native', { code: MEDIA_ERR.NETWORK }, true)).toMatchObject({ code: 'MANIFEST_LOAD_FAILED', fatal: true });
    expect(mapMediaError('native', { code: MEDIA_ERR.NETWORK }, false)).toMatchObject({ code: 'SEGMENT_LOAD_FAILED', fatal: true });
  });

  it('maps a decode error to MEDIA_DECODE_FAILED', () => {
    const error = mapMediaError('dash.js', { code: MEDIA_ERR.DECODE, message: 'PIPELINE_ERROR_DECODE' }, false);
    expect(error).toMatchObject({ code: 'MEDIA_DECODE_FAILED', fatal: true, detail: { engine: 'dash.js', engineCode: 'MEDIA_ERR_DECODE' } });
    expect(error.message).toContain('PIPELINE_ERROR_DECODE');
  });

  it('maps "source not supported" before metadata to SOURCE_UNSUPPORTED (Safari says it for 404s and bad playlists too)', () => {
    expect(mapMediaError('native', { code: MEDIA_ERR.SRC_NOT_SUPPORTED }, true)).toMatchObject({ code: 'SOURCE_UNSUPPORTED', fatal: true });
  });

  it('maps "source not supported" after metadata to CODEC_UNSUPPORTED', () => {
    expect(mapMediaError('native', { code: MEDIA_ERR.SRC_NOT_SUPPORTED }, false)).toMatchObject({ code: 'CODEC_UNSUPPORTED' });
  });

  it('reports an aborted fetch as a non-fatal ENGINE_ERROR', () => {
    expect(mapMediaError('native', { code: MEDIA_ERR.ABORTED }, true)).toMatchObject({ code: 'ENGINE_ERROR', fatal: false });
  });

  it('keeps the MediaError as the cause', () => {
    const mediaError = { code: 99, message: 'odd' };
    expect(mapMediaError('hls.js', mediaError, false)).toMatchObject({ code: 'ENGINE_ERROR', cause: mediaError, detail: { engineCode: 'MEDIA_ERR_99' } });
  });
});
