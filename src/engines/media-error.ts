import { VodPlayerError } from '../errors.js';
import type { EngineName } from './types.js';

/** The part of `HTMLMediaElement.error` (a `MediaError`) the mapping reads. */
export interface MediaErrorLike {
  readonly code: number;
  readonly message?: string;
}

/** `MediaError` codes (HTML spec), copied so this stays usable where there is no DOM. */
export const MEDIA_ERR = {
  ABORTED: 1,
  NETWORK: 2,
  DECODE: 3,
  SRC_NOT_SUPPORTED: 4,
} as const;

/**
 * Maps the element's own error (`video.error` after an `error` event) to a VodPlayerError.
 * `beforeMetadata`: the error came before `loadedmetadata`, i.e. while the manifest was being read.
 *
 * - ABORTED: the fetch was aborted on purpose; ENGINE_ERROR, not fatal.
 * - NETWORK: MANIFEST_LOAD_FAILED before metadata, SEGMENT_LOAD_FAILED after.
 * - DECODE: MEDIA_DECODE_FAILED.
 * - SRC_NOT_SUPPORTED: with native HLS, Safari reports an unreachable or unparsable playlist and an
 *   unsupported codec alike, so before metadata it is SOURCE_UNSUPPORTED; after metadata (a rendition
 *   the browser cannot decode) CODEC_UNSUPPORTED.
 */
export function mapMediaError(engine: EngineName, error: MediaErrorLike, beforeMetadata: boolean): VodPlayerError {
  const text = error.message ? `: ${error.message}` : '';
  const detail = { engine, engineCode: `MEDIA_ERR_${mediaErrorName(error.code)}` };
  switch (error.code) {
    case MEDIA_ERR.ABORTED:
      return new VodPlayerError('ENGINE_ERROR', `${engine}: media fetch aborted${text}`, { fatal: false, cause: error, detail });
    case MEDIA_ERR.NETWORK:
      return beforeMetadata
        ? new VodPlayerError('MANIFEST_LOAD_FAILED', `${engine}: the manifest could not be loaded${text}`, { fatal: true, cause: error, detail })
        : new VodPlayerError('SEGMENT_LOAD_FAILED', `${engine}: media could not be loaded${text}`, { fatal: true, cause: error, detail });
    case MEDIA_ERR.DECODE:
      return new VodPlayerError('MEDIA_DECODE_FAILED', `${engine}: the media could not be decoded${text}`, { fatal: true, cause: error, detail });
    case MEDIA_ERR.SRC_NOT_SUPPORTED:
      return beforeMetadata
        ? new VodPlayerError(
            'SOURCE_UNSUPPORTED',
            `${engine}: the browser cannot play this source (unreachable, invalid, or unsupported codecs)${text}`,
            { fatal: true, cause: error, detail },
          )
        : new VodPlayerError('CODEC_UNSUPPORTED', `${engine}: the browser cannot decode this media${text}`, { fatal: true, cause: error, detail });
    default:
      return new VodPlayerError('ENGINE_ERROR', `${engine}: media element error ${error.code}${text}`, { fatal: true, cause: error, detail });
  }
}

function mediaErrorName(code: number): string {
  switch (code) {
    case MEDIA_ERR.ABORTED:
      return 'ABORTED';
    case MEDIA_ERR.NETWORK:
      return 'NETWORK';
    case MEDIA_ERR.DECODE:
      return 'DECODE';
    case MEDIA_ERR.SRC_NOT_SUPPORTED:
      return 'SRC_NOT_SUPPORTED';
    default:
      return String(code);
  }
}
