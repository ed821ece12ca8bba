import { VodPlayerError } from '../errors.js';
import type { EngineName } from './types.js';

export type StreamProtocol = 'hls' | 'dash';

/** The `engine` attribute's values. */
export type EngineChoice = 'auto' | 'hls.js' | 'dash.js' | 'shaka';

/** What the browser offers, as `detectCapabilities()` reports it. */
export interface PlaybackCapabilities {
  /** MediaSource or ManagedMediaSource is available: hls.js, dash.js and shaka can run. */
  readonly mse: boolean;
  /** The video element plays HLS itself (Safari, iOS). */
  readonly nativeHls: boolean;
}

export interface EngineSelectionInput {
  readonly src: string;
  /** MIME type of the source (the element's `type` attribute). When it names HLS or DASH it wins over the URL. */
  readonly type?: string | undefined;
  readonly engine: EngineChoice;
  readonly capabilities: PlaybackCapabilities;
}

export interface EngineSelection {
  readonly engine: EngineName;
  readonly protocol: StreamProtocol;
}

const HLS_MIME_TYPES = new Set([
  'application/vnd.apple.mpegurl',
  'application/x-mpegurl',
  'audio/mpegurl',
  'audio/x-mpegurl',
]);
const DASH_MIME_TYPES = new Set(['application/dash+xml']);

/**
 * Picks the engine for a source. Pure: the capabilities are an argument.
 *
 * - Protocol: `type` (HLS or DASH MIME, parameters ignored) wins; else the URL path's extension
 *   (`.m3u8` / `.mpd`, case-insensitive, query and hash ignored). An explicit `hls.js` or `dash.js`
 *   engine implies its protocol when neither says. Otherwise: SOURCE_UNSUPPORTED.
 * - Engine: `auto` → hls.js for HLS, dash.js for DASH; `shaka` plays both; `hls.js` with DASH or
 *   `dash.js` with HLS is INVALID_ATTRIBUTE.
 * - Without MSE (old iOS Safari): HLS falls back to the element's native HLS whatever the choice, since
 *   no MSE engine can run there; DASH is SOURCE_UNSUPPORTED.
 *
 * Returns the error rather than throwing it; every error is fatal for this source.
 */
export function selectEngine(input: EngineSelectionInput): EngineSelection | VodPlayerError {
  const { src, type, engine, capabilities } = input;
  if (src.trim() === '') {
    return fail('INVALID_ATTRIBUTE', 'No source: src is empty.', 'src');
  }

  const protocol = protocolOf(src, type, engine);
  if (protocol === 'unknown-type') {
    return fail(
      'SOURCE_UNSUPPORTED',
      `type="${type}" is neither HLS (application/vnd.apple.mpegurl) nor DASH (application/dash+xml).`,
      'type',
    );
  }
  if (protocol === null) {
    return fail(
      'SOURCE_UNSUPPORTED',
      `Cannot tell whether "${src}" is HLS or DASH: its path ends neither in .m3u8 nor in .mpd. ` +
        'Set type="application/vnd.apple.mpegurl" or type="application/dash+xml".',
      'src',
    );
  }

  if (engine === 'hls.js' && protocol === 'dash') {
    return fail('INVALID_ATTRIBUTE', 'engine="hls.js" cannot play DASH; use engine="dash.js", "shaka" or "auto".', 'engine');
  }
  if (engine === 'dash.js' && protocol === 'hls') {
    return fail('INVALID_ATTRIBUTE', 'engine="dash.js" cannot play HLS; use engine="hls.js", "shaka" or "auto".', 'engine');
  }

  if (!capabilities.mse) {
    if (protocol === 'hls' && capabilities.nativeHls) return { engine: 'native', protocol };
    return fail(
      'SOURCE_UNSUPPORTED',
      protocol === 'dash'
        ? 'This browser has no MediaSource Extensions, so it cannot play DASH.'
        : 'This browser has neither MediaSource Extensions nor native HLS, so it cannot play HLS.',
      'src',
    );
  }

  if (engine === 'shaka') return { engine: 'shaka', protocol };
  return { engine: protocol === 'hls' ? 'hls.js' : 'dash.js', protocol };
}

/** The protocol `type` names, else the one the URL's extension names, else the one the engine implies. */
function protocolOf(src: string, type: string | undefined, engine: EngineChoice): StreamProtocol | 'unknown-type' | null {
  const mime = (type ?? '').split(';')[0]!.trim().toLowerCase();
  if (mime !== '') {
    if (HLS_MIME_TYPES.has(mime)) return 'hls';
    if (DASH_MIME_TYPES.has(mime)) return 'dash';
    return 'unknown-type';
  }
  const path = src.split('#')[0]!.split('?')[0]!.toLowerCase();
  if (path.endsWith('.m3u8')) return 'hls';
  if (path.endsWith('.mpd')) return 'dash';
  if (engine === 'hls.js') return 'hls';
  if (engine === 'dash.js') return 'dash';
  return null;
}

function fail(code: 'SOURCE_UNSUPPORTED' | 'INVALID_ATTRIBUTE', message: string, attribute: string): VodPlayerError {
  return new VodPlayerError(code, message, { fatal: true, detail: { attribute } });
}
