import { asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs';
import { backoffDelayMs, retryDelayMs, type BackoffPolicy } from './backoff.js';
import { TelemetryError, type TelemetryErrorCode } from './errors.js';
import type { BeaconQueue } from './queue.js';
import type { SendOutcome, Transport } from './transport.js';
import { SCHEMA_VERSION, type BeaconBatch, type TelemetryBeacon } from './types.js';

export interface DelivererOptions {
  queue: BeaconQueue;
  transport: Transport;
  /** Where the beacons go, for errors: the endpoint URL, or `custom`. */
  destination: string;
  /** Most beacons and bytes per request. */
  maxCount: number;
  maxBytes: number;
  backoff: BackoffPolicy;
  /** 5xx answers to a beacon sent alone, while the collector takes other requests, before it is quarantined. */
  quarantineAfterServerErrors: number;
  /** Wall-clock ms, for `sentAtMs`. */
  epochMs: () => number;
  scheduler?: SchedulerLike;
  /** In [0, 1): the backoff's jitter. */
  random?: () => number;
  /** Told of every beacon given up, and of a rejected endpoint (once per episode). */
  onError?: (error: TelemetryError) => void;
  /** Called whenever a run of requests ends (the queue is empty, or delivery waits for a timer). */
  onIdle?: () => void;
}

/** Counters for diagnostics and tests. */
export interface DeliveryStats {
  requests: number;
  delivered: number;
  /** Requests that failed in a way worth retrying (network, timeout, 408/425/429, 5xx). */
  failures: number;
  /** Requests aborted after `requestTimeoutMs`. */
  timeouts: number;
  /** Requests answered 401/403/404/405/410 (or another 4xx about the endpoint). */
  rejected: number;
  /** Beacons dropped after a 400/413 for them alone. */
  dropped: number;
  quarantined: number;
  finalRequests: number;
}

/**
 * Sends the queue, oldest first, one request at a time. Each outcome (see transport.ts) has one policy:
 *
 * | outcome | policy |
 * |---|---|
 * | delivered (2xx) | the beacons leave the queue; the next request follows at once (up to twice as many beacons as the last, to `maxCount`) |
 * | retry (network, timeout, 408, 425, 429) | back off: 1 s, 2 s, 4 s … `maxDelayMs`, ±jitter (or `Retry-After`, if longer) |
 * | endpoint-rejected (401, 403, 404, 405, 410, other 4xx) | the beacons stay queued (and persisted); back off the same way; one `TELEMETRY_ENDPOINT_REJECTED` until a request is delivered again |
 * | too-large (413), invalid (400, 422) | halve the beacons per request at once, down to one; a beacon still refused alone is dropped and counted (`droppedCount` of its session; `TELEMETRY_BEACON_TOO_LARGE` / `_INVALID`) |
 * | server-error (5xx) | several beacons: halve and back off, so that a beacon the collector fails on ends up alone. One beacon: park it and go on with the beacons behind it (no head-of-line blocking); it is retried alone later |
 *
 * A 5xx counts against a beacon sent alone only when the collector delivered the request just
 * before it or the one just after it (the beacons behind it): in an outage every request fails and
 * nothing is counted. At `quarantineAfterServerErrors` counts the beacon is quarantined: removed,
 * counted in `droppedCount` and in its session_end's `quarantinedCount`, and told
 * (`TELEMETRY_BEACON_QUARANTINED`). Two beacons failing alone in a row mean an outage: back off.
 *
 * `flushFinal()` hands the whole queue to the browser as the page goes away, but keeps it stored:
 * if the page does not come back, the next page load sends it again (the collector drops copies).
 */
export class Deliverer {
  readonly #options: DelivererOptions;
  readonly #scheduler: SchedulerLike;
  #sending = false;
  /** Set while backing off: nothing is sent until it fires. */
  #backoffTimer: Subscription | null = null;
  /** Set while beacons are parked: they are tried again when it fires; the others are sent meanwhile. */
  #unparkTimer: Subscription | null = null;
  /** Event ids of beacons answered 5xx alone, held back until the unpark timer fires. */
  readonly #parked = new Set<string>();
  /** A beacon answered 5xx alone whose count waits for the next request's outcome. */
  #suspect: TelemetryBeacon | null = null;
  /** The last request was delivered. */
  #lastDelivered = false;
  /** Failures in a row (for the backoff). */
  #attempt = 0;
  #countLimit: number;
  #rejectedTold = false;
  #stopped = false;
  #suspended = false;
  readonly stats: DeliveryStats = { requests: 0, delivered: 0, failures: 0, timeouts: 0, rejected: 0, dropped: 0, quarantined: 0, finalRequests: 0 };

  constructor(options: DelivererOptions) {
    this.#options = options;
    this.#scheduler = options.scheduler ?? asyncScheduler;
    this.#countLimit = options.maxCount;
  }

  /** True while backing off after a failure. */
  get backingOff(): boolean {
    return this.#backoffTimer !== null;
  }

  /** True while a request is in flight. */
  get sending(): boolean {
    return this.#sending;
  }

  /** Event ids of the beacons parked after a 5xx (a copy). */
  get parked(): ReadonlySet<string> {
    return new Set(this.#parked);
  }

  /** Starts sending unless a request is in flight or delivery backs off (that timer will send everything). */
  flush(): void {
    if (this.#sending || this.#backoffTimer !== null || this.#stopped || this.#suspended) return;
    void this.#drain();
  }

  /** The network is back (`online`): cut the backoff short and send now. */
  retryNow(): void {
    this.#backoffTimer?.unsubscribe();
    this.#backoffTimer = null;
    this.#unpark();
    this.flush();
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
    for (const chunk of this.#options.queue.takeAll(this.#options.maxCount, this.#options.maxBytes)) {
      this.#options.transport.sendFinal(this.#batch(chunk, true));
      this.stats.finalRequests += 1;
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#backoffTimer?.unsubscribe();
    this.#backoffTimer = null;
    this.#unparkTimer?.unsubscribe();
    this.#unparkTimer = null;
  }

  async #drain(): Promise<void> {
    this.#sending = true;
    try {
      while (!this.#stopped) {
        const chunk = this.#options.queue.take(this.#countLimit, this.#options.maxBytes, this.#parked);
        if (chunk.length === 0) {
          this.#parkUntilLater();
          return;
        }
        this.stats.requests += 1;
        const outcome = await this.#options.transport.send(this.#batch(chunk, false));
        if (!this.#settle(outcome, chunk)) return;
      }
    } finally {
      this.#sending = false;
      this.#options.onIdle?.();
    }
  }

  /** Applies the policy for one outcome; true to send the next request now. */
  #settle(outcome: SendOutcome, chunk: TelemetryBeacon[]): boolean {
    const queue = this.#options.queue;
    switch (outcome.kind) {
      case 'delivered':
        queue.remove(chunk);
        this.stats.delivered += chunk.length;
        this.#verdict(true);
        this.#attempt = 0;
        this.#countLimit = Math.min(this.#options.maxCount, this.#countLimit * 2);
        this.#rejectedTold = false;
        return true;
      case 'too-large':
      case 'invalid': {
        // Deterministic answers: split at once, until the beacon refused alone is the only one dropped.
        if (chunk.length > 1) {
          this.#countLimit = Math.ceil(chunk.length / 2);
          return true;
        }
        const [beacon] = chunk as [TelemetryBeacon];
        queue.drop(beacon);
        this.stats.dropped += 1;
        const status = outcome.kind === 'invalid' ? outcome.status : 413;
        this.#tell(
          outcome.kind === 'invalid' ? 'TELEMETRY_BEACON_INVALID' : 'TELEMETRY_BEACON_TOO_LARGE',
          `The collector refused a ${beacon.type} beacon (HTTP ${status}); it was dropped and is counted in droppedCount of its session.`,
          [beacon],
          status,
        );
        return true;
      }
      case 'endpoint-rejected':
        this.stats.rejected += 1;
        this.#verdict(false);
        if (!this.#rejectedTold) {
          this.#rejectedTold = true;
          this.#tell(
            'TELEMETRY_ENDPOINT_REJECTED',
            `The collector refused the endpoint (HTTP ${outcome.status}); ${queue.size} beacons stay queued and are retried with backoff.`,
            queue.items,
            outcome.status,
          );
        }
        this.#backOff();
        return false;
      case 'retry':
        this.stats.failures += 1;
        if (outcome.reason === 'timeout') this.stats.timeouts += 1;
        this.#verdict(false);
        this.#backOff(outcome.retryAfterMs);
        return false;
      case 'server-error': {
        this.stats.failures += 1;
        if (chunk.length > 1) {
          this.#verdict(false);
          this.#countLimit = Math.ceil(chunk.length / 2);
          this.#backOff(outcome.retryAfterMs);
          return false;
        }
        const [beacon] = chunk as [TelemetryBeacon];
        if (this.#suspect !== null) {
          // Two beacons failing alone in a row: the collector is failing, not the beacons.
          this.#verdict(false);
          this.#backOff(outcome.retryAfterMs);
          return false;
        }
        if (this.#lastDelivered) this.#countAgainst(beacon);
        else this.#suspect = beacon;
        this.#lastDelivered = false;
        if (queue.serverErrorsOf(beacon.eventId) > 0 || this.#suspect === beacon) this.#parked.add(beacon.eventId);
        return true;
      }
    }
  }

  /** The outcome of the request after a suspect's 5xx: delivered counts the 5xx against it. */
  #verdict(delivered: boolean): void {
    const suspect = this.#suspect;
    this.#suspect = null;
    this.#lastDelivered = delivered;
    if (suspect && delivered) this.#countAgainst(suspect);
  }

  #countAgainst(beacon: TelemetryBeacon): void {
    const count = this.#options.queue.countServerError(beacon.eventId);
    if (count < this.#options.quarantineAfterServerErrors) return;
    this.#options.queue.quarantine(beacon);
    this.#parked.delete(beacon.eventId);
    this.stats.quarantined += 1;
    this.#tell(
      'TELEMETRY_BEACON_QUARANTINED',
      `The collector answered 5xx ${count} times for a ${beacon.type} beacon while it took others; it was quarantined and is counted in its session's droppedCount and session_end.quarantinedCount.`,
      [beacon],
    );
  }

  #backOff(retryAfterMs?: number): void {
    this.#attempt += 1;
    this.#unpark();
    this.#backoffTimer?.unsubscribe();
    this.#backoffTimer = this.#scheduler.schedule(() => {
      this.#backoffTimer = null;
      this.flush();
    }, retryDelayMs(this.#attempt, this.#options.backoff, this.#options.random, retryAfterMs));
  }

  /** Nothing but parked beacons left to send: retry them alone later (no request tells on them meanwhile). */
  #parkUntilLater(): void {
    this.#suspect = null; // no request right after it: no verdict
    if (this.#parked.size === 0 || this.#unparkTimer !== null) return;
    const queue = this.#options.queue;
    const counts = [...this.#parked].map((id) => queue.serverErrorsOf(id));
    const delayMs = backoffDelayMs(Math.max(1, ...counts), this.#options.backoff, this.#options.random);
    this.#unparkTimer = this.#scheduler.schedule(() => {
      this.#unparkTimer = null;
      this.#parked.clear();
      this.flush();
    }, delayMs);
  }

  #unpark(): void {
    this.#unparkTimer?.unsubscribe();
    this.#unparkTimer = null;
    this.#parked.clear();
  }

  #tell(code: TelemetryErrorCode, message: string, beacons: readonly TelemetryBeacon[], httpStatus?: number): void {
    const error = new TelemetryError(code, message, {
      destination: this.#options.destination,
      ...(httpStatus !== undefined ? { httpStatus } : {}),
      beaconCount: beacons.length,
      sessionIds: [...new Set(beacons.map((beacon) => beacon.sessionId))],
    });
    this.#options.onError?.(error);
  }

  #batch(beacons: TelemetryBeacon[], final: boolean): BeaconBatch {
    return { schemaVersion: SCHEMA_VERSION, sentAtMs: this.#options.epochMs(), final, beacons };
  }
}
