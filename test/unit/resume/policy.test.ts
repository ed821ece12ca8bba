import { describe, expect, it } from 'vitest';
import { DEFAULT_RESUME_CONFIG, resolveResumeConfig } from '../../../src/resume/config.js';
import { decideStart, isCompleted, recordAt } from '../../../src/resume/policy.js';

const config = DEFAULT_RESUME_CONFIG;
const record = (positionSec: number, durationSec = 120, completed = false) => ({ positionSec, durationSec, completed, updatedAt: 1 });

describe('decideStart', () => {
  it('resumes at the saved position', () => {
    expect(decideStart(record(42.5), config)).toEqual({ action: 'resume', positionSec: 42.5 });
  });

  it('starts over when there is no saved position', () => {
    expect(decideStart(null, config)).toEqual({ action: 'start-over', reason: 'no-record' });
  });

  it('starts over under 10 s: the viewer barely started', () => {
    expect(decideStart(record(9.9), config)).toEqual({ action: 'start-over', reason: 'too-early' });
    expect(decideStart(record(10), config).action).toBe('resume');
  });

  it('starts over from 95% on: the video counts as watched', () => {
    expect(decideStart(record(114), config)).toEqual({ action: 'start-over', reason: 'completed' });
    expect(decideStart(record(113.9), config).action).toBe('resume');
  });

  it('starts over when the record is flagged completed, wherever it is', () => {
    expect(decideStart(record(30, 120, true), config)).toEqual({ action: 'start-over', reason: 'completed' });
  });

  it('follows a configured threshold and credits fraction', () => {
    const custom = resolveResumeConfig({ minPositionSec: 30, completedFraction: 0.8 });
    expect(decideStart(record(20), custom).action).toBe('start-over');
    expect(decideStart(record(97), custom)).toEqual({ action: 'start-over', reason: 'completed' });
  });
});

describe('recordAt', () => {
  it('marks a position at or past 95% completed', () => {
    expect(recordAt({ positionSec: 115, durationSec: 120, ended: false }, 5, config)).toEqual({
      positionSec: 115, durationSec: 120, completed: true, updatedAt: 5,
    });
    expect(recordAt({ positionSec: 60, durationSec: 120, ended: false }, 5, config)?.completed).toBe(false);
  });

  it('marks the end completed whatever the fraction', () => {
    expect(recordAt({ positionSec: 10, durationSec: 120, ended: true }, 5, config)?.completed).toBe(true);
  });

  it('saves nothing while the duration is unknown or infinite', () => {
    expect(recordAt({ positionSec: 10, durationSec: Number.NaN, ended: false }, 5, config)).toBeNull();
    expect(recordAt({ positionSec: 10, durationSec: Number.POSITIVE_INFINITY, ended: false }, 5, config)).toBeNull();
  });

  it('clamps the position into the duration', () => {
    expect(recordAt({ positionSec: 121, durationSec: 120, ended: false }, 5, config)?.positionSec).toBe(120);
  });
});

describe('isCompleted and resolveResumeConfig', () => {
  it('counts the last half second as the end, even for short videos', () => {
    expect(isCompleted(9.6, 10, resolveResumeConfig({ completedFraction: 1 }))).toBe(true);
  });

  it('ignores config values that are not finite numbers ≥ 0', () => {
    expect(resolveResumeConfig({ saveIntervalMs: -1, minPositionSec: Number.NaN })).toEqual(DEFAULT_RESUME_CONFIG);
  });
});
