/** A decision of the ABR, as it travels to `vod-qualitychange` (`detail.abr`). */
export interface AbrDecisionRecord {
  /** The decision's id in its session (1, 2, 3…): the id its segment requests carry. */
  readonly id: number;
  /** Rung index in the engine's ascending ladder. */
  readonly rung: number;
  readonly bitrateBps: number;
  readonly height: number;
  /** The rule whose proposal won: `startup`, `buffer`, `download-time`, `caps`, `abandon`… */
  readonly rule: string;
  /** The rule's reason, with its numbers, e.g. `buffer 14.2s ≥ 12.1s → 720p`. */
  readonly reason: string;
  /** Buffer ahead when the decision was made, seconds. */
  readonly bufferSec: number;
  /** Bandwidth estimate when the decision was made, bits/s. */
  readonly bandwidthEstimateBps: number;
  /** When the decision was made: the session's monotonic clock (performance.now()), ms. */
  readonly atMs: number;
}

/** A media segment as an engine requests and renders it. */
export interface SegmentRef {
  /** Its rendition, as the engine names it: hls.js level index, dash.js Representation id, shaka video stream id. */
  readonly rendition: string | number;
  /** The media time it covers, seconds: [startSec, endSec). */
  readonly startSec: number;
  readonly endSec: number;
}

/** What an adapter knows of the segment it reports as rendered (`EngineSink.qualityRendered`). */
export interface RenderedDecision {
  /**
   * Id of the vod-abr decision whose request brought the segment now rendered; null when none did
   * (a pinned rendition, the engine's own ABR or forced level, a segment before any decision).
   */
  readonly decisionId: number | null;
}

/** Decisions kept whatever happens to them (hls.js asks many times per fragment). */
const RECENT_KEPT = 32;
/** Segment requests remembered, with their decisions: more than a full buffer of short segments. */
const SEGMENTS_KEPT = 64;

interface Binding {
  readonly segment: SegmentRef;
  readonly decision: AbrDecisionRecord | null;
}

/**
 * Which decision chose which segment. Every decision gets the next id; the engine plug-in binds
 * each media segment request to the decision it carries out (or to none), and the adapter asks,
 * for the segment it renders, which decision that was: identity carried, not guessed back from
 * the rendition's bitrate. Memory is bounded: the last 32 decisions, the last 64 requests.
 */
export class DecisionLedger {
  #nextId = 1;
  readonly #recent: AbrDecisionRecord[] = [];
  /** By `rendition@startMs`, oldest request first. */
  readonly #segments = new Map<string, Binding>();

  /** Gives `decision` the next id and keeps it. */
  add(decision: Omit<AbrDecisionRecord, 'id'>): AbrDecisionRecord {
    const record = { id: this.#nextId++, ...decision };
    this.#recent.push(record);
    if (this.#recent.length > RECENT_KEPT) this.#recent.shift();
    return record;
  }

  /**
   * The engine requests `segment` for decision `decisionId`, or for none (null; also an id no
   * longer kept). A later request of the same segment replaces what an earlier one said.
   */
  bind(segment: SegmentRef, decisionId: number | null): void {
    const key = `${segment.rendition}@${Math.round(segment.startSec * 1000)}`;
    this.#segments.delete(key);
    this.#segments.set(key, { segment, decision: decisionId === null ? null : this.#recentById(decisionId) });
    if (this.#segments.size > SEGMENTS_KEPT) this.#segments.delete(this.#segments.keys().next().value!);
  }

  /** The decision that chose the segment of `rendition` holding `positionSec` (its latest request), or null. */
  at(rendition: string | number, positionSec: number): AbrDecisionRecord | null {
    let found: Binding | null = null;
    for (const binding of this.#segments.values()) {
      const { segment } = binding;
      if (segment.rendition === rendition && segment.startSec <= positionSec && positionSec < segment.endSec) found = binding;
    }
    return found?.decision ?? null;
  }

  /** The decision with this id while it is kept (among the latest 32, or bound to a remembered request), else null. */
  byId(id: number): AbrDecisionRecord | null {
    const recent = this.#recentById(id);
    if (recent) return recent;
    for (const { decision } of this.#segments.values()) if (decision?.id === id) return decision;
    return null;
  }

  #recentById(id: number): AbrDecisionRecord | null {
    for (let i = this.#recent.length - 1; i >= 0; i--) if (this.#recent[i]!.id === id) return this.#recent[i]!;
    return null;
  }
}
