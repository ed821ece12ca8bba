/** What a progress line shows. */
export interface ProgressView {
  /** 0..1. */
  ratio: number;
  doneSec: number;
  totalSec: number;
  /** Wall time since the encode started, ms. */
  elapsedMs: number;
  detail: string;
}

function clock(sec: number): string {
  const whole = Math.max(0, Math.round(sec));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/**
 * One line of progress, e.g. `encoding [#######.......] 50%  60.0/120.0 s  1.2x  eta 0:50  all outputs`,
 * fitted to `columns`. Pure.
 */
export function renderProgressLine(view: ProgressView, columns = 80): string {
  const ratio = Math.min(1, Math.max(0, view.ratio));
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  const speed = view.elapsedMs > 0 && view.doneSec > 0 ? `${(view.doneSec / (view.elapsedMs / 1000)).toFixed(1)}x` : '--x';
  const etaSec = ratio > 0.01 ? ((view.elapsedMs / 1000) * (1 - ratio)) / ratio : NaN;
  const eta = Number.isFinite(etaSec) ? `eta ${clock(etaSec)}` : 'eta --:--';
  const tail = ` ${percent}  ${view.doneSec.toFixed(1)}/${view.totalSec.toFixed(1)} s  ${speed}  ${eta}  ${view.detail}`;
  const barWidth = Math.max(10, Math.min(40, columns - tail.length - 12));
  const filled = Math.round(barWidth * ratio);
  const line = `encoding [${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]${tail}`;
  return line.length > columns ? line.slice(0, Math.max(0, columns - 1)) : line;
}

/**
 * Which progress steps a non-TTY log gets a line for: each time the ratio crosses another
 * `stepRatio` (10% by default), and at the end. Pure.
 */
export function progressStep(ratio: number, stepRatio = 0.1): number {
  return Math.floor(Math.min(1, Math.max(0, ratio)) / stepRatio + 1e-9);
}
