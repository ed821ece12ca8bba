import { ErrorDetails, ErrorTypes, type ErrorData } from 'hls.js';
import { VodPlayerError, type VodErrorCode } from '../../errors.js';

/** The fields of hls.js `ErrorData` the mapping reads (so tests can build plain objects). */
export type HlsErrorLike = Pick<ErrorData, 'type' | 'details' | 'fatal'> &
  Partial<Pick<ErrorData, 'error' | 'url' | 'reason'>> & {
    readonly response?: { readonly code?: number; readonly url?: string } | undefined;
    readonly context?: { readonly url?: string } | undefined;
    readonly frag?: { readonly url?: string } | undefined;
  };

const PLAYLIST_LOAD = new Set<string>([
  ErrorDetails.MANIFEST_LOAD_ERROR,
  ErrorDetails.MANIFEST_LOAD_TIMEOUT,
  ErrorDetails.LEVEL_LOAD_ERROR,
  ErrorDetails.LEVEL_LOAD_TIMEOUT,
  ErrorDetails.AUDIO_TRACK_LOAD_ERROR,
  ErrorDetails.AUDIO_TRACK_LOAD_TIMEOUT,
  ErrorDetails.SUBTITLE_LOAD_ERROR,
  ErrorDetails.SUBTITLE_TRACK_LOAD_TIMEOUT,
]);
const PLAYLIST_PARSE = new Set<string>([
  ErrorDetails.MANIFEST_PARSING_ERROR,
  ErrorDetails.LEVEL_PARSING_ERROR,
  ErrorDetails.LEVEL_EMPTY_ERROR,
]);
const SEGMENT_LOAD = new Set<string>([ErrorDetails.FRAG_LOAD_ERROR, ErrorDetails.FRAG_LOAD_TIMEOUT, ErrorDetails.FRAG_GAP]);
const CODEC = new Set<string>([
  ErrorDetails.MANIFEST_INCOMPATIBLE_CODECS_ERROR,
  ErrorDetails.BUFFER_INCOMPATIBLE_CODECS_ERROR,
  ErrorDetails.BUFFER_ADD_CODEC_ERROR,
]);
/** Media errors that say playback is stuck or was nudged, not that data failed to decode. */
const PLAYBACK_HICCUP = new Set<string>([
  ErrorDetails.BUFFER_STALLED_ERROR,
  ErrorDetails.BUFFER_NUDGE_ON_STALL,
  ErrorDetails.BUFFER_SEEK_OVER_HOLE,
]);

/**
 * Maps an hls.js `Hls.Events.ERROR` payload to a VodPlayerError; `fatal` is hls.js's own flag (hls.js
 * raises fatal only after its retries). Playlists are part of the HLS manifest, so a failing media
 * playlist is MANIFEST_LOAD_FAILED too.
 */
export function mapHlsJsError(data: HlsErrorLike): VodPlayerError {
  const code = codeFor(data);
  const httpStatus = data.response?.code;
  const url = data.url ?? data.context?.url ?? data.frag?.url ?? data.response?.url;
  const cause = data.error ?? data;
  const reason = data.reason ?? data.error?.message;
  const status = httpStatus !== undefined && httpStatus >= 400 ? ` (HTTP ${httpStatus})` : '';
  const message = `hls.js ${data.details}${status}${reason ? `: ${reason}` : ''}`;
  return new VodPlayerError(code, message, {
    fatal: data.fatal,
    cause,
    detail: {
      engine: 'hls.js',
      engineCode: data.details,
      ...(httpStatus !== undefined && httpStatus >= 400 ? { httpStatus } : {}),
      ...(url ? { url } : {}),
    },
  });
}

function codeFor(data: HlsErrorLike): VodErrorCode {
  const details: string = data.details;
  if (PLAYLIST_LOAD.has(details)) return 'MANIFEST_LOAD_FAILED';
  if (PLAYLIST_PARSE.has(details)) return 'MANIFEST_PARSE_FAILED';
  if (SEGMENT_LOAD.has(details)) return 'SEGMENT_LOAD_FAILED';
  if (CODEC.has(details)) return 'CODEC_UNSUPPORTED';
  // QuotaExceededError on append: hls.js flushes its back buffer, lowers its buffer goal and appends again.
  if (details === ErrorDetails.BUFFER_FULL_ERROR) return 'BUFFER_FULL';
  if (data.type === ErrorTypes.MEDIA_ERROR || data.type === ErrorTypes.MUX_ERROR) {
    return PLAYBACK_HICCUP.has(details) ? 'ENGINE_ERROR' : 'MEDIA_DECODE_FAILED';
  }
  return 'ENGINE_ERROR';
}

/**
 * Whether `hls.recoverMediaError()` is worth a try: a fatal media error that is not about codecs the
 * browser lacks (recovering would only fail again).
 */
export function isRecoverableMediaError(data: HlsErrorLike): boolean {
  return data.fatal && data.type === ErrorTypes.MEDIA_ERROR && !CODEC.has(data.details);
}

/**
 * A non-fatal stall notice (BUFFER_STALLED_ERROR, BUFFER_NUDGE_ON_STALL, BUFFER_SEEK_OVER_HOLE): hls.js
 * reports it and handles it itself. It is not an error for the element, which measures stalls on its
 * own, so the adapter drops it.
 */
export function isPlaybackHiccup(data: HlsErrorLike): boolean {
  return !data.fatal && PLAYBACK_HICCUP.has(data.details);
}
