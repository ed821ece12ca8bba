/**
 * Resume for one load of one video, with no DOM: where to start, and when to save. The controller
 * feeds it media events; time and timers come from a Scheduler, so it runs on a fake clock.
 *
 * Start: the store's readings are awaited up to `startWaitMs`. The first reading decides the start
 * position (through `decideStart`, then `offer`, which the embedder may decline). A better reading
 * arriving later (the remote one) is applied by a seek, unless the viewer has moved away from
 * where playback started, or this device already saved a position of its own (it is then the
 * latest writer).
 *
 * Saves start with the first `playing` (nothing before it was watched): every `saveIntervalMs` of
 * playing, and at once on pause, seek end, `ended`, page hide and `end()`. Store failures go to
 * `onError`; nothing here waits on the store.
 */
import type { ResumeConfig } from './config.js';
import { decideStart, recordAt } from './policy.js';
import { readingsOf } from './readings.js';
import { SAME_PLACE_SEC } from './record.js';
import { INITIAL_SAVE_THROTTLE, noteSave, tickSave, type SaveThrottleState } from './save-throttle.js';
import type { ResumeReading, ResumeRecord, ResumeSource, ResumeStore, Scheduler } from './types.js';

/** A saved position about to be applied. */
export interface ResumeOffer {
  mediaId: string;
  positionSec: number;
  durationSec: number;
  source: ResumeSource;
  /** When it was saved, ms since the epoch (device clock). */
  updatedAt: number;
  /** False: it sets where the first frame is. True: it arrived after playback started and is applied by a seek. */
  late: boolean;
}

export interface Playhead {
  positionSec: number;
  durationSec: number;
  ended: boolean;
}

export type ResumeOperation = 'read' | 'write';

export interface ResumeSessionOptions {
  mediaId: string;
  store: ResumeStore;
  config: ResumeConfig;
  scheduler: Scheduler;
  /** False when the start position is set otherwise (`start-time`): only saves happen. */
  restore: boolean;
  /** Where the playhead is now. */
  playhead(): Playhead;
  /** A saved position is about to be applied (`vod-resume`); false declines it (start from 0). */
  offer(offer: ResumeOffer): boolean;
  /** An accepted late position: seek there. */
  seek(positionSec: number): void;
  onError(error: unknown, operation: ResumeOperation): void;
}

/** A save whose position is this close to the last one saved, with the same `completed`, is skipped when optional. */
const SAME_POSITION_SEC = 0.5;

export class ResumeSession {
  readonly mediaId: string;
  readonly #options: ResumeSessionOptions;
  #throttle: SaveThrottleState = INITIAL_SAVE_THROTTLE;
  #resolveStart: ((positionSec: number | null) => void) | null = null;
  #cancelStartWait: () => void = () => undefined;
  #startDecided = false;
  #startSec = 0;
  #declined = false;
  #played = false;
  #savedOwn = false;
  #lastSaved: ResumeRecord | null = null;
  #ended = false;

  constructor(options: ResumeSessionOptions) {
    this.mediaId = options.mediaId;
    this.#options = options;
  }

  /** The position to load at, or null for the default start. Resolves within `startWaitMs`; never rejects. */
  start(): Promise<number | null> {
    if (!this.#options.restore) {
      this.#startDecided = true;
      this.#declined = true;
      return Promise.resolve(null);
    }
    const decided = new Promise<number | null>((resolve) => (this.#resolveStart = resolve));
    this.#cancelStartWait = this.#options.scheduler.setTimeout(() => this.#decide(null), this.#options.config.startWaitMs);
    void this.#consume();
    return decided;
  }

  /** Playback started (`playing`): saves begin. */
  playing(): void {
    if (this.#ended) return;
    this.#played = true;
    if (this.#throttle.lastSaveMs === null) this.#throttle = tickSave(this.#throttle, this.#epochMs(), this.#options.config.saveIntervalMs).state;
  }

  /** A playhead tick while playing (`timeupdate`): saves every `saveIntervalMs`. */
  tick(): void {
    if (!this.#played || this.#ended) return;
    const { state, save } = tickSave(this.#throttle, this.#epochMs(), this.#options.config.saveIntervalMs);
    this.#throttle = state;
    if (save) this.#save(false);
  }

  paused(): void {
    this.#saveNow();
  }

  seeked(): void {
    this.#saveNow();
  }

  ended(): void {
    this.#saveNow();
  }

  /** The page is being hidden or unloaded: a write that survives it. */
  hidden(): void {
    if (!this.#played || this.#ended) return;
    this.#save(true, true);
  }

  /** This load is over (source change, element removed): a last save, then nothing more. */
  end(): void {
    if (this.#ended) return;
    if (this.#played) this.#save(true);
    this.#ended = true;
    this.#cancelStartWait();
    this.#decide(null);
  }

  #saveNow(): void {
    if (!this.#played || this.#ended) return;
    this.#save(false);
  }

  /** Saves the playhead; `optional` skips it when nothing changed since the last save. */
  #save(optional: boolean, beforeUnload = false): void {
    const record = recordAt(this.#options.playhead(), this.#epochMs(), this.#options.config);
    if (record === null) return;
    const last = this.#lastSaved;
    if (optional && last && last.completed === record.completed && Math.abs(last.positionSec - record.positionSec) < SAME_POSITION_SEC) return;
    this.#lastSaved = record;
    this.#savedOwn = true;
    this.#throttle = noteSave(record.updatedAt);
    const { store, mediaId } = this.#options;
    if (beforeUnload && store.setBeforeUnload) {
      try {
        store.setBeforeUnload(mediaId, record);
      } catch (error) {
        this.#options.onError(error, 'write');
      }
      return;
    }
    let pending: Promise<void>;
    try {
      pending = store.set(mediaId, record);
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.catch((error: unknown) => this.#options.onError(error, 'write'));
  }

  async #consume(): Promise<void> {
    try {
      for await (const reading of readingsOf(this.#options.store, this.mediaId)) {
        if (this.#ended) return;
        this.#onReading(reading);
      }
    } catch (error) {
      if (!this.#ended) this.#options.onError(error, 'read');
    } finally {
      this.#decide(null);
    }
  }

  #onReading({ record, source }: ResumeReading): void {
    const decision = decideStart(record, this.#options.config);
    const offer = (late: boolean, positionSec: number): boolean =>
      this.#options.offer({ mediaId: this.mediaId, positionSec, durationSec: record.durationSec, source, updatedAt: record.updatedAt, late });

    if (!this.#startDecided) {
      if (decision.action !== 'resume') return this.#decide(null);
      if (!offer(false, decision.positionSec)) {
        this.#declined = true;
        return this.#decide(null);
      }
      return this.#decide(decision.positionSec);
    }
    if (decision.action !== 'resume' || this.#declined || this.#savedOwn) return;
    if (Math.abs(decision.positionSec - this.#startSec) < SAME_PLACE_SEC) return; // already there
    const { positionSec } = this.#options.playhead();
    if (Math.abs(positionSec - this.#startSec) > this.#options.config.lateResumeWindowSec) return;
    if (!offer(true, decision.positionSec)) {
      this.#declined = true;
      return;
    }
    this.#startSec = decision.positionSec;
    this.#options.seek(decision.positionSec);
  }

  #decide(positionSec: number | null): void {
    if (this.#startDecided) return;
    this.#startDecided = true;
    this.#startSec = positionSec ?? 0;
    this.#cancelStartWait();
    this.#resolveStart?.(positionSec);
    this.#resolveStart = null;
  }

  #epochMs(): number {
    return this.#options.scheduler.epochMs();
  }
}
