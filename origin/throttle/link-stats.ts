/**
 * Bytes a link delivered, per second of its clock (the same t as the trace). Second i holds the
 * bytes granted at times in (i, i + 1] s (second 0 also holds t = 0): a tick at t grants what the
 * link earned over the interval ending at t, so a tick landing exactly on a second boundary belongs
 * to the second before it. A small mutable counter; time is an argument.
 */
export class PerSecondBytes {
  #startMs: number;
  #bytes: number[] = [];
  #totalBytes = 0;

  constructor(startMs: number) {
    this.#startMs = startMs;
  }

  get startMs(): number {
    return this.#startMs;
  }

  /** Every byte ever added, including before a `restart`. */
  get totalBytes(): number {
    return this.#totalBytes;
  }

  /** Counts `bytes` at `nowMs`; times before the start count in second 0. */
  add(nowMs: number, bytes: number): void {
    if (bytes <= 0) return;
    const second = this.#secondOf(nowMs);
    while (this.#bytes.length <= second) this.#bytes.push(0);
    this.#bytes[second] = (this.#bytes[second] ?? 0) + bytes;
    this.#totalBytes += bytes;
  }

  /** Bytes per second so far, padded with zeros up to the second holding `nowMs`. */
  perSecond(nowMs: number): number[] {
    const seconds = this.#secondOf(nowMs) + 1;
    const out = this.#bytes.slice(0, Math.max(seconds, this.#bytes.length));
    while (out.length < seconds) out.push(0);
    return out;
  }

  /** Starts a new series at `startMs` (the link's clock restarted); `totalBytes` keeps counting. */
  restart(startMs: number): void {
    this.#startMs = startMs;
    this.#bytes = [];
  }

  #secondOf(nowMs: number): number {
    return Math.max(0, Math.ceil((nowMs - this.#startMs) / 1000) - 1);
  }
}
