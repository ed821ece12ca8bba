import { describe, expect, it } from 'vitest';
import { formatBitrate } from '../../../src/ui/format-bitrate.js';

describe('formatBitrate', () => {
  it('shows Mbps with one decimal from 1 Mbps on', () => {
    expect(formatBitrate(2_500_000)).toBe('2.5 Mbps');
    expect(formatBitrate(1_234_567)).toBe('1.2 Mbps');
  });

  it('drops a .0 decimal', () => {
    expect(formatBitrate(5_000_000)).toBe('5 Mbps');
    expect(formatBitrate(12_020_000)).toBe('12 Mbps');
  });

  it('shows whole kbps below 1 Mbps', () => {
    expect(formatBitrate(800_000)).toBe('800 kbps');
    expect(formatBitrate(96_400)).toBe('96 kbps');
    expect(formatBitrate(300)).toBe('1 kbps');
  });

  it('switches to Mbps where kbps would round to 1000', () => {
    expect(formatBitrate(999_700)).toBe('1 Mbps');
  });

  it('is empty for an unknown bitrate', () => {
    expect(formatBitrate(0)).toBe('');
    expect(formatBitrate(-1)).toBe('');
    expect(formatBitrate(Number.NaN)).toBe('');
    expect(formatBitrate(Number.POSITIVE_INFINITY)).toBe('');
  });
});
