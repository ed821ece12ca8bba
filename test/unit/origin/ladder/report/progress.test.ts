import { describe, expect, it } from 'vitest';
import { progressStep, renderProgressLine } from '../../../../../origin/ladder/report/progress.js';
import { createTerminalProgress } from '../../../../../origin/ladder/report/terminal-progress.js';

describe('renderProgressLine', () => {
  it('shows bar, percent, media seconds, speed and eta', () => {
    const line = renderProgressLine({ ratio: 0.5, doneSec: 60, totalSec: 120, elapsedMs: 50_000, detail: 'all outputs' }, 100);
    expect(line).toBe('encoding [####################....................]  50%  60.0/120.0 s  1.2x  eta 0:50  all outputs');
  });

  it('fits a narrow terminal', () => {
    const line = renderProgressLine({ ratio: 0.1, doneSec: 12, totalSec: 120, elapsedMs: 1000, detail: 'x' }, 40);
    expect(line.length).toBeLessThan(40);
  });
});

describe('progressStep', () => {
  it('counts whole tenths', () => {
    expect([0, 0.05, 0.1, 0.55, 1].map((ratio) => progressStep(ratio))).toEqual([0, 0, 1, 5, 10]);
  });
});

describe('createTerminalProgress', () => {
  it('writes a plain line every 10% when stderr is not a terminal', () => {
    const lines: string[] = [];
    const progress = createTerminalProgress({ isTTY: false, write: (chunk) => lines.push(chunk) }, () => 0);
    for (const ratio of [0, 0.02, 0.04, 0.12, 0.15, 1]) progress.update({ ratio, doneSec: ratio * 10, totalSec: 10, detail: 'x' });
    expect(lines).toHaveLength(3);
    expect(lines.every((line) => line.endsWith('\n') && !line.includes('\r'))).toBe(true);
  });

  it('redraws in place on a terminal and ends the line when done', () => {
    const chunks: string[] = [];
    let nowMs = 0;
    const progress = createTerminalProgress({ isTTY: true, columns: 80, write: (chunk) => chunks.push(chunk) }, () => nowMs);
    progress.update({ ratio: 0.1, doneSec: 1, totalSec: 10, detail: 'x' });
    nowMs = 50;
    progress.update({ ratio: 0.2, doneSec: 2, totalSec: 10, detail: 'x' });
    nowMs = 500;
    progress.update({ ratio: 0.3, doneSec: 3, totalSec: 10, detail: 'x' });
    progress.done();
    expect(chunks).toHaveLength(3);
    expect(chunks[0]?.startsWith('\r')).toBe(true);
    expect(chunks.at(-1)).toBe('\n');
  });
});
