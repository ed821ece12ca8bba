/** A media element as the ABR plug-ins read it: one buffered range from 0, and `seeking` events. */
export class FakeMedia extends EventTarget {
  currentTime = 0;
  duration = 120;
  playbackRate = 1;
  seeking = false;
  bufferedEndSec = 0;
  get buffered() {
    const end = this.bufferedEndSec;
    return { length: end > 0 ? 1 : 0, start: () => 0, end: () => end };
  }
}
