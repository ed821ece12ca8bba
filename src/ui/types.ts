/**
 * The contract between `<vod-player>` (which owns all state) and the controls UI (which only
 * renders it and reports what the viewer asked for). Attributes down, actions up.
 */

import type { TimeRange } from './buffered.js';

/** One rung of the ladder as the quality menu shows it. `Quality` from the engines fits. */
export interface QualityOption {
  /** Position in the element's `qualities`; passed back to `selectQuality`. */
  readonly index: number;
  readonly height: number;
  readonly width: number;
  /** Declared bandwidth, bits per second. */
  readonly bitrateBps: number;
  /** Short label, e.g. `720p`. Falls back to `${height}p` when empty. */
  readonly label: string;
}

/** One subtitle/caption track as the captions menu shows it. */
export interface TextTrackOption {
  /** Passed back to `selectTextTrack`. */
  readonly index: number;
  /** Falls back to the language, then to `Track n`, when empty. */
  readonly label: string;
  /** BCP 47 tag, e.g. `en`. */
  readonly language: string;
}

export type MenuName = 'quality' | 'captions';

/** Everything the controls show. Times are seconds and may be NaN/Infinity while unknown. */
export interface ControlsState {
  paused: boolean;
  ended: boolean;
  /** Playback is stalled waiting for data: shows the spinner. */
  waiting: boolean;
  currentTimeSec: number;
  durationSec: number;
  bufferedRanges: ReadonlyArray<TimeRange>;
  /** 0–1, as on `<video>`. */
  volume: number;
  muted: boolean;
  fullscreen: boolean;
  /** False hides the fullscreen button (e.g. `document.fullscreenEnabled` is false). */
  fullscreenAvailable: boolean;
  /** The ladder, in any order (the menu lists the highest first). Empty hides the quality button. */
  qualities: ReadonlyArray<QualityOption>;
  /** The rendition being played (confirmed by the engine), null before the first one. */
  quality: { index: number; label: string } | null;
  /** True while the ABR picks renditions; false when one is pinned. */
  autoQuality: boolean;
  /** Empty hides the captions button. */
  textTracks: ReadonlyArray<TextTrackOption>;
  /** Index of the showing track; null = captions off. */
  activeTextTrack: number | null;
  menuOpen: MenuName | null;
  /**
   * Optional: true when the viewer has not moved the pointer for a while (the element owns the
   * timer). While playing, idle controls fade out and the cursor hides. Without it the controls
   * fade out when the pointer leaves the player.
   */
  idle?: boolean;
}

/** What the viewer asked for. The element performs it and re-renders with the new state. */
export interface ControlsActions {
  togglePlay(): void;
  /** Seek to an absolute position, seconds (already clamped to `[0, durationSec]`). */
  seek(timeSec: number): void;
  /** 0–1. Does not change `muted`; the controls call `toggleMute` to unmute when needed. */
  setVolume(volume: number): void;
  toggleMute(): void;
  toggleFullscreen(): void;
  /** A rung's `index`, or `'auto'` to hand the choice back to the ABR. */
  selectQuality(index: number | 'auto'): void;
  /** A track's `index`, or null to turn captions off. */
  selectTextTrack(index: number | null): void;
  setMenu(menu: MenuName | null): void;
}
