import type { Readable } from 'node:stream';
import { systemClock, type LinkClock } from './clock.js';
import { SessionLink, type LinkStats } from './link.js';
import { firstByteDelayMs, UNLIMITED_PROFILE, type LinkProfile } from './profile.js';

/** Interval of the shaper's one timer, ms. */
export const DEFAULT_TICK_MS = 10;

export interface ShaperOptions {
  /** Time and timers; tests pass a manual clock. Defaults to `systemClock`. */
  clock?: LinkClock;
  /** Interval of the one timer that drives every link, ms. Defaults to DEFAULT_TICK_MS. */
  tickMs?: number;
  /** Profile of a session nobody set one for. Defaults to UNLIMITED_PROFILE. */
  defaultProfile?: LinkProfile;
  /** Largest single write, bytes. Defaults to DEFAULT_CHUNK_BYTES (16 KiB). */
  chunkBytes?: number;
}

/**
 * Every session's link, driven by one timer: each tick refills and drains all links that have
 * responses in flight. The timer re-arms only while some response waits for bytes (less often
 * during an outage: it sleeps until the trace delivers again), and is unref'd, so an idle shaper
 * costs nothing and never keeps the process alive.
 *
 * For the server plugin: `firstByteDelayMs(session, rng)` before the headers (it also starts the
 * session's clock), then `shape(body, session)` in `wrapBody`.
 */
export class Shaper {
  readonly #clock: LinkClock;
  readonly #tickMs: number;
  readonly #defaultProfile: LinkProfile;
  readonly #chunkBytes: number | undefined;
  readonly #links = new Map<string, SessionLink>();
  /** Links of cleared sessions whose responses are still in flight. */
  readonly #retired = new Set<SessionLink>();
  #timer: unknown = null;
  #timerDueMs = Infinity;
  #closed = false;
  readonly #wake = (): void => this.#requestTick(this.#tickMs);

  constructor(options: ShaperOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#tickMs = options.tickMs ?? DEFAULT_TICK_MS;
    if (!(this.#tickMs > 0)) throw new RangeError(`tickMs must be > 0, got ${this.#tickMs}`);
    this.#defaultProfile = options.defaultProfile ?? UNLIMITED_PROFILE;
    this.#chunkBytes = options.chunkBytes;
  }

  /** The session's link, created with the default profile on first use. */
  getLink(sessionId: string): SessionLink {
    let link = this.#links.get(sessionId);
    if (link === undefined) {
      link = new SessionLink(sessionId, this.#defaultProfile, {
        now: () => this.#clock.monotonicMs(),
        onWake: this.#wake,
        ...(this.#chunkBytes === undefined ? {} : { chunkBytes: this.#chunkBytes }),
      });
      this.#links.set(sessionId, link);
    }
    return link;
  }

  /** Sets a session's profile; responses in flight switch at once (see SessionLink). */
  setProfile(sessionId: string, profile: LinkProfile): void {
    this.getLink(sessionId).setProfile(profile, this.#clock.monotonicMs());
  }

  /** The session's profile (the default when none was set). */
  profileOf(sessionId: string): LinkProfile {
    return this.#links.get(sessionId)?.profile ?? this.#defaultProfile;
  }

  /**
   * Forgets a session's profile, clock and stats. Responses in flight finish under the default
   * profile, on their old link, which the shaper drops once they are done.
   */
  clear(sessionId: string): void {
    const link = this.#links.get(sessionId);
    if (link === undefined) return;
    this.#links.delete(sessionId);
    if (link.activeStreams === 0) return;
    link.setProfile(this.#defaultProfile, this.#clock.monotonicMs());
    this.#retired.add(link);
  }

  /** Bytes delivered per second since the session's clock started; null for an unknown session. */
  stats(sessionId: string): LinkStats | null {
    return this.#links.get(sessionId)?.stats(this.#clock.monotonicMs()) ?? null;
  }

  /** Session ids with a link. */
  sessions(): string[] {
    return [...this.#links.keys()];
  }

  /** The shaped body for `wrapBody`: `body`'s bytes at the session link's pace. */
  shape(body: NodeJS.ReadableStream, sessionId: string): Readable {
    if (this.#closed) throw new Error('the shaper is closed');
    return this.getLink(sessionId).register(body);
  }

  /**
   * How long to hold this request before its first byte, ms (RTT ± jitter). Marks the session's
   * first request: the link clock starts here if it has not yet.
   */
  firstByteDelayMs(sessionId: string, rng: () => number = Math.random): number {
    const link = this.getLink(sessionId);
    link.startClock(this.#clock.monotonicMs());
    return firstByteDelayMs(link.profile, rng);
  }

  /** Stops the timer and destroys every shaped response still in flight. */
  close(): void {
    this.#closed = true;
    this.#cancelTimer();
    for (const link of [...this.#links.values(), ...this.#retired]) link.destroyAll();
    this.#links.clear();
    this.#retired.clear();
  }

  /** Runs one tick now (the timer does this; a test may too). */
  tick(): void {
    this.#cancelTimer();
    const nowMs = this.#clock.monotonicMs();
    let nextMs = Infinity;
    for (const link of this.#links.values()) {
      if (link.activeStreams > 0) nextMs = Math.min(nextMs, link.tick(nowMs));
    }
    for (const link of this.#retired) {
      if (link.activeStreams === 0) this.#retired.delete(link);
      else nextMs = Math.min(nextMs, link.tick(nowMs));
    }
    if (Number.isFinite(nextMs)) this.#requestTick(Math.max(this.#tickMs, nextMs));
  }

  #requestTick(delayMs: number): void {
    if (this.#closed) return;
    const dueMs = this.#clock.monotonicMs() + delayMs;
    if (this.#timer !== null && this.#timerDueMs <= dueMs) return;
    this.#cancelTimer();
    this.#timerDueMs = dueMs;
    this.#timer = this.#clock.setTimer(() => this.tick(), delayMs);
  }

  #cancelTimer(): void {
    if (this.#timer !== null) this.#clock.clearTimer(this.#timer);
    this.#timer = null;
    this.#timerDueMs = Infinity;
  }
}
