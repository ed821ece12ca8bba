/**
 * The shaka-player 5.2.12 constants the error mapping needs, copied from `shaka-player/lib/util/error.js`
 * (`shaka.util.Error.Severity`, `.Category`, `.Code`) and `lib/net/networking_engine.js`
 * (`NetworkingEngine.RequestType`). Copied rather than imported because shaka's compiled build touches
 * `self`/`window` on import and the mapping must run in Node tests; `test/unit/engines/shaka` checks every
 * value against those files.
 */
export const SHAKA_SEVERITY = { RECOVERABLE: 1, CRITICAL: 2 } as const;

export const SHAKA_CATEGORY = {
  NETWORK: 1,
  TEXT: 2,
  MEDIA: 3,
  MANIFEST: 4,
  STREAMING: 5,
  DRM: 6,
  PLAYER: 7,
  CAST: 8,
  STORAGE: 9,
  ADS: 10,
} as const;

export const SHAKA_CODE = {
  UNSUPPORTED_SCHEME: 1000,
  BAD_HTTP_STATUS: 1001,
  HTTP_ERROR: 1002,
  TIMEOUT: 1003,
  SEGMENT_MISSING: 1011,
  MEDIA_SOURCE_OPERATION_FAILED: 3014,
  MEDIA_SOURCE_OPERATION_THREW: 3015,
  VIDEO_ERROR: 3016,
  QUOTA_EXCEEDED_ERROR: 3017,
  STREAMING_NOT_ALLOWED: 3024,
  UNABLE_TO_GUESS_MANIFEST_TYPE: 4000,
  DASH_INVALID_XML: 4001,
  RESTRICTIONS_CANNOT_BE_MET: 4012,
  HLS_PLAYLIST_HEADER_MISSING: 4015,
  CONTENT_UNSUPPORTED_BY_BROWSER: 4032,
  NO_VARIANTS: 4036,
  LOAD_INTERRUPTED: 7000,
  OPERATION_ABORTED: 7001,
  OBJECT_DESTROYED: 7003,
} as const;

export const SHAKA_REQUEST_TYPE = { MANIFEST: 0, SEGMENT: 1 } as const;
