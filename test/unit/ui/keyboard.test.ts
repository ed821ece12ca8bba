import { describe, expect, it } from 'vitest';
import { keyToAction } from '../../../src/ui/keyboard.js';

describe('keyToAction', () => {
  it('toggles play on Space and k', () => {
    expect(keyToAction({ key: ' ' })).toEqual({ type: 'togglePlay' });
    expect(keyToAction({ key: 'k' })).toEqual({ type: 'togglePlay' });
    expect(keyToAction({ key: 'K' })).toEqual({ type: 'togglePlay' });
  });

  it('seeks 5 s back and forward on ← and →', () => {
    expect(keyToAction({ key: 'ArrowLeft' })).toEqual({ type: 'seekBy', deltaSec: -5 });
    expect(keyToAction({ key: 'ArrowRight' })).toEqual({ type: 'seekBy', deltaSec: 5 });
  });

  it('seeks 10 s back and forward on j and l', () => {
    expect(keyToAction({ key: 'j' })).toEqual({ type: 'seekBy', deltaSec: -10 });
    expect(keyToAction({ key: 'l' })).toEqual({ type: 'seekBy', deltaSec: 10 });
  });

  it('seeks to a tenth of the duration on the digits, to the start on Home and the end on End', () => {
    expect(keyToAction({ key: '0' })).toEqual({ type: 'seekToFraction', fraction: 0 });
    expect(keyToAction({ key: '7' })).toEqual({ type: 'seekToFraction', fraction: 0.7 });
    expect(keyToAction({ key: 'Home' })).toEqual({ type: 'seekToFraction', fraction: 0 });
    expect(keyToAction({ key: 'End' })).toEqual({ type: 'seekToFraction', fraction: 1 });
  });

  it('changes the volume by 0.1 on ↑ and ↓', () => {
    expect(keyToAction({ key: 'ArrowUp' })).toEqual({ type: 'volumeBy', delta: 0.1 });
    expect(keyToAction({ key: 'ArrowDown' })).toEqual({ type: 'volumeBy', delta: -0.1 });
  });

  it('toggles fullscreen on f and mute on m, in either case', () => {
    expect(keyToAction({ key: 'f' })).toEqual({ type: 'toggleFullscreen' });
    expect(keyToAction({ key: 'F' })).toEqual({ type: 'toggleFullscreen' });
    expect(keyToAction({ key: 'm' })).toEqual({ type: 'toggleMute' });
    expect(keyToAction({ key: 'M' })).toEqual({ type: 'toggleMute' });
  });

  it('closes the menu on Escape', () => {
    expect(keyToAction({ key: 'Escape' })).toEqual({ type: 'closeMenu' });
    expect(keyToAction({ key: 'Esc' })).toEqual({ type: 'closeMenu' });
  });

  it('ignores keys it has no shortcut for', () => {
    expect(keyToAction({ key: 'x' })).toBeNull();
    expect(keyToAction({ key: 'Enter' })).toBeNull();
    expect(keyToAction({ key: 'Tab' })).toBeNull();
    expect(keyToAction({ key: 'Shift' })).toBeNull();
    expect(keyToAction({ key: 'F5' })).toBeNull();
  });

  it('leaves presses with Ctrl, Meta or Alt to the browser', () => {
    expect(keyToAction({ key: 'f', ctrlKey: true })).toBeNull();
    expect(keyToAction({ key: 'ArrowLeft', metaKey: true })).toBeNull();
    expect(keyToAction({ key: 'm', altKey: true })).toBeNull();
  });

  it('does not repeat toggles while a key is held, but repeats seeking and volume', () => {
    expect(keyToAction({ key: ' ', repeat: true })).toBeNull();
    expect(keyToAction({ key: 'k', repeat: true })).toBeNull();
    expect(keyToAction({ key: 'f', repeat: true })).toBeNull();
    expect(keyToAction({ key: 'm', repeat: true })).toBeNull();
    expect(keyToAction({ key: 'ArrowRight', repeat: true })).toEqual({ type: 'seekBy', deltaSec: 5 });
    expect(keyToAction({ key: 'ArrowUp', repeat: true })).toEqual({ type: 'volumeBy', delta: 0.1 });
  });

  describe('with focus in a slider', () => {
    it('leaves arrows, Home, End and Page keys to the slider', () => {
      for (const key of ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']) {
        expect(keyToAction({ key, targetRole: 'slider' })).toBeNull();
      }
    });

    it('still takes the letter shortcuts, Space and Escape', () => {
      expect(keyToAction({ key: ' ', targetRole: 'slider' })).toEqual({ type: 'togglePlay' });
      expect(keyToAction({ key: 'm', targetRole: 'slider' })).toEqual({ type: 'toggleMute' });
      expect(keyToAction({ key: 'Escape', targetRole: 'slider' })).toEqual({ type: 'closeMenu' });
    });
  });

  describe('with focus on a button', () => {
    it('leaves Space and Enter to the button, so they press it instead of toggling play', () => {
      expect(keyToAction({ key: ' ', targetRole: 'button' })).toBeNull();
      expect(keyToAction({ key: 'Enter', targetRole: 'button' })).toBeNull();
    });

    it('still takes arrows and letters', () => {
      expect(keyToAction({ key: 'ArrowLeft', targetRole: 'button' })).toEqual({ type: 'seekBy', deltaSec: -5 });
      expect(keyToAction({ key: 'k', targetRole: 'button' })).toEqual({ type: 'togglePlay' });
    });
  });

  describe('with focus in a menu', () => {
    it('leaves arrows, Space, Enter and letters to the menu', () => {
      for (const targetRole of ['menu', 'menuitem', 'menuitemradio', 'menuitemcheckbox']) {
        for (const key of ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', ' ', 'Enter', 'k', 'f', 'Home']) {
          expect(keyToAction({ key, targetRole })).toBeNull();
        }
      }
    });

    it('closes the menu on Escape', () => {
      expect(keyToAction({ key: 'Escape', targetRole: 'menuitemradio' })).toEqual({ type: 'closeMenu' });
    });
  });

  it('leaves every key to a text field', () => {
    for (const targetRole of ['textbox', 'searchbox', 'combobox', 'spinbutton']) {
      expect(keyToAction({ key: 'k', targetRole })).toBeNull();
      expect(keyToAction({ key: ' ', targetRole })).toBeNull();
      expect(keyToAction({ key: 'ArrowLeft', targetRole })).toBeNull();
    }
  });

  it('treats a null or missing role as the player itself', () => {
    expect(keyToAction({ key: ' ', targetRole: null })).toEqual({ type: 'togglePlay' });
    expect(keyToAction({ key: 'ArrowUp', targetRole: undefined })).toEqual({ type: 'volumeBy', delta: 0.1 });
  });
});
