/** The controls UI as the element uses it. */

export { renderControls } from './controls.js';
export type { ControlsActions, ControlsState, MenuName, QualityOption, TextTrackOption } from './types.js';
export { controlsStyles } from './controls.styles.js';
export { handleControlsKeydown } from './keyboard-handler.js';
export { keyToAction, type KeyAction, type KeyPress } from './keyboard.js';
export { applyKeyAction } from './apply-key-action.js';
export { formatTime } from './format-time.js';
export { toPercentSegments, type PercentSegment } from './buffered.js';
