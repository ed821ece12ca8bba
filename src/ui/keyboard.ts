/**
 * Keyboard shortcuts of the player, as a pure mapping from a key press to an action.
 * PURE: no DOM, no timers. The element applies the action (see `apply-key-action.ts`).
 *
 * | key                | action                          |
 * | ------------------ | ------------------------------- |
 * | Space, k           | toggle play                     |
 * | ← / →              | seek −5 s / +5 s                |
 * | j / l              | seek −10 s / +10 s              |
 * | Home / End, 0–9    | seek to start / end / 0–90 %    |
 * | ↑ / ↓              | volume +0.1 / −0.1              |
 * | m                  | toggle mute                     |
 * | f                  | toggle fullscreen               |
 * | Escape             | close the open menu             |
 *
 * Keys the focused control handles itself are left alone: arrows, Home/End and Page keys on a
 * slider; Space and Enter on a button; everything but Escape inside a menu; everything in a text
 * field. Presses with Ctrl, Meta or Alt are never taken (browser and OS shortcuts).
 */

export const SEEK_STEP_SEC = 5;
export const LONG_SEEK_STEP_SEC = 10;
export const VOLUME_STEP = 0.1;

export type KeyAction =
  | { type: 'togglePlay' }
  | { type: 'seekBy'; deltaSec: number }
  | { type: 'seekToFraction'; fraction: number }
  | { type: 'toggleFullscreen' }
  | { type: 'toggleMute' }
  | { type: 'volumeBy'; delta: number }
  | { type: 'closeMenu' };

export interface KeyPress {
  /** `KeyboardEvent.key`. */
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** `KeyboardEvent.repeat`: a held key. Toggles ignore it; seeking and volume repeat. */
  repeat?: boolean;
  /** ARIA role of the focused element (explicit or implicit), null for none. */
  targetRole?: string | null;
}

const TEXT_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton']);
const MENU_ROLES = new Set(['menu', 'menubar', 'menuitem', 'menuitemradio', 'menuitemcheckbox']);
const SLIDER_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']);
const ACTIVATING_ROLES = new Set(['button', 'link', 'checkbox', 'radio', 'switch', 'tab', 'option']);
const SPACE_KEYS = new Set([' ', 'Spacebar']);

export function keyToAction(event: KeyPress): KeyAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const role = event.targetRole ?? null;
  const { key } = event;
  const isEscape = key === 'Escape' || key === 'Esc';

  if (role !== null && TEXT_ROLES.has(role)) return null;
  if (role !== null && MENU_ROLES.has(role)) return isEscape ? { type: 'closeMenu' } : null;
  if (role === 'slider' && SLIDER_KEYS.has(key)) return null;
  if (role !== null && ACTIVATING_ROLES.has(role) && (SPACE_KEYS.has(key) || key === 'Enter')) return null;

  if (isEscape) return { type: 'closeMenu' };
  if (SPACE_KEYS.has(key)) return event.repeat ? null : { type: 'togglePlay' };

  switch (key) {
    case 'ArrowLeft':
      return { type: 'seekBy', deltaSec: -SEEK_STEP_SEC };
    case 'ArrowRight':
      return { type: 'seekBy', deltaSec: SEEK_STEP_SEC };
    case 'ArrowUp':
      return { type: 'volumeBy', delta: VOLUME_STEP };
    case 'ArrowDown':
      return { type: 'volumeBy', delta: -VOLUME_STEP };
    case 'Home':
      return { type: 'seekToFraction', fraction: 0 };
    case 'End':
      return { type: 'seekToFraction', fraction: 1 };
  }

  if (key.length === 1 && key >= '0' && key <= '9') return { type: 'seekToFraction', fraction: Number(key) / 10 };

  switch (key.toLowerCase()) {
    case 'k':
      return event.repeat ? null : { type: 'togglePlay' };
    case 'j':
      return { type: 'seekBy', deltaSec: -LONG_SEEK_STEP_SEC };
    case 'l':
      return { type: 'seekBy', deltaSec: LONG_SEEK_STEP_SEC };
    case 'm':
      return event.repeat ? null : { type: 'toggleMute' };
    case 'f':
      return event.repeat ? null : { type: 'toggleFullscreen' };
    default:
      return null;
  }
}
