/**
 * Leaves the element empty and reusable by the next adapter: no `src` attribute, no `srcObject`, network
 * state back to EMPTY (so the MediaSource blob URL an engine used is let go). Idempotent: on an element
 * that is already empty it does nothing, so it fires no second `emptied`.
 * (Chromium keeps the stale `currentSrc` after that; only `networkState` tells.)
 */
export function releaseVideo(video: HTMLMediaElement): void {
  const hadSource =
    video.hasAttribute('src') || video.srcObject !== null || video.networkState !== HTMLMediaElement.NETWORK_EMPTY;
  video.removeAttribute('src');
  if (video.srcObject !== null) video.srcObject = null;
  if (hadSource) video.load();
}
