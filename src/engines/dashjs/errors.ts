import { VodPlayerError, type VodErrorCode } from '../../errors.js';
import { DASHJS_ERRORS as E } from './codes.js';

/**
 * dash.js `MediaPlayer.events.ERROR` payload. dash.js 5 sends `{ error: DashJSError }` with a numeric
 * `code`, a `message` and `data` (for download errors `{ request, response }`); the typings still list
 * the dash.js 3 shapes (`error: 'download' | 'manifestError' | ...` with an `event`), handled as well.
 */
export interface DashErrorEventLike {
  readonly error:
    | { readonly code: number | null; readonly message?: string | null; readonly data?: unknown }
    | string;
  readonly event?: unknown;
}

export interface DashErrorContext {
  /**
   * dash.js fired ADAPTATION_SET_REMOVED_NO_CAPABILITIES during this load: some adaptation set was
   * dropped because the browser cannot decode it. Turns "no streams" into CODEC_UNSUPPORTED.
   */
  readonly adaptationSetsRemovedForCapabilities?: boolean;
}

interface CodeRule {
  readonly code: VodErrorCode;
  readonly fatal: boolean;
}

/**
 * dash.js has no fatal flag: it raises ERROR once its retries are spent (3 per request type by
 * default) and mostly stops. So errors are fatal except the ones that leave playback going
 * (time sync, subtitles, a failed SourceBuffer remove, a null request).
 */
const RULES: ReadonlyMap<number, CodeRule> = new Map<number, CodeRule>([
  [E.MANIFEST_LOADER_PARSING_FAILURE_ERROR_CODE, { code: 'MANIFEST_PARSE_FAILED', fatal: true }],
  [E.MANIFEST_LOADER_LOADING_FAILURE_ERROR_CODE, { code: 'MANIFEST_LOAD_FAILED', fatal: true }],
  [E.XLINK_LOADER_LOADING_FAILURE_ERROR_CODE, { code: 'MANIFEST_LOAD_FAILED', fatal: true }],
  [E.DOWNLOAD_ERROR_ID_MANIFEST_CODE, { code: 'MANIFEST_LOAD_FAILED', fatal: true }],
  [E.DOWNLOAD_ERROR_ID_XLINK_CODE, { code: 'MANIFEST_LOAD_FAILED', fatal: true }],
  [E.MANIFEST_ERROR_ID_PARSE_CODE, { code: 'MANIFEST_PARSE_FAILED', fatal: true }],
  [E.DATA_UPDATE_FAILED_ERROR_CODE, { code: 'MANIFEST_PARSE_FAILED', fatal: true }],
  [E.SEGMENT_BASE_LOADER_ERROR_CODE, { code: 'SEGMENT_LOAD_FAILED', fatal: true }],
  [E.FRAGMENT_LOADER_LOADING_FAILURE_ERROR_CODE, { code: 'SEGMENT_LOAD_FAILED', fatal: true }],
  [E.DOWNLOAD_ERROR_ID_SIDX_CODE, { code: 'SEGMENT_LOAD_FAILED', fatal: true }],
  [E.DOWNLOAD_ERROR_ID_CONTENT_CODE, { code: 'SEGMENT_LOAD_FAILED', fatal: true }],
  [E.DOWNLOAD_ERROR_ID_INITIALIZATION_CODE, { code: 'SEGMENT_LOAD_FAILED', fatal: true }],
  [E.APPEND_ERROR_CODE, { code: 'MEDIA_DECODE_FAILED', fatal: true }],
  [E.REMOVE_ERROR_CODE, { code: 'MEDIA_DECODE_FAILED', fatal: false }],
  [E.MEDIASOURCE_TYPE_UNSUPPORTED_CODE, { code: 'CODEC_UNSUPPORTED', fatal: true }],
  [E.CAPABILITY_MEDIASOURCE_ERROR_CODE, { code: 'SOURCE_UNSUPPORTED', fatal: true }],
  [E.MANIFEST_ERROR_ID_MULTIPLEXED_CODE, { code: 'SOURCE_UNSUPPORTED', fatal: true }],
  [E.TIME_SYNC_FAILED_ERROR_CODE, { code: 'ENGINE_ERROR', fatal: false }],
  [E.TIMED_TEXT_ERROR_ID_PARSE_CODE, { code: 'ENGINE_ERROR', fatal: false }],
  [E.FRAGMENT_LOADER_NULL_REQUEST_ERROR_CODE, { code: 'ENGINE_ERROR', fatal: false }],
]);

/** Maps a dash.js ERROR event to a VodPlayerError. */
export function mapDashJsError(event: DashErrorEventLike, context: DashErrorContext = {}): VodPlayerError {
  if (typeof event.error === 'string') return mapLegacy(event.error, event.event);

  const { code: engineCode, message, data } = event.error;
  const rule = ruleFor(engineCode, context);
  const { httpStatus, url } = requestInfo(data);
  const text = `dash.js error ${engineCode ?? '?'}${httpStatus ? ` (HTTP ${httpStatus})` : ''}${message ? `: ${message}` : ''}`;
  return new VodPlayerError(rule.code, text, {
    fatal: rule.fatal,
    cause: event.error,
    detail: {
      engine: 'dash.js',
      ...(engineCode !== null ? { engineCode } : {}),
      ...(httpStatus ? { httpStatus } : {}),
      ...(url ? { url } : {}),
    },
  });
}

function ruleFor(engineCode: number | null, context: DashErrorContext): CodeRule {
  if (engineCode === E.MANIFEST_ERROR_ID_NOSTREAMS_CODE) {
    // "No streams to play": every adaptation set was filtered out, usually for codecs the browser lacks.
    return context.adaptationSetsRemovedForCapabilities
      ? { code: 'CODEC_UNSUPPORTED', fatal: true }
      : { code: 'MANIFEST_PARSE_FAILED', fatal: true };
  }
  return (engineCode !== null ? RULES.get(engineCode) : undefined) ?? { code: 'ENGINE_ERROR', fatal: true };
}

/** `data.request.url` / `data.response.status` of dash.js download errors (HTTPLoader). */
function requestInfo(data: unknown): { httpStatus?: number; url?: string } {
  if (typeof data !== 'object' || data === null) return {};
  const { request, response } = data as { request?: { url?: unknown }; response?: { status?: unknown; url?: unknown } };
  const status = response?.status;
  const url = request?.url ?? response?.url;
  return {
    ...(typeof status === 'number' && status > 0 ? { httpStatus: status } : {}),
    ...(typeof url === 'string' && url !== '' ? { url } : {}),
  };
}

/** dash.js ≤ 3 error events: `error` is a category string, `event` the detail. */
function mapLegacy(category: string, event: unknown): VodPlayerError {
  const id = typeof event === 'object' && event !== null ? (event as { id?: unknown }).id : event;
  const url = typeof event === 'object' && event !== null ? (event as { url?: unknown }).url : undefined;
  let code: VodErrorCode = 'ENGINE_ERROR';
  if (category === 'download') code = id === 'manifest' ? 'MANIFEST_LOAD_FAILED' : 'SEGMENT_LOAD_FAILED';
  else if (category === 'manifestError') code = 'MANIFEST_PARSE_FAILED';
  else if (category === 'mediasource') code = 'MEDIA_DECODE_FAILED';
  else if (category === 'capability') code = id === 'mediasource' ? 'SOURCE_UNSUPPORTED' : 'CODEC_UNSUPPORTED';
  const fatal = category !== 'cc';
  return new VodPlayerError(code, `dash.js ${category} error${typeof id === 'string' ? `: ${id}` : ''}`, {
    fatal,
    cause: event,
    detail: { engine: 'dash.js', engineCode: category, ...(typeof url === 'string' ? { url } : {}) },
  });
}

/**
 * Whether a raw MPD AdaptationSet (as in dash.js's ADAPTATION_SET_REMOVED_NO_CAPABILITIES payload) holds
 * video: `@contentType`, `@mimeType`, or its Representations' `@mimeType`. (dash.js has already emptied
 * `Representation` of the undecodable ones by then, so the set's own attributes are what is left.)
 */
export function isVideoAdaptationSet(adaptationSet: unknown): boolean {
  if (typeof adaptationSet !== 'object' || adaptationSet === null) return false;
  const as = adaptationSet as { contentType?: unknown; mimeType?: unknown; Representation?: unknown };
  if (as.contentType === 'video') return true;
  if (typeof as.mimeType === 'string' && as.mimeType.startsWith('video/')) return true;
  const representations = Array.isArray(as.Representation) ? as.Representation : [];
  return representations.some(
    (r: unknown) => typeof r === 'object' && r !== null && String((r as { mimeType?: unknown }).mimeType).startsWith('video/'),
  );
}

/**
 * dash.js drops adaptation sets the browser cannot decode and carries on with what is left: with every
 * video set gone it would play the audio alone, without an error. For a video player that is
 * CODEC_UNSUPPORTED.
 */
export function noPlayableVideoError(): VodPlayerError {
  return new VodPlayerError('CODEC_UNSUPPORTED', 'dash.js: this browser cannot decode any video representation.', {
    fatal: true,
    detail: { engine: 'dash.js', engineCode: 'adaptationSetRemovedNoCapabilities' },
  });
}
