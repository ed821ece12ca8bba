/**
 * Throttling of saves while playing, as a fold. PURE: time is an argument.
 */

export interface SaveThrottleState {
  /** When the last save was made (or the throttle was armed), ms; null before. */
  lastSaveMs: number | null;
}

export const INITIAL_SAVE_THROTTLE: SaveThrottleState = Object.freeze({ lastSaveMs: null });

/**
 * A playhead tick while playing: save when `intervalMs` has passed since the last save. The
 * first tick only starts the interval (nothing has been watched yet).
 */
export function tickSave(state: SaveThrottleState, nowMs: number, intervalMs: number): { state: SaveThrottleState; save: boolean } {
  if (state.lastSaveMs === null) return { state: { lastSaveMs: nowMs }, save: false };
  if (nowMs - state.lastSaveMs >= intervalMs) return { state: { lastSaveMs: nowMs }, save: true };
  return { state, save: false };
}

/** A save made for another reason (pause, seek, ended, hide) restarts the interval. */
export function noteSave(nowMs: number): SaveThrottleState {
  return { lastSaveMs: nowMs };
}
