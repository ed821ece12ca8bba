import { CodedError } from '../contracts/coded-error.js';
import type { EngineName } from './engines/types.js';

/**
 * Every error `<vod-player>` reports has one of these string codes.
 * Compare hls.js `ErrorDetails`, but as a closed, documented union.
 */
export type VodErrorCode =
  /** The manifest could not be fetched (404, 5xx, network or CORS failure). */
  | 'MANIFEST_LOAD_FAILED'
  /** The manifest was fetched but is not a valid HLS playlist or DASH MPD. */
  | 'MANIFEST_PARSE_FAILED'
  /** A media or init segment could not be fetched after the engine's retries. */
  | 'SEGMENT_LOAD_FAILED'
  /** The browser cannot decode any rendition's codecs. */
  | 'CODEC_UNSUPPORTED'
  /** The media pipeline failed while decoding or appending data. */
  | 'MEDIA_DECODE_FAILED'
  /** No engine can play this source in this browser. */
  | 'SOURCE_UNSUPPORTED'
  /** The engine's lazily imported chunk failed to load. */
  | 'ENGINE_LOAD_FAILED'
  /** An attribute or property was given a value it does not accept. */
  | 'INVALID_ATTRIBUTE'
  /** `play()` was rejected by the browser (autoplay policy, no source). */
  | 'PLAY_REJECTED'
  /** Anything the engine reported that fits none of the codes above. */
  | 'ENGINE_ERROR'
  /** The resume store failed to read or save a position (always non-fatal; `cause` is a ResumeStoreError). */
  | 'RESUME_STORE_FAILED'
  /** The browser refused to enter or leave fullscreen (always non-fatal). */
  | 'FULLSCREEN_REJECTED'
  /** The media buffer is full (QuotaExceededError on append): the engine shrinks its buffer and retries (never fatal). */
  | 'BUFFER_FULL';

/**
 * Why a fatal error is fatal: the recovery policy (`src/recovery/policy.ts`) recovers from everything
 * else, so every fatal `vod-error` names one of these in `detail.fatalReason`.
 */
export type FatalReason =
  /** The manifest answered 4xx (404, 410, 403, …), or failed at the very first load while online. */
  | 'manifest-unavailable'
  /** The manifest is not a valid HLS playlist or DASH MPD. */
  | 'manifest-invalid'
  /** The browser cannot decode the source's codecs, or no engine can play it. */
  | 'unsupported'
  /** The engine's code chunk could not be loaded. */
  | 'engine-load-failed'
  /** The network stayed down (or the origin kept failing) for longer than the recovery window. */
  | 'network-lost'
  /** A segment is missing (4xx) in every rendition that could replace it. */
  | 'segment-unavailable'
  /** Decoding kept failing after the allowed reloads (corrupt media), or failed before anything played. */
  | 'decode-failed'
  /** The engine failed before the source ever played (a throwing `engineSetup`, an engine bug), or kept failing after the allowed reloads. */
  | 'engine-failed'
  /** Playback stayed stuck (no media arriving while the viewer waits) after the allowed reloads. */
  | 'stalled'
  /** Recovery is off (`recovery-window="0"`), so the engine's fatal error stands. */
  | 'recovery-off';

export interface VodErrorDetail {
  /** Engine that raised it, when one did. */
  engine?: EngineName;
  /** The engine's own code or name for the error (hls.js details, dash.js code, shaka code). */
  engineCode?: string | number;
  /** HTTP status of the failed request, when there was one. */
  httpStatus?: number;
  /** URL of the failed request, when there was one. */
  url?: string;
  /** Name of the attribute that was rejected (INVALID_ATTRIBUTE). */
  attribute?: string;
  /** RESUME_STORE_FAILED: the video's media id, the store that failed and what it was doing. */
  mediaId?: string;
  store?: 'local' | 'remote';
  operation?: 'read' | 'write';
  /** The rendition (index into `qualities`) the failed request or decode belonged to, when the engine says. */
  qualityIndex?: number;
  /** Fatal errors: why recovery did not apply (see FatalReason). */
  fatalReason?: FatalReason;
  /** Non-fatal errors the recovery policy took over: what it does about it. */
  recovery?: 'reload' | 'wait-network' | 'exclude-rendition';
}

/** The one error `<vod-player>` reports (`vod-error`): a CodedError with `fatal` and typed `detail`. */
export class VodPlayerError extends CodedError<VodErrorCode> {
  override readonly name = 'VodPlayerError';
  /** A fatal error stops playback; the engine is torn down. */
  readonly fatal: boolean;
  readonly detail: VodErrorDetail;

  constructor(
    code: VodErrorCode,
    message: string,
    options: { fatal: boolean; cause?: unknown; detail?: VodErrorDetail },
  ) {
    super(code, message, { cause: options.cause });
    this.fatal = options.fatal;
    this.detail = options.detail ?? {};
  }

  /** The same error with `detail` extended and, when given, another `fatal` flag. */
  with(detail: VodErrorDetail, fatal: boolean = this.fatal): VodPlayerError {
    return new VodPlayerError(this.code, this.message, { fatal, cause: this.cause, detail: { ...this.detail, ...detail } });
  }
}
