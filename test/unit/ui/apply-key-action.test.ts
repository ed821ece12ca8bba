import { describe, expect, it } from 'vitest';
import { applyKeyAction } from '../../../src/ui/apply-key-action.js';
import type { ControlsActions, MenuName } from '../../../src/ui/types.js';

/** Records every call, in order, as `[name, ...args]`. */
class RecordingActions implements ControlsActions {
  readonly calls: Array<[string, ...unknown[]]> = [];
  togglePlay(): void {
    this.calls.push(['togglePlay']);
  }
  seek(timeSec: number): void {
    this.calls.push(['seek', timeSec]);
  }
  setVolume(volume: number): void {
    this.calls.push(['setVolume', volume]);
  }
  toggleMute(): void {
    this.calls.push(['toggleMute']);
  }
  toggleFullscreen(): void {
    this.calls.push(['toggleFullscreen']);
  }
  selectQuality(index: number | 'auto'): void {
    this.calls.push(['selectQuality', index]);
  }
  selectTextTrack(index: number | null): void {
    this.calls.push(['selectTextTrack', index]);
  }
  setMenu(menu: MenuName | null): void {
    this.calls.push(['setMenu', menu]);
  }
}

const baseState = {
  currentTimeSec: 30,
  durationSec: 120,
  volume: 0.5,
  muted: false,
  fullscreenAvailable: true,
  menuOpen: null,
} as const;

function run(action: Parameters<typeof applyKeyAction>[0], state: Partial<Parameters<typeof applyKeyAction>[1]> = {}) {
  const actions = new RecordingActions();
  const handled = applyKeyAction(action, { ...baseState, ...state }, actions);
  return { handled, calls: actions.calls };
}

describe('applyKeyAction', () => {
  it('toggles play', () => {
    expect(run({ type: 'togglePlay' })).toEqual({ handled: true, calls: [['togglePlay']] });
  });

  it('seeks relative to the current time', () => {
    expect(run({ type: 'seekBy', deltaSec: 5 }).calls).toEqual([['seek', 35]]);
    expect(run({ type: 'seekBy', deltaSec: -5 }).calls).toEqual([['seek', 25]]);
  });

  it('clamps seeking to the start and the end', () => {
    expect(run({ type: 'seekBy', deltaSec: -5 }, { currentTimeSec: 2 }).calls).toEqual([['seek', 0]]);
    expect(run({ type: 'seekBy', deltaSec: 5 }, { currentTimeSec: 118 }).calls).toEqual([['seek', 120]]);
  });

  it('does not seek while the duration is unknown', () => {
    expect(run({ type: 'seekBy', deltaSec: 5 }, { durationSec: Number.NaN })).toEqual({ handled: false, calls: [] });
    expect(run({ type: 'seekToFraction', fraction: 0.5 }, { durationSec: Number.POSITIVE_INFINITY })).toEqual({
      handled: false,
      calls: [],
    });
  });

  it('seeks from 0 when the current time is unknown', () => {
    expect(run({ type: 'seekBy', deltaSec: 5 }, { currentTimeSec: Number.NaN }).calls).toEqual([['seek', 5]]);
  });

  it('seeks to a fraction of the duration', () => {
    expect(run({ type: 'seekToFraction', fraction: 0.5 }).calls).toEqual([['seek', 60]]);
    expect(run({ type: 'seekToFraction', fraction: 1 }).calls).toEqual([['seek', 120]]);
  });

  it('toggles fullscreen only where it is available', () => {
    expect(run({ type: 'toggleFullscreen' })).toEqual({ handled: true, calls: [['toggleFullscreen']] });
    expect(run({ type: 'toggleFullscreen' }, { fullscreenAvailable: false })).toEqual({ handled: false, calls: [] });
  });

  it('toggles mute', () => {
    expect(run({ type: 'toggleMute' }).calls).toEqual([['toggleMute']]);
  });

  it('changes the volume in steps that land on round values', () => {
    expect(run({ type: 'volumeBy', delta: 0.1 }, { volume: 0.7 }).calls).toEqual([['setVolume', 0.8]]);
    expect(run({ type: 'volumeBy', delta: -0.1 }, { volume: 0.3 }).calls).toEqual([['setVolume', 0.2]]);
  });

  it('keeps the volume within 0–1', () => {
    expect(run({ type: 'volumeBy', delta: 0.1 }, { volume: 0.95 }).calls).toEqual([['setVolume', 1]]);
    expect(run({ type: 'volumeBy', delta: -0.1 }, { volume: 0.05 }).calls).toEqual([['setVolume', 0]]);
  });

  it('unmutes when the volume is raised while muted, but not when it is lowered', () => {
    expect(run({ type: 'volumeBy', delta: 0.1 }, { muted: true }).calls).toEqual([['toggleMute'], ['setVolume', 0.6]]);
    expect(run({ type: 'volumeBy', delta: -0.1 }, { muted: true }).calls).toEqual([['setVolume', 0.4]]);
  });

  it('closes an open menu', () => {
    expect(run({ type: 'closeMenu' }, { menuOpen: 'quality' })).toEqual({ handled: true, calls: [['setMenu', null]] });
  });

  it('leaves Escape alone when no menu is open', () => {
    expect(run({ type: 'closeMenu' })).toEqual({ handled: false, calls: [] });
  });
});
