import { progressStep, renderProgressLine } from './progress.js';

/** The stream the bar is drawn on (stderr), as much of it as is needed. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): unknown;
}

export interface TerminalProgress {
  update(progress: { ratio: number; doneSec: number; totalSec: number; detail: string }): void;
  /** Ends the bar's line (TTY) so later output starts clean. */
  done(): void;
}

/**
 * A progress bar redrawn in place on a TTY (throttled to ~10 Hz), or a plain line every 10%
 * when the stream is a file or pipe.
 */
export function createTerminalProgress(stream: ProgressStream, epochMs: () => number = Date.now): TerminalProgress {
  const startMs = epochMs();
  let lastDrawMs = -Infinity;
  let lastStep = -1;
  let drawn = false;
  return {
    update(progress) {
      const nowEpochMs = epochMs();
      const view = { ...progress, elapsedMs: nowEpochMs - startMs };
      if (stream.isTTY) {
        if (nowEpochMs - lastDrawMs < 100 && progress.ratio < 1) return;
        lastDrawMs = nowEpochMs;
        stream.write(`\r${renderProgressLine(view, stream.columns ?? 80)}\u001b[K`);
        drawn = true;
        return;
      }
      const step = progressStep(progress.ratio);
      if (step === lastStep) return;
      lastStep = step;
      stream.write(`${renderProgressLine(view, 120)}\n`);
    },
    done() {
      if (stream.isTTY && drawn) stream.write('\n');
      drawn = false;
    },
  };
}
