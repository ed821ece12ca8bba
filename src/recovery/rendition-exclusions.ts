/**
 * Renditions taken out of ABR and the quality menu for a cool-down after their segments failed (404,
 * 410, 403). Time is passed in. Kept by the playback controller across the reloads of one source and
 * cleared when the source changes.
 */
export class RenditionExclusions {
  readonly #untilMs = new Map<number, { untilMs: number; reason: string }>();

  /** Excludes `index` until `untilMs` (extends an earlier exclusion, never shortens it). */
  exclude(index: number, untilMs: number, reason: string): void {
    const earlier = this.#untilMs.get(index);
    if (earlier && earlier.untilMs >= untilMs) return;
    this.#untilMs.set(index, { untilMs, reason });
  }

  /** The renditions excluded at `nowMs`, with why; expired ones are dropped. */
  active(nowMs: number): ReadonlyMap<number, string> {
    const out = new Map<number, string>();
    for (const [index, entry] of this.#untilMs) {
      if (entry.untilMs <= nowMs) this.#untilMs.delete(index);
      else out.set(index, entry.reason);
    }
    return out;
  }

  has(index: number, nowMs: number): boolean {
    return this.active(nowMs).has(index);
  }

  clear(): void {
    this.#untilMs.clear();
  }
}

/**
 * The rung to use instead of `rung` when some are excluded: the nearest allowed one below, else the
 * nearest above, else `rung` itself (nothing is allowed: the caller's policy makes that fatal).
 */
export function nearestAllowedRung(rung: number, rungCount: number, excluded: ReadonlyMap<number, string>): number {
  if (!excluded.has(rung)) return rung;
  for (let r = rung - 1; r >= 0; r--) if (!excluded.has(r)) return r;
  for (let r = rung + 1; r < rungCount; r++) if (!excluded.has(r)) return r;
  return rung;
}
