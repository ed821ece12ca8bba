import {
  createAbrController,
  type AbandonDecision,
  type AbandonProgress,
  type AbrController,
  type Decision,
  type PartialAbrConfig,
  type RungCaps,
  type SampleVerdict,
  type ThroughputSample,
} from '../../abr/index.js';
import type { EpochClock, MonotonicClock } from '../../contracts/clock.js';
import { DecisionLedger, type AbrDecisionRecord, type RenderedDecision, type SegmentRef } from './decision-ledger.js';
import { observeResourceTiming, refineSample, type ResourceTimingSource } from './resource-timing.js';
import { readSeedBps, writeSeedBps, type SeedStorage } from './seed-store.js';
import { nearestAllowedRung } from '../recovery/rendition-exclusions.js';
import { SmoothCaps, type FrameQualityMedia } from './smooth-caps.js';
import type { EngineSnapshot } from './snapshot.js';

export type { AbrDecisionRecord, RenderedDecision, SegmentRef } from './decision-ledger.js';

export interface VodAbrSessionOptions {
  /** ABR tuning; every field has a documented default (`abr/config.ts`). */
  config?: PartialAbrConfig;
  /** Host the seed is stored under (the manifest's host). Null: no seed is read or written. */
  seedHost: string | null;
  /** Limits on the rungs ABR may choose (indices into the ascending ladder, player size). */
  caps?: () => RungCaps | undefined;
  /** Times decisions, samples and the seed-write interval. Defaults to `performance.now()`. */
  monotonicClock?: MonotonicClock;
  /** Stamps the stored seed and judges its age. Defaults to `Date.now()`. */
  epochClock?: EpochClock;
  /** Where seeds live. Defaults to localStorage (none when unavailable). */
  storage?: SeedStorage | null;
  /** Resource Timing, to tell cache hits from fast links (`refineSample`). Defaults to a PerformanceObserver; null: none. */
  resourceTiming?: ResourceTimingSource | null;
  /**
   * The browser's own downlink estimate, bits/s (`navigator.connection.downlink` × 1e6), used for
   * a first-time viewer (no seed) before any sample. Defaults to reading `navigator.connection`;
   * return null for none.
   */
  downlinkBps?: () => number | null;
  /** The device's decode cap (MediaCapabilities, dropped frames). Defaults to a `SmoothCaps`; null: none. */
  smoothCaps?: SmoothCaps | null;
  /**
   * Renditions (rung index → why) out of ABR for a cool-down after their segments failed
   * (`recovery/rendition-exclusions.ts`): a decision for one becomes the nearest allowed rung below.
   */
  excluded?: () => ReadonlyMap<number, string>;
}

/** A decision of `choose`, with the id its segment requests carry (`segmentRequested`). */
export type VodAbrDecision = Decision & { readonly id: number };
/** A verdict of `shouldAbandon`; when it abandons, the id of that decision (the refetch carries it), else null. */
export type VodAbandonDecision = AbandonDecision & { readonly id: number | null };

/** Seeds are written at most this often while playing, and once more at close. */
const SEED_WRITE_INTERVAL_MS = 5_000;
/** Decisions listed in `decisions` (one per change of rung or rule). */
const CHANGES_KEPT = 32;

const NONE_EXCLUDED: ReadonlyMap<number, string> = new Map();

/** The decision moved off an excluded rung (to the nearest allowed one below, else above), with why. */
function avoidExcluded(decision: Decision, snapshot: EngineSnapshot, excluded: ReadonlyMap<number, string>): Decision {
  const why = excluded.get(decision.rung);
  if (why === undefined) return decision;
  const rung = nearestAllowedRung(decision.rung, snapshot.rungs.length, excluded);
  return rung === decision.rung ? decision : { ...decision, rung, reason: `${decision.reason} [${why}]` };
}

const PERFORMANCE_CLOCK: MonotonicClock = { monotonicMs: () => performance.now() };
const DATE_CLOCK: EpochClock = { epochMs: () => Date.now() };

/**
 * The browser side of vod-player's ABR for one source: the pure controller (`abr/`), its seed
 * (the previous session's estimate for this host, from localStorage), the embedder's caps, and
 * the decisions it made, each with an id, so that when the engine later reports a rendered
 * quality the element can say exactly which rule chose it and why.
 *
 * Engine plug-ins (hls.js `abrController`, dash.js rules, shaka `abrFactory`) build snapshots
 * with `snapshotOf(probe)` and call `choose` / `onSegmentLoaded` / `shouldAbandon` / `onSeek`; they
 * tell `segmentRequested` which decision each media segment request carries out, and their
 * adapters ask `renderedAt` which decision chose the segment now rendered.
 */
export class VodAbrSession implements MonotonicClock {
  readonly controller: AbrController;
  readonly #seedHost: string | null;
  readonly #caps: () => RungCaps | undefined;
  readonly #monotonic: MonotonicClock;
  readonly #epoch: EpochClock;
  readonly #storage: SeedStorage | null | undefined;
  readonly #ledger = new DecisionLedger();
  readonly #resourceTiming: ResourceTimingSource | null;
  readonly #smoothCaps: SmoothCaps | null;
  readonly #excluded: () => ReadonlyMap<number, string>;
  #changes: AbrDecisionRecord[] = [];
  #lastSeedWriteMs = -Infinity;
  #closed = false;

  constructor(options: VodAbrSessionOptions) {
    this.#seedHost = options.seedHost;
    this.#caps = options.caps ?? (() => undefined);
    this.#monotonic = options.monotonicClock ?? PERFORMANCE_CLOCK;
    this.#epoch = options.epochClock ?? DATE_CLOCK;
    this.#storage = options.storage;
    const seedBandwidthBps = this.#seedHost === null ? null : readSeedBps(this.#seedHost, this.#epoch.epochMs(), this.#storage);
    const downlinkBps = seedBandwidthBps === null ? (options.downlinkBps ?? navigatorDownlinkBps)() : null;
    this.controller = createAbrController(options.config ?? {}, { seedBandwidthBps, downlinkBps });
    this.#resourceTiming = options.resourceTiming === undefined ? observeResourceTiming() : options.resourceTiming;
    this.#smoothCaps = options.smoothCaps === undefined ? new SmoothCaps() : options.smoothCaps;
    this.#excluded = options.excluded ?? (() => NONE_EXCLUDED);
  }

  /** The seed this session started from, bits/s, or null. */
  get seedBandwidthBps(): number | null {
    return this.controller.state.estimator.seedBandwidthBps;
  }

  get bandwidthEstimateBps(): number {
    return this.controller.bandwidthEstimateBps;
  }

  /** The clock of snapshots and samples (`nowMs` in `abr/`), ms. */
  monotonicMs(): number {
    return this.#monotonic.monotonicMs();
  }

  /**
   * The rung for the next segment, with its id. `snapshot.caps` is filled from the embedder's caps
   * and the device's decode cap; `media` (the engine's media element) feeds the dropped-frames count.
   */
  choose(snapshot: EngineSnapshot, media?: FrameQualityMedia | null): VodAbrDecision {
    this.#smoothCaps?.observe(snapshot.rungs, media, snapshot.nowMs);
    const decision = avoidExcluded(this.controller.choose({ ...snapshot, caps: this.#allCaps() }), snapshot, this.#excluded());
    return { ...decision, id: this.#record(snapshot, decision.rung, decision.rule, decision.reason).id };
  }

  /**
   * A finished (or abandoned) request. With its absolute `url`, Resource Timing tells a cache hit
   * (`transferSize === 0`) from a fast link, and gives the body's real transfer time.
   */
  onSegmentLoaded(sample: ThroughputSample, url?: string): SampleVerdict {
    const verdict = this.controller.onSegmentLoaded(refineSample(sample, url, this.#resourceTiming));
    if (verdict === 'accepted' && sample.nowMs - this.#lastSeedWriteMs >= SEED_WRITE_INTERVAL_MS) this.#writeSeed(sample.nowMs);
    return verdict;
  }

  shouldAbandon(progress: AbandonProgress, snapshot: EngineSnapshot): VodAbandonDecision {
    const verdict = this.controller.shouldAbandon(progress, { ...snapshot, caps: this.#allCaps() });
    const id = verdict.abandon ? this.#record(snapshot, verdict.toRung, 'abandon', verdict.reason).id : null;
    return { ...verdict, id };
  }

  onSeek(): void {
    this.controller.onSeek();
  }

  /**
   * The engine requests `segment` to carry out decision `decisionId`, or for no decision of
   * this session (null: a pinned rendition, the engine's own pick). A later request of the same
   * segment replaces this one.
   */
  segmentRequested(segment: SegmentRef, decisionId: number | null): void {
    this.#ledger.bind(segment, decisionId);
  }

  /**
   * The engine now renders the segment of `rendition` (named as in `segmentRequested`) that holds
   * `positionSec`: which decision's request brought it (null: none).
   */
  renderedAt(rendition: string | number, positionSec: number): RenderedDecision {
    return { decisionId: this.#ledger.at(rendition, positionSec)?.id ?? null };
  }

  /** The decision with this id, or null (no id, or no longer kept: the last 32, and those of the last 64 requests). */
  decisionById(id: number | null | undefined): AbrDecisionRecord | null {
    return id === null || id === undefined ? null : this.#ledger.byId(id);
  }

  /** The latest decisions that changed the rung or the rule (one record per change, not per call), oldest first. */
  get decisions(): readonly AbrDecisionRecord[] {
    return this.#changes;
  }

  /** Stores the final estimate as the next session's seed. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#resourceTiming?.dispose();
    if (this.controller.state.estimator.acceptedSamples > 0) this.#writeSeed(this.monotonicMs());
  }

  #allCaps(): RungCaps | undefined {
    const embedder = this.#caps();
    const smooth = this.#smoothCaps?.caps() ?? {};
    return smooth.maxSmoothRung === undefined ? embedder : { ...embedder, ...smooth };
  }

  /** Every decision gets an id; `decisions` lists the changes of rung or rule, and every abandon. */
  #record(snapshot: EngineSnapshot, rung: number, rule: string, reason: string): AbrDecisionRecord {
    const record = this.#ledger.add({
      rung,
      bitrateBps: snapshot.rungs[rung]?.bitrateBps ?? 0,
      height: snapshot.rungs[rung]?.height ?? 0,
      rule,
      reason,
      bufferSec: snapshot.bufferSec,
      bandwidthEstimateBps: this.controller.bandwidthEstimateBps,
      atMs: snapshot.nowMs,
    });
    const last = this.#changes.at(-1);
    if (rule === 'abandon' || last?.rung !== rung || last.rule !== rule) {
      this.#changes.push(record);
      if (this.#changes.length > CHANGES_KEPT) this.#changes.shift();
    }
    return record;
  }

  #writeSeed(monotonicMs: number): void {
    if (this.#seedHost === null) return;
    this.#lastSeedWriteMs = monotonicMs;
    writeSeedBps(this.#seedHost, this.controller.bandwidthEstimateBps, this.#epoch.epochMs(), this.#storage);
  }
}

/** `navigator.connection.downlink` (Mbps, Chromium's network-quality estimate) in bits/s, or null. */
function navigatorDownlinkBps(): number | null {
  const connection = (globalThis.navigator as (Navigator & { connection?: { downlink?: number } }) | undefined)?.connection;
  const mbps = connection?.downlink;
  return typeof mbps === 'number' && Number.isFinite(mbps) && mbps > 0 ? mbps * 1e6 : null;
}

/** The host whose seed a source uses: the manifest URL's host, or null for data:/blob: sources. */
export function seedHostOf(src: string, base: string): string | null {
  try {
    const url = new URL(src, base);
    return url.host === '' ? null : url.host;
  } catch {
    return null;
  }
}
