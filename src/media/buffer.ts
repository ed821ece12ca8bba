/** Minimal view of `TimeRanges`, so the helpers run in Node tests too. */
export interface RangesLike {
  readonly length: number;
  start(index: number): number;
  end(index: number): number;
}

/** Tolerance for a playhead sitting in a tiny gap just before a range, seconds. */
const GAP_TOLERANCE_SEC = 0.1;

/** Seconds buffered ahead of `positionSec` in the range that contains it (0 if none). */
export function bufferAheadSec(ranges: RangesLike, positionSec: number): number {
  for (let i = 0; i < ranges.length; i++) {
    const startSec = ranges.start(i);
    const endSec = ranges.end(i);
    if (startSec <= positionSec + GAP_TOLERANCE_SEC && endSec > positionSec) {
      return endSec - Math.max(startSec, positionSec);
    }
  }
  return 0;
}

/** `TimeRanges` as plain `[startSec, endSec]` pairs. */
export function rangesToArray(ranges: RangesLike): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  for (let i = 0; i < ranges.length; i++) out.push([ranges.start(i), ranges.end(i)]);
  return out;
}
