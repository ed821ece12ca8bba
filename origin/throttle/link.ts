import { Readable } from 'node:stream';
import { PerSecondBytes } from './link-stats.js';
import type { LinkProfile } from './profile.js';
import { capacityBits, createBucket, msUntil, refill, take, type BucketState } from './token-bucket.js';
import { linkRateBpsAt } from './rate.js';

/** Largest single write a link grants a response, bytes. */
export const DEFAULT_CHUNK_BYTES = 16 * 1024;

/** Buffer of each shaped stream, bytes: small, since the link decides when bytes move. */
const SHAPED_HIGH_WATER_MARK_BYTES = 16 * 1024;

export interface SessionLinkOptions {
  /** Current time, ms on a monotonic clock (the shaper's clock). */
  now: () => number;
  /** Called when a response may send again (it registered, its client drained, its source has data, the profile changed). */
  onWake?: () => void;
  /** Largest single write, bytes. Defaults to DEFAULT_CHUNK_BYTES. */
  chunkBytes?: number;
}

/** What a link has delivered since its clock started. */
export interface LinkStats {
  readonly sessionId: string;
  readonly profile: LinkProfile;
  /** The link clock's start (trace t = 0) on the shaper's clock, ms; null before the first request. */
  readonly clockStartMs: number | null;
  /** `bytesPerSecond[i]`: bytes granted during second i of the link clock (see PerSecondBytes). */
  readonly bytesPerSecond: readonly number[];
  /** Bytes granted over the link's life, across profile changes. */
  readonly totalBytes: number;
  /** Responses being shaped now. */
  readonly activeStreams: number;
}

/**
 * One session's link: a single token bucket that all of the session's concurrent responses share.
 *
 * Each response registers a source stream and gets a shaped stream back. On every `tick(nowMs)`
 * the link refills its bucket and hands the bytes it holds to the responses that can take them,
 * round-robin in quanta of at most `chunkBytes` (fair between concurrent responses, and
 * work-conserving: a response that cannot take its share leaves it to the others). A response
 * reads from its source only when the link grants it bytes and its client wants them, so what a
 * response holds is bounded: the source chunk in hand plus the source's own read-ahead.
 *
 * The clock (trace t = 0) starts at the session's first request (`startClock`, or the first
 * `register`). `setProfile` takes effect at once: when responses are in flight the clock restarts
 * right then, so a new trace starts from its beginning; otherwise it starts at the next request.
 * An `unlimited` profile lets bytes through as fast as the client takes them, without ticks.
 */
export class SessionLink {
  readonly sessionId: string;
  #profile: LinkProfile;
  #bucket: BucketState | null = null;
  /** Some response had bytes to send and wanted them when the link last looked (see token-bucket.ts). */
  #backlogged = false;
  #stats: PerSecondBytes | null = null;
  #lifetimeBytesBeforeStats = 0;
  readonly #writers: ShapedStream[] = [];
  #roundRobin = 0;
  readonly #now: () => number;
  readonly #onWake: () => void;
  readonly #chunkBytes: number;

  constructor(sessionId: string, profile: LinkProfile, options: SessionLinkOptions) {
    this.sessionId = sessionId;
    this.#profile = profile;
    this.#now = options.now;
    this.#onWake = options.onWake ?? (() => undefined);
    this.#chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    if (!(this.#chunkBytes >= 1)) throw new RangeError(`chunkBytes must be >= 1, got ${this.#chunkBytes}`);
  }

  get profile(): LinkProfile {
    return this.#profile;
  }

  /** Responses being shaped now. */
  get activeStreams(): number {
    return this.#writers.length;
  }

  /** The clock start, ms; null until the first request. */
  get clockStartMs(): number | null {
    return this.#bucket?.startMs ?? null;
  }

  /** Starts the link clock (trace t = 0) at `nowMs` unless it already runs. */
  startClock(nowMs: number = this.#now()): void {
    if (this.#bucket !== null) return;
    this.#bucket = createBucket(nowMs);
    this.#restartStats(nowMs);
  }

  /** Switches the profile now; see the class comment for what happens to the clock. */
  setProfile(profile: LinkProfile, nowMs: number = this.#now()): void {
    const wasUnlimited = this.#profile.rate.kind === 'unlimited';
    this.#profile = profile;
    if (this.#writers.length === 0 || this.#bucket === null) {
      this.#bucket = null;
      return;
    }
    // Tokens held from the last tick stay, up to what the new profile can hold.
    const held = wasUnlimited ? 0 : Math.min(this.#bucket.tokensBits, capacityBits(linkRateBpsAt(profile.rate, 0)));
    this.#bucket = { tokensBits: Number.isFinite(held) ? held : 0, lastMs: nowMs, startMs: nowMs };
    this.#backlogged = false;
    this.#restartStats(nowMs);
    if (profile.rate.kind === 'unlimited') for (const writer of [...this.#writers]) writer.pumpUnlimited();
    else this.#onWake();
  }

  /**
   * Shapes one response: returns a stream that carries `source`'s bytes as fast as the link
   * allows. Destroying the returned stream (the client went away) unregisters it and destroys
   * `source`; an error from `source` destroys the returned stream with that error.
   */
  register(source: NodeJS.ReadableStream): Readable {
    this.startClock();
    const readable = source instanceof Readable ? source : new Readable({ read: () => undefined }).wrap(source);
    const writer = new ShapedStream(this, readable);
    this.#writers.push(writer);
    if (this.#profile.rate.kind !== 'unlimited') this.#demandResumed();
    return writer;
  }

  /**
   * Refills the bucket to `nowMs` and grants what it holds. Returns the delay, ms, after which
   * this link next needs a tick: Infinity when no response can send (an event will wake it),
   * else the time until at least one byte is due (long during an outage).
   */
  tick(nowMs: number): number {
    if (this.#writers.length === 0 || this.#profile.rate.kind === 'unlimited') return Infinity;
    if (this.#bucket === null) this.startClock(nowMs);
    let bucket = refill(this.#bucket as BucketState, nowMs, this.#profile, this.#backlogged);
    const budgetBytes = Math.floor(bucket.tokensBits / 8);
    const { grantedBytes, waiting } = this.#distribute(budgetBytes);
    bucket = take(bucket, grantedBytes * 8);
    this.#bucket = bucket;
    this.#backlogged = waiting;
    this.#record(nowMs, grantedBytes);
    if (!waiting) return Infinity;
    return msUntil(bucket, 8, this.#profile, nowMs);
  }

  /** Bytes delivered per second since the clock started, and totals. */
  stats(nowMs: number = this.#now()): LinkStats {
    return {
      sessionId: this.sessionId,
      profile: this.#profile,
      clockStartMs: this.clockStartMs,
      bytesPerSecond: this.#stats?.perSecond(nowMs) ?? [],
      totalBytes: this.#lifetimeBytesBeforeStats + (this.#stats?.totalBytes ?? 0),
      activeStreams: this.#writers.length,
    };
  }

  /** Destroys every response in flight (the shaper is closing). */
  destroyAll(error?: Error): void {
    for (const writer of [...this.#writers]) writer.destroy(error);
  }

  /** @internal A stream's client wants bytes, or its source has some. */
  wake(writer: ShapedStream): void {
    if (this.#profile.rate.kind === 'unlimited') writer.pumpUnlimited();
    else this.#demandResumed();
  }

  /** @internal Bytes that went out without the bucket (unlimited). */
  record(bytes: number): void {
    this.#record(this.#now(), bytes);
  }

  /** @internal */
  unregister(writer: ShapedStream): void {
    const index = this.#writers.indexOf(writer);
    if (index === -1) return;
    this.#writers.splice(index, 1);
    if (this.#roundRobin > index) this.#roundRobin -= 1;
    if (this.#roundRobin >= this.#writers.length) this.#roundRobin = 0;
  }

  /**
   * Hands out up to `budgetBytes` round-robin. `waiting` tells whether some response could
   * still send when the budget ran out.
   */
  #distribute(budgetBytes: number): { grantedBytes: number; waiting: boolean } {
    const writers = this.#writers;
    const count = writers.length;
    let active: ShapedStream[] = [];
    for (let k = 0; k < count; k += 1) {
      const writer = writers[(this.#roundRobin + k) % count];
      if (writer !== undefined && writer.canSend()) active.push(writer);
    }
    this.#roundRobin = count === 0 ? 0 : (this.#roundRobin + 1) % count;

    let remaining = budgetBytes;
    while (remaining > 0 && active.length > 0) {
      const quantum = Math.min(this.#chunkBytes, Math.max(1, Math.floor(remaining / active.length)));
      const next: ShapedStream[] = [];
      for (const writer of active) {
        if (remaining <= 0) {
          next.push(writer);
          continue;
        }
        remaining -= writer.send(Math.min(quantum, remaining));
        if (writer.canSend()) next.push(writer);
      }
      active = next;
    }
    return { grantedBytes: budgetBytes - remaining, waiting: active.length > 0 };
  }

  /**
   * A response can send again. If the link was idle, what it earned while idle is settled now,
   * under the idle cap; from here on it is backlogged until a tick finds nothing left to send.
   */
  #demandResumed(): void {
    if (!this.#backlogged && this.#bucket !== null) {
      this.#bucket = refill(this.#bucket, this.#now(), this.#profile, false);
      this.#backlogged = true;
    }
    this.#onWake();
  }

  #record(nowMs: number, bytes: number): void {
    if (this.#stats === null) this.#restartStats(nowMs);
    this.#stats?.add(nowMs, bytes);
  }

  #restartStats(nowMs: number): void {
    if (this.#stats === null) this.#stats = new PerSecondBytes(nowMs);
    else {
      this.#lifetimeBytesBeforeStats += this.#stats.totalBytes;
      this.#stats = new PerSecondBytes(nowMs);
    }
  }
}

/**
 * The stream one shaped response reads from. It pulls from its source only when its link grants
 * bytes and its own reader wants them (`push` returned true, or `_read` was called since).
 */
class ShapedStream extends Readable {
  readonly #link: SessionLink;
  readonly #source: Readable;
  #pending: Buffer | null = null;
  #wants = false;
  #sourceEnded = false;
  #finished = false;
  #pumping = false;
  readonly #onReadable = (): void => {
    if (this.#wants) this.#link.wake(this);
  };
  readonly #onEnd = (): void => {
    this.#sourceEnded = true;
    if (this.#pending === null) this.#finish();
  };
  readonly #onError = (error: Error): void => {
    this.destroy(error);
  };

  constructor(link: SessionLink, source: Readable) {
    super({ highWaterMark: SHAPED_HIGH_WATER_MARK_BYTES });
    this.#link = link;
    this.#source = source;
    source.on('readable', this.#onReadable);
    source.on('end', this.#onEnd);
    source.on('error', this.#onError);
  }

  override _read(): void {
    this.#wants = true;
    this.#link.wake(this);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#finished = true;
    this.#pending = null;
    this.#link.unregister(this);
    this.#source.off('readable', this.#onReadable);
    this.#source.off('end', this.#onEnd);
    this.#source.off('error', this.#onError);
    if (!this.#source.destroyed) this.#source.destroy();
    callback(error);
  }

  /** Whether the link may grant this stream bytes now (reads from the source if needed). */
  canSend(): boolean {
    return this.#wants && !this.#finished && (this.#pending !== null || this.#fill());
  }

  /** Pushes up to `maxBytes`; returns the bytes pushed. */
  send(maxBytes: number): number {
    let sentBytes = 0;
    while (sentBytes < maxBytes && this.#wants && !this.#finished) {
      if (this.#pending === null && !this.#fill()) break;
      const pending = this.#pending as Buffer;
      const bytes = Math.min(maxBytes - sentBytes, pending.byteLength);
      const whole = bytes === pending.byteLength;
      this.#pending = whole ? null : pending.subarray(bytes);
      sentBytes += bytes;
      this.#wants = this.push(whole ? pending : pending.subarray(0, bytes));
      if (this.#pending === null && this.#sourceEnded) this.#finish();
    }
    return sentBytes;
  }

  /** Unlimited profile: passes everything through while the reader wants it. */
  pumpUnlimited(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    let sentBytes = 0;
    try {
      while (this.#wants && !this.#finished && this.#link.profile.rate.kind === 'unlimited') {
        if (this.#pending === null && !this.#fill()) break;
        sentBytes += this.send((this.#pending as Buffer).byteLength);
      }
    } finally {
      this.#pumping = false;
      this.#link.record(sentBytes);
    }
  }

  #fill(): boolean {
    while (!this.#sourceEnded) {
      const chunk: unknown = this.#source.read();
      if (chunk === null) return false;
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      if (buffer.byteLength > 0) {
        this.#pending = buffer;
        return true;
      }
    }
    if (this.#pending === null) this.#finish();
    return false;
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.push(null);
    this.#link.unregister(this);
  }
}
