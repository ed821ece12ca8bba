import {
  createAbrController,
  type AbandonDecision,
  type AbandonProgress,
  type AbrController,
  type Decision,
  type PartialAbrConfig,
  type PlayerSnapshot,
  type RungCaps,
  type SampleVerdict,
  type ThroughputSample,
} from '../../abr/index.js';
import { readSeedBps, writeSeedBps, type SeedStorage } from './seed-store.js';

/** A decision of the ABR, as it travels to `vod-qualitychange` (`detail.abr`). */
export interface AbrDecisionRecord {
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
  /** performance.now() of the decision, ms. */
  readonly atMs: number;
}

export interface VodAbrSessionOptions {
  /** ABR tuning; every field has a documented default (`abr/config.ts`). */
  config?: PartialAbrConfig;
  /** Host the seed is stored under (the manifest's host). Null: no seed is read or written. */
  seedHost: string | null;
  /** Limits on the rungs ABR may choose (indices into the ascending ladder, player size). */
  caps?: () => RungCaps | undefined;
  /** Clock, ms (performance.now() by default). */
  nowMs?: () => number;
  /** Where seeds live. Defaults to localStorage (none when unavailable). */
  storage?: SeedStorage | null;
}

/** Seeds are written at most this often while playing, and once more at close. */
const SEED_WRITE_INTERVAL_MS = 5_000;
/** Decisions remembered to explain a later rendered quality. */
const DECISIONS_KEPT = 32;

/**
 * The browser side of vod-player's ABR for one source: the pure controller (`abr/`), its seed
 * (the previous session's estimate for this host, from localStorage), the embedder's caps, and
 * the decisions it made, kept so that when the engine later reports a rendered quality the
 * element can say which rule chose it and why.
 *
 * Engine plug-ins (hls.js `abrController`, dash.js rules, shaka `abrFactory`) build snapshots from
 * their engine and call `choose` / `onSegmentLoaded` / `shouldAbandon` / `onSeek`.
 */
export class VodAbrSession {
  readonly controller: AbrController;
  readonly #seedHost: string | null;
  readonly #caps: () => RungCaps | undefined;
  readonly #nowMs: () => number;
  readonly #storage: SeedStorage | null | undefined;
  #decisions: AbrDecisionRecord[] = [];
  #lastSeedWriteMs = -Infinity;
  #closed = false;

  constructor(options: VodAbrSessionOptions) {
    this.#seedHost = options.seedHost;
    this.#caps = options.caps ?? (() => undefined);
    this.#nowMs = options.nowMs ?? (() => performance.now());
    this.#storage = options.storage;
    const seedBandwidthBps = this.#seedHost === null ? null : readSeedBps(this.#seedHost, Date.now(), this.#storage);
    this.controller = createAbrController(options.config ?? {}, { seedBandwidthBps });
  }

  /** The seed this session started from, bits/s, or null. */
  get seedBandwidthBps(): number | null {
    return this.controller.state.estimator.seedBandwidthBps;
  }

  get bandwidthEstimateBps(): number {
    return this.controller.bandwidthEstimateBps;
  }

  now(): number {
    return this.#nowMs();
  }

  /** The rung for the next segment. `snapshot.caps` is filled from the embedder's caps. */
  choose(snapshot: Omit<PlayerSnapshot, 'caps'>): Decision {
    const decision = this.controller.choose({ ...snapshot, caps: this.#caps() });
    const rung = snapshot.rungs[decision.rung];
    const last = this.#decisions.at(-1);
    if (rung && (last?.rung !== decision.rung || last.rule !== decision.rule)) {
      this.#remember({
        rung: decision.rung,
        bitrateBps: rung.bitrateBps,
        height: rung.height,
        rule: decision.rule,
        reason: decision.reason,
        bufferSec: snapshot.bufferSec,
        bandwidthEstimateBps: this.controller.bandwidthEstimateBps,
        atMs: snapshot.nowMs,
      });
    }
    return decision;
  }

  onSegmentLoaded(sample: ThroughputSample): SampleVerdict {
    const verdict = this.controller.onSegmentLoaded(sample);
    if (verdict === 'accepted' && sample.nowMs - this.#lastSeedWriteMs >= SEED_WRITE_INTERVAL_MS) this.#writeSeed(sample.nowMs);
    return verdict;
  }

  shouldAbandon(progress: AbandonProgress, snapshot: Omit<PlayerSnapshot, 'caps'>): AbandonDecision {
    const full = { ...snapshot, caps: this.#caps() };
    const verdict = this.controller.shouldAbandon(progress, full);
    const rung = snapshot.rungs[verdict.toRung];
    if (verdict.abandon && rung) {
      this.#remember({
        rung: verdict.toRung,
        bitrateBps: rung.bitrateBps,
        height: rung.height,
        rule: 'abandon',
        reason: verdict.reason,
        bufferSec: snapshot.bufferSec,
        bandwidthEstimateBps: this.controller.bandwidthEstimateBps,
        atMs: snapshot.nowMs,
      });
    }
    return verdict;
  }

  onSeek(): void {
    this.controller.onSeek();
  }

  /**
   * The latest decision for the rendition `probe` describes (matched by height, then bitrate), or
   * null when the ABR never chose it (a pinned rung, or the engine's own pick).
   */
  decisionFor(probe: { bitrateBps: number; height: number }): AbrDecisionRecord | null {
    for (let i = this.#decisions.length - 1; i >= 0; i--) {
      const record = this.#decisions[i];
      if (!record) continue;
      const sameHeight = probe.height > 0 && record.height === probe.height;
      const sameBitrate = Math.abs(record.bitrateBps - probe.bitrateBps) <= 0.25 * Math.max(record.bitrateBps, probe.bitrateBps);
      if (sameHeight || (probe.height <= 0 && sameBitrate)) return record;
    }
    return null;
  }

  get decisions(): readonly AbrDecisionRecord[] {
    return this.#decisions;
  }

  /** Stores the final estimate as the next session's seed. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.controller.state.estimator.acceptedSamples > 0) this.#writeSeed(this.#nowMs());
  }

  #remember(record: AbrDecisionRecord): void {
    this.#decisions.push(record);
    if (this.#decisions.length > DECISIONS_KEPT) this.#decisions.shift();
  }

  #writeSeed(nowMs: number): void {
    if (this.#seedHost === null) return;
    this.#lastSeedWriteMs = nowMs;
    writeSeedBps(this.#seedHost, this.controller.bandwidthEstimateBps, Date.now(), this.#storage);
  }
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
