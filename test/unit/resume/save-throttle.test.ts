import { describe, expect, it } from 'vitest';
import { INITIAL_SAVE_THROTTLE, noteSave, tickSave } from '../../../src/resume/save-throttle.js';

describe('tickSave', () => {
  it('starts the interval on the first tick without saving', () => {
    expect(tickSave(INITIAL_SAVE_THROTTLE, 1_000, 4_000)).toEqual({ state: { lastSaveMs: 1_000 }, save: false });
  });

  it('saves once the interval has passed, and not before', () => {
    const state = { lastSaveMs: 1_000 };
    expect(tickSave(state, 4_999, 4_000).save).toBe(false);
    expect(tickSave(state, 5_000, 4_000)).toEqual({ state: { lastSaveMs: 5_000 }, save: true });
  });

  it('restarts the interval after a save made for another reason', () => {
    expect(tickSave(noteSave(3_000), 6_000, 4_000).save).toBe(false);
  });
});
