import { VodPlayerError, type VodErrorCode } from '../../errors.js';
import { SHAKA_CATEGORY as CATEGORY, SHAKA_CODE as CODE, SHAKA_REQUEST_TYPE as REQUEST, SHAKA_SEVERITY } from './codes.js';

/** The fields of a `shaka.util.Error` the mapping reads. `data` is shaka's positional detail array. */
export interface ShakaErrorLike {
  readonly severity: number;
  readonly category: number;
  readonly code: number;
  readonly data?: readonly unknown[];
  readonly message?: string;
}

/** Errors shaka raises because we unloaded or destroyed it: consequences, not failures. */
const ABORTS = new Set<number>([CODE.LOAD_INTERRUPTED, CODE.OPERATION_ABORTED, CODE.OBJECT_DESTROYED]);
/** MediaError.code for "source not supported", as carried in VIDEO_ERROR's data[0]. */
const MEDIA_ERR_SRC_NOT_SUPPORTED = 4;

/**
 * Maps a `shaka.util.Error` (from the `error` event or a rejected `load()`) to a VodPlayerError.
 * `fatal` is shaka's severity CRITICAL, except for the aborts our own teardown causes.
 * Network errors are split by the request type shaka records in `data` (manifest vs segment).
 */
export function mapShakaError(error: ShakaErrorLike): VodPlayerError {
  const { code, url, httpStatus } = classify(error);
  const aborted = ABORTS.has(error.code);
  const fatal = !aborted && error.severity === SHAKA_SEVERITY.CRITICAL;
  const message = `shaka error ${error.code}${httpStatus ? ` (HTTP ${httpStatus})` : ''}${url ? ` for ${url}` : ''}`;
  return new VodPlayerError(code, message, {
    fatal,
    cause: error,
    detail: {
      engine: 'shaka',
      engineCode: error.code,
      ...(httpStatus ? { httpStatus } : {}),
      ...(url ? { url } : {}),
    },
  });
}

function classify(error: ShakaErrorLike): { code: VodErrorCode; url?: string; httpStatus?: number } {
  const data = error.data ?? [];
  switch (error.category) {
    case CATEGORY.NETWORK:
      return classifyNetwork(error.code, data);
    case CATEGORY.MEDIA:
      if (error.code === CODE.STREAMING_NOT_ALLOWED) return { code: 'ENGINE_ERROR' };
      if (error.code === CODE.VIDEO_ERROR && data[0] === MEDIA_ERR_SRC_NOT_SUPPORTED) return { code: 'CODEC_UNSUPPORTED' };
      return { code: 'MEDIA_DECODE_FAILED' };
    case CATEGORY.MANIFEST:
      if (error.code === CODE.CONTENT_UNSUPPORTED_BY_BROWSER) return { code: 'CODEC_UNSUPPORTED' };
      if (error.code === CODE.RESTRICTIONS_CANNOT_BE_MET) return { code: 'ENGINE_ERROR' };
      return { code: 'MANIFEST_PARSE_FAILED' };
    default:
      return { code: 'ENGINE_ERROR' };
  }
}

/**
 * Where shaka puts the URI, status and request type (lib/util/error.js):
 * BAD_HTTP_STATUS [uri, status, text, headers, requestType, finalUri]; HTTP_ERROR [uri, cause, requestType];
 * TIMEOUT [uri, requestType]; SEGMENT_MISSING [uri].
 */
function classifyNetwork(code: number, data: readonly unknown[]): { code: VodErrorCode; url?: string; httpStatus?: number } {
  const url = typeof data[0] === 'string' ? data[0] : undefined;
  let requestType: unknown;
  let httpStatus: number | undefined;
  if (code === CODE.BAD_HTTP_STATUS) {
    requestType = data[4];
    httpStatus = typeof data[1] === 'number' ? data[1] : undefined;
  } else if (code === CODE.HTTP_ERROR) {
    requestType = data[2];
  } else if (code === CODE.TIMEOUT) {
    requestType = data[1];
  } else if (code === CODE.SEGMENT_MISSING) {
    requestType = REQUEST.SEGMENT;
  }
  const vodCode: VodErrorCode =
    requestType === REQUEST.MANIFEST
      ? 'MANIFEST_LOAD_FAILED'
      : requestType === REQUEST.SEGMENT
        ? 'SEGMENT_LOAD_FAILED'
        : 'ENGINE_ERROR';
  return { code: vodCode, ...(url ? { url } : {}), ...(httpStatus ? { httpStatus } : {}) };
}
