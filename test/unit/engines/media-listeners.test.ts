import { describe, expect, it, vi } from 'vitest';
import { trackMediaListeners } from '../../../src/engines/media-listeners.js';

describe('trackMediaListeners', () => {
  it('removes, at release, every listener added while tracking, and only those', () => {
    const media = new EventTarget();
    const before = vi.fn();
    media.addEventListener('loadedmetadata', before);
    const release = trackMediaListeners(media);
    const forgotten = vi.fn();
    const captured = vi.fn();
    media.addEventListener('loadedmetadata', forgotten);
    media.addEventListener('timeupdate', captured, { capture: true });
    release();
    media.dispatchEvent(new Event('loadedmetadata'));
    media.dispatchEvent(new Event('timeupdate'));
    expect(before).toHaveBeenCalledTimes(1);
    expect(forgotten).not.toHaveBeenCalled();
    expect(captured).not.toHaveBeenCalled();
  });

  it('stops tracking after release: later listeners stay, and the element has its own addEventListener back', () => {
    const media = new EventTarget();
    const release = trackMediaListeners(media);
    expect(Object.prototype.hasOwnProperty.call(media, 'addEventListener')).toBe(true);
    release();
    release();
    expect(Object.prototype.hasOwnProperty.call(media, 'addEventListener')).toBe(false);
    const later = vi.fn();
    media.addEventListener('play', later);
    media.dispatchEvent(new Event('play'));
    expect(later).toHaveBeenCalledTimes(1);
  });
});
