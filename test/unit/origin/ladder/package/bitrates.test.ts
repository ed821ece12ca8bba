import { describe, expect, it } from 'vitest';
import { trackBitrates } from '../../../../../origin/ladder/package/bitrates.js';

const seg = (bytes: number, durationTicks: number) => ({ number: 1, bytes, startTicks: 0, durationTicks });

describe('trackBitrates', () => {
  it('gives the highest segment bitrate as the peak and total bits over total time as the average', () => {
    const rates = trackBitrates([seg(500_000, 2000), seg(550_000, 2000), seg(450_000, 2000)], 1000, 2);
    expect(rates).toEqual({ peakBps: 2_200_000, averageBps: 2_000_000 });
  });

  it('leaves a short final tail out of the peak but not out of the average', () => {
    const rates = trackBitrates([seg(500_000, 2000), seg(100_000, 200)], 1000, 2);
    expect(rates.peakBps).toBe(2_000_000);
    expect(rates.averageBps).toBe(Math.round((600_000 * 8) / 2.2));
  });

  it('uses a lone short segment for the peak', () => {
    expect(trackBitrates([seg(1000, 500)], 1000, 2).peakBps).toBe(16_000);
  });
});
