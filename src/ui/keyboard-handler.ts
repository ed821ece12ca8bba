/**
 * The one keydown listener the element attaches (to its host or a wrapper in its shadow root):
 * reads the event, maps it with `keyToAction`, applies it, and prevents the browser's default
 * only when something happened.
 */

import { applyKeyAction } from './apply-key-action.js';
import { keyEventTarget, roleOf } from './key-target.js';
import { keyToAction } from './keyboard.js';
import type { ControlsActions, ControlsState } from './types.js';

/** Returns true when the key was handled (and its default prevented). */
export function handleControlsKeydown(event: KeyboardEvent, state: ControlsState, actions: ControlsActions): boolean {
  if (event.defaultPrevented || event.isComposing) return false;
  const action = keyToAction({
    key: event.key,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    altKey: event.altKey,
    repeat: event.repeat,
    targetRole: roleOf(keyEventTarget(event)),
  });
  if (!action || !applyKeyAction(action, state, actions)) return false;
  event.preventDefault();
  return true;
}
