import { asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs';
import { takeFitting } from './batch.js';
import { backoffDelayMs, type BackoffPolicy } from './backoff.js';
import type { BeaconQueue } from './queue.js';
import type { Transport } from './transport.js';
import { SCHEMA_VERSION, type BeaconBatch, type TelemetryBeacon } from './types.js';

export interface DelivererOptions {
  queue: BeaconQueue;
  transport: Transport;
  /** Most beacons and bytes per request. */
  maxCount: number;
  maxBytes: number;
  backoff: BackoffPolicy;
  /** Wall-clock ms, for `sentAtMs`. */
  epochMs: () => number;
  scheduler?: SchedulerLike;
  random?: () => number;
}

/** Counters for diagnostics and tests. */
export interface DeliveryStats {
  requests: number;
  delivered: number;
  failures: number;
  finalRequests: number;
}

/**
 * Sends the queue, oldest first, one request at a time:
 *  - delivered: the beacons leave the queue and the next request follows at once;
 *  - retry: wait `backoff` (1 s, 2 s, 4 s … capped, with jitter), then try again;
 *  - too-large (413) or rejected (other 4xx): halve the beacons per request, down to one; a single
 *    beacon still refused is dropped and counted (`droppedCount` of the next beacon), so a bad
 *    beacon never takes its batch with it.
 * `flushFinal()` hands the whole queue to the browser as the page goes away, but keeps it stored:
 * if the page does not come back, the next page load sends it again (the collector drops copies).
 */
export class Deliverer {
  readonly #options: DelivererOptions;
  readonly #scheduler: SchedulerLike;
  #sending = false;
  #retryTimer: Subscription | null = null;
  #attempt = 0;
  #countLimit: number;
  #stopped = false;
  #suspended = false;
  readonly stats: DeliveryStats = { requests: 0, delivered: 0, failures: 0, finalRequests: 0 };

  constructor(options: DelivererOptions) {
    this.#options = options;
    this.#scheduler = options.scheduler ?? asyncScheduler;
    this.#countLimit = options.maxCount;
  }

  /** True while a retry is scheduled. */
  get backingOff(): boolean {
    return this.#retryTimer !== null;
  }

  /** Starts sending unless a request is in flight or a retry is scheduled (that one will send everything). */
  flush(): void {
    if (this.#sending || this.#retryTimer !== null || this.#stopped || this.#suspended) return;
    void this.#drain();
  }

  /**
   * Runs `action` (which may queue beacons) without starting a request, so that what it queues
   * goes out with the `flushFinal()` that follows rather than a fetch racing it.
   */
  withoutSending(action: () => void): void {
    this.#suspended = true;
    try {
      action();
    } finally {
      this.#suspended = false;
    }
  }

  /** The page is going away: everything queued goes to the browser now, in requests within the limits. */
  flushFinal(): void {
    const items = this.#options.queue.items;
    let start = 0;
    while (start < items.length) {
      const chunk = takeFitting(items, start, this.#options.maxCount, this.#options.maxBytes);
      this.#options.transport.sendFinal(this.#batch(chunk, true));
      this.stats.finalRequests += 1;
      start += chunk.length;
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#retryTimer?.unsubscribe();
    this.#retryTimer = null;
  }

  async #drain(): Promise<void> {
    this.#sending = true;
    try {
      while (!this.#stopped) {
        const chunk = this.#options.queue.head(this.#countLimit, this.#options.maxBytes);
        if (chunk.length === 0) return;
        this.stats.requests += 1;
        const outcome = await this.#options.transport.send(this.#batch(chunk, false));
        switch (outcome.kind) {
          case 'delivered':
            this.#options.queue.remove(chunk);
            this.stats.delivered += chunk.length;
            this.#attempt = 0;
            this.#countLimit = this.#options.maxCount;
            break;
          case 'too-large':
          case 'rejected':
            // Halve until the request fits, or until the one beacon the collector refuses is alone: only it is dropped.
            if (chunk.length > 1) this.#countLimit = Math.ceil(chunk.length / 2);
            else this.#options.queue.drop(chunk);
            break;
          case 'retry':
            this.stats.failures += 1;
            this.#attempt += 1;
            this.#retryTimer = this.#scheduler.schedule(() => {
              this.#retryTimer = null;
              this.flush();
            }, backoffDelayMs(this.#attempt, this.#options.backoff, this.#options.random));
            return;
        }
      }
    } finally {
      this.#sending = false;
    }
  }

  #batch(beacons: TelemetryBeacon[], final: boolean): BeaconBatch {
    return { schemaVersion: SCHEMA_VERSION, sentAtMs: this.#options.epochMs(), final, beacons };
  }
}
