/**
 * Arrow-key movement inside an open menu (WAI-ARIA menu pattern).
 * PURE: no DOM, no timers.
 */

/**
 * The index to focus after `key`, among `count` items, from `currentIndex` (-1 when no item has
 * focus). ↓/↑ move and wrap around; Home/End go to the first/last. Returns null for other keys.
 */
export function nextMenuIndex(key: string, currentIndex: number, count: number): number | null {
  if (count <= 0) return null;
  switch (key) {
    case 'ArrowDown':
      return currentIndex < 0 ? 0 : (currentIndex + 1) % count;
    case 'ArrowUp':
      return currentIndex < 0 ? count - 1 : (currentIndex - 1 + count) % count;
    case 'Home':
    case 'PageUp':
      return 0;
    case 'End':
    case 'PageDown':
      return count - 1;
    default:
      return null;
  }
}
