/** A tiny rolling line chart on a canvas: the last `windowSec` seconds of one series. */
export class RollingChart {
  readonly #canvas: HTMLCanvasElement;
  readonly #windowSec: number;
  readonly #color: string;
  #points: Array<{ timeSec: number; value: number }> = [];

  constructor(canvas: HTMLCanvasElement, options: { windowSec?: number; color?: string } = {}) {
    this.#canvas = canvas;
    this.#windowSec = options.windowSec ?? 120;
    this.#color = options.color ?? '#5aa0ff';
  }

  push(timeSec: number, value: number | null): void {
    if (value === null || !Number.isFinite(value)) return;
    this.#points.push({ timeSec, value });
    const cutoff = timeSec - this.#windowSec;
    while (this.#points.length > 0 && this.#points[0]!.timeSec < cutoff) this.#points.shift();
    this.#draw(timeSec);
  }

  clear(): void {
    this.#points = [];
  }

  #draw(nowSec: number): void {
    const context = this.#canvas.getContext('2d');
    if (!context) return;
    const { width, height } = this.#canvas;
    context.clearRect(0, 0, width, height);
    const maxValue = Math.max(1, ...this.#points.map((p) => p.value)) * 1.1;
    context.fillStyle = '#777';
    context.font = '10px sans-serif';
    context.fillText(maxValue.toFixed(1), 4, 12);
    context.strokeStyle = this.#color;
    context.lineWidth = 2;
    context.beginPath();
    this.#points.forEach((point, i) => {
      const x = width - ((nowSec - point.timeSec) / this.#windowSec) * width;
      const y = height - (point.value / maxValue) * (height - 4);
      if (i === 0) context.moveTo(x, y);
      else context.lineTo(x, y);
    });
    context.stroke();
  }
}
