import { describe, expect, it } from 'vitest';
import { nextMenuIndex } from '../../../src/ui/menu-navigation.js';

describe('nextMenuIndex', () => {
  it('moves down and up one item', () => {
    expect(nextMenuIndex('ArrowDown', 1, 4)).toBe(2);
    expect(nextMenuIndex('ArrowUp', 1, 4)).toBe(0);
  });

  it('wraps around at both ends', () => {
    expect(nextMenuIndex('ArrowDown', 3, 4)).toBe(0);
    expect(nextMenuIndex('ArrowUp', 0, 4)).toBe(3);
  });

  it('starts from the first or last item when none has focus', () => {
    expect(nextMenuIndex('ArrowDown', -1, 4)).toBe(0);
    expect(nextMenuIndex('ArrowUp', -1, 4)).toBe(3);
  });

  it('jumps to the first item on Home and PageUp, the last on End and PageDown', () => {
    expect(nextMenuIndex('Home', 2, 4)).toBe(0);
    expect(nextMenuIndex('PageUp', 2, 4)).toBe(0);
    expect(nextMenuIndex('End', 1, 4)).toBe(3);
    expect(nextMenuIndex('PageDown', 1, 4)).toBe(3);
  });

  it('ignores other keys and empty menus', () => {
    expect(nextMenuIndex('ArrowLeft', 1, 4)).toBeNull();
    expect(nextMenuIndex('Enter', 1, 4)).toBeNull();
    expect(nextMenuIndex('ArrowDown', -1, 0)).toBeNull();
  });
});
