import type { PlaybackCapabilities } from './select.js';

const HLS_MIME = 'application/vnd.apple.mpegurl';

/**
 * What this browser can play, for `selectEngine`:
 * - `mse`: `MediaSource` (desktop, Android, iPadOS) or `ManagedMediaSource` (iOS 17.1+ Safari), which
 *   hls.js, dash.js and shaka all use when plain MediaSource is missing;
 * - `nativeHls`: `<video>.canPlayType('application/vnd.apple.mpegurl')` is "maybe" or "probably".
 *
 * Safe to call where there is no DOM (returns both false).
 */
export function detectCapabilities(): PlaybackCapabilities {
  const scope = globalThis as { MediaSource?: unknown; ManagedMediaSource?: unknown; document?: Document };
  const mse = typeof scope.MediaSource === 'function' || typeof scope.ManagedMediaSource === 'function';
  let nativeHls = false;
  if (scope.document !== undefined) {
    const probe = scope.document.createElement('video');
    nativeHls = probe.canPlayType(HLS_MIME) !== '';
  }
  return { mse, nativeHls };
}
