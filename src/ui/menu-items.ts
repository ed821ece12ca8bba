/**
 * What the quality and captions menus list, as plain data.
 * PURE: no DOM, no timers.
 */

import { formatBitrate } from './format-bitrate.js';
import type { ControlsState, QualityOption, TextTrackOption } from './types.js';

export interface MenuItem<V> {
  /** Passed to the action when the item is chosen. */
  value: V;
  /** Main text, e.g. `720p`, `Auto (480p)`, `English`. */
  label: string;
  /** Secondary text on the right, e.g. `2.5 Mbps`; empty for none. */
  detail: string;
  /** Rendered as `aria-checked`. Exactly one item of a menu is checked. */
  checked: boolean;
}

/** A rung's menu label: its own label, else `${height}p`, else its bitrate. */
export function qualityLabel(quality: Pick<QualityOption, 'label' | 'height' | 'bitrateBps'>): string {
  if (quality.label.trim() !== '') return quality.label;
  if (quality.height > 0) return `${quality.height}p`;
  return formatBitrate(quality.bitrateBps) || 'Unknown';
}

/** `Auto (480p)` while the ABR has a rendition playing, plain `Auto` otherwise. */
export function autoQualityLabel(state: Pick<ControlsState, 'autoQuality' | 'quality'>): string {
  return state.autoQuality && state.quality ? `Auto (${state.quality.label})` : 'Auto';
}

/** Highest first (by height, then bitrate), like most players' menus. */
export function sortQualitiesForMenu<Q extends QualityOption>(qualities: ReadonlyArray<Q>): Q[] {
  return [...qualities].sort((a, b) => b.height - a.height || b.bitrateBps - a.bitrateBps);
}

/** `Auto` first, then one item per rung, highest first. */
export function qualityMenuItems(
  state: Pick<ControlsState, 'qualities' | 'quality' | 'autoQuality'>,
): Array<MenuItem<number | 'auto'>> {
  const rungs = sortQualitiesForMenu(state.qualities).map((quality) => ({
    value: quality.index,
    label: qualityLabel(quality),
    detail: formatBitrate(quality.bitrateBps),
    checked: !state.autoQuality && state.quality?.index === quality.index,
  }));
  const auto: MenuItem<'auto'> = {
    value: 'auto',
    label: autoQualityLabel(state),
    detail: '',
    // A pinned rendition the engine has not confirmed yet still unchecks Auto.
    checked: state.autoQuality || !rungs.some((item) => item.checked),
  };
  return [auto, ...rungs];
}

/** A track's menu label: its own label, else its language, else `Track n`. */
export function textTrackLabel(track: TextTrackOption, position: number): string {
  if (track.label.trim() !== '') return track.label;
  if (track.language.trim() !== '') return track.language;
  return `Track ${position + 1}`;
}

/** `Off` first, then one item per track, in the order given. */
export function captionsMenuItems(
  state: Pick<ControlsState, 'textTracks' | 'activeTextTrack'>,
): Array<MenuItem<number | null>> {
  const tracks = state.textTracks.map((track, position) => ({
    value: track.index,
    label: textTrackLabel(track, position),
    detail: track.label.trim() !== '' && track.language.trim() !== '' ? track.language : '',
    checked: state.activeTextTrack === track.index,
  }));
  const off: MenuItem<null> = { value: null, label: 'Off', detail: '', checked: !tracks.some((item) => item.checked) };
  return [off, ...tracks];
}

/** Short badge on the quality button for the rendition playing: `4K`, `HD`, or none. */
export function qualityBadge(
  quality: { index: number; label: string } | null,
  qualities: ReadonlyArray<QualityOption>,
): string {
  if (!quality) return '';
  const playing = qualities.find((option) => option.index === quality.index);
  const height = playing?.height ?? Number.parseInt(quality.label, 10);
  if (!Number.isFinite(height)) return '';
  if (height >= 2160) return '4K';
  if (height >= 720) return 'HD';
  return '';
}
