/**
 * Carries out a `KeyAction` through the element's `ControlsActions`.
 * No DOM: state and actions are arguments, so fake actions test it.
 */

import type { KeyAction } from './keyboard.js';
import type { ControlsActions, ControlsState } from './types.js';

/**
 * Applies `action` and returns true, or returns false when it does nothing in this state (no
 * menu to close, unknown duration, no fullscreen) so the caller leaves the key's default alone.
 */
export function applyKeyAction(
  action: KeyAction,
  state: Pick<ControlsState, 'currentTimeSec' | 'durationSec' | 'volume' | 'muted' | 'fullscreenAvailable' | 'menuOpen'>,
  actions: ControlsActions,
): boolean {
  switch (action.type) {
    case 'togglePlay':
      actions.togglePlay();
      return true;
    case 'seekBy': {
      const fromSec = Number.isFinite(state.currentTimeSec) ? state.currentTimeSec : 0;
      const hasDuration = Number.isFinite(state.durationSec) && state.durationSec > 0;
      if (!hasDuration) return false;
      actions.seek(clamp(fromSec + action.deltaSec, 0, state.durationSec));
      return true;
    }
    case 'seekToFraction': {
      if (!Number.isFinite(state.durationSec) || state.durationSec <= 0) return false;
      actions.seek(clamp(action.fraction, 0, 1) * state.durationSec);
      return true;
    }
    case 'toggleFullscreen':
      if (!state.fullscreenAvailable) return false;
      actions.toggleFullscreen();
      return true;
    case 'toggleMute':
      actions.toggleMute();
      return true;
    case 'volumeBy': {
      const volume = roundVolume(clamp(state.volume + action.delta, 0, 1));
      if (state.muted && action.delta > 0) actions.toggleMute();
      actions.setVolume(volume);
      return true;
    }
    case 'closeMenu':
      if (state.menuOpen === null) return false;
      actions.setMenu(null);
      return true;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Two decimals, so ten presses of +0.1 land on exactly 1. */
function roundVolume(volume: number): number {
  return Math.round(volume * 100) / 100;
}
