import { describe, expect, it } from 'vitest';
import { formatTime, seekValueText, UNKNOWN_TIME } from '../../../src/ui/format-time.js';

describe('formatTime', () => {
  it('shows seconds under a minute as m:ss', () => {
    expect(formatTime(0)).toBe('0:00');
    expect(formatTime(5)).toBe('0:05');
    expect(formatTime(59)).toBe('0:59');
  });

  it('drops fractions instead of rounding up', () => {
    expect(formatTime(59.9)).toBe('0:59');
    expect(formatTime(0.4)).toBe('0:00');
  });

  it('shows minutes without padding and seconds with', () => {
    expect(formatTime(62)).toBe('1:02');
    expect(formatTime(600)).toBe('10:00');
    expect(formatTime(3599)).toBe('59:59');
  });

  it('adds hours from one hour on, padding the minutes', () => {
    expect(formatTime(3600)).toBe('1:00:00');
    expect(formatTime(3723)).toBe('1:02:03');
    expect(formatTime(36_000 + 59)).toBe('10:00:59');
  });

  it('shows hours when the reference time has them, so current time and duration line up', () => {
    expect(formatTime(5, 3723)).toBe('0:00:05');
    expect(formatTime(65, 3600)).toBe('0:01:05');
    expect(formatTime(5, 3599)).toBe('0:05');
  });

  it('ignores an unknown reference time', () => {
    expect(formatTime(5, Number.NaN)).toBe('0:05');
    expect(formatTime(5, Number.POSITIVE_INFINITY)).toBe('0:05');
  });

  it('shows --:-- for NaN and infinite times', () => {
    expect(UNKNOWN_TIME).toBe('--:--');
    expect(formatTime(Number.NaN)).toBe('--:--');
    expect(formatTime(Number.POSITIVE_INFINITY)).toBe('--:--');
    expect(formatTime(Number.NEGATIVE_INFINITY)).toBe('--:--');
  });

  it('reads negative times as zero', () => {
    expect(formatTime(-3)).toBe('0:00');
  });
});

describe('seekValueText', () => {
  it('reads as "current of duration"', () => {
    expect(seekValueText(65, 120)).toBe('1:05 of 2:00');
  });

  it('pads the current time with hours when the duration has them', () => {
    expect(seekValueText(65, 3723)).toBe('0:01:05 of 1:02:03');
  });

  it('says the duration is unknown before metadata', () => {
    expect(seekValueText(0, Number.NaN)).toBe('0:00 of --:--');
  });
});
