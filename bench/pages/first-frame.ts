/** Records `window.firstFrameMs`: ms since navigation start when the first video frame was presented. */
export function markFirstFrame(video: HTMLVideoElement): void {
  video.requestVideoFrameCallback((nowMs) => Object.assign(window, { firstFrameMs: nowMs }));
}
