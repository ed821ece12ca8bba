import {
  EMPTY,
  Subject,
  asyncScheduler,
  filter,
  interval,
  map,
  merge,
  mergeMap,
  scan,
  share,
  tap,
  type Observable,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import type { Clock } from '../contracts/clock.js';
import type { KeyValueStorage } from '../contracts/key-value-storage.js';
import { batchBy } from './batch.js';
import { systemClock } from './clock.js';
import { hasDelivery, type ResolvedTelemetryConfig } from './config.js';
import { Deliverer } from './delivery.js';
import { browserPage, pageExits, type PageLike } from './lifecycle.js';
import { BeaconQueue } from './queue.js';
import { isSampled } from './sampling.js';
import { INITIAL_TELEMETRY_STATE, provisionalEnd, stepTelemetry, type Step } from './session.js';
import type { PipelineSignal, PlayerProbe, PlayerSignal } from './signals.js';
import { NO_STORE, createStorageQueueStore, releaseInstance } from './storage.js';
import { customTransport, httpTransport, type Transport } from './transport.js';
import type { TelemetryBeacon } from './types.js';
import { webVitals$, type VitalReport } from './vitals.js';

/**
 * A page's provisional session_end (and queue) is taken over by another page once it has not been
 * saved for this long (or 3 heartbeats, if longer): its page is taken to be gone. Background tabs
 * may run timers as rarely as once a minute.
 */
const ABANDONED_AFTER_MS = 90_000;
/** How often an open page looks for what dead pages left. */
const ADOPT_SCAN_MS = 15_000;

/** Everything the pipeline takes from its surroundings; each has a browser default. */
export interface TelemetryEnv {
  clock: Clock;
  /** Runs heartbeats, batch timers and retries (a TestScheduler or fake timers in tests). */
  scheduler: SchedulerLike;
  /** Where undelivered beacons are kept (`localStorage`); null: memory only. */
  storage: KeyValueStorage | null;
  fetch: typeof globalThis.fetch;
  sendBeacon: ((url: string, data: BodyInit) => boolean) | null;
  /** pagehide / visibilitychange; null: none (Node). */
  page: PageLike | null;
  vitals$: Observable<VitalReport>;
  newId: () => string;
  random: () => number;
}

export interface StartTelemetryOptions {
  config: ResolvedTelemetryConfig;
  /** Read-out of the player for heartbeats. */
  probe: () => PlayerProbe;
  env?: Partial<TelemetryEnv>;
}

export interface TelemetryPipeline {
  /** Feed a player signal. */
  push(signal: PlayerSignal): void;
  /** Every beacon, sampled or not, as it is made (hot). */
  readonly beacons$: Observable<TelemetryBeacon>;
  /** The delivery queue and sender, or null when nothing is sent (no endpoint, no transport). */
  readonly deliverer: Deliverer | null;
  readonly queue: BeaconQueue | null;
  /** Ends the open session (`session_end`, reason `stop`), sends what is queued, and stops. */
  stop(): void;
}

/**
 * signals ─► session aggregation (stepTelemetry fold) ─► beacons$ ─► sampling ─► queue
 * (persisted) ─► batching by count / size / time ─► transport, with retry and backoff; the page
 * going away flushes the queue with sendBeacon. Heartbeats tick on the scheduler.
 */
export function startTelemetry(options: StartTelemetryOptions): TelemetryPipeline {
  const { config, probe } = options;
  const env = withDefaults(options.env ?? {}, config);
  const signals = new Subject<PipelineSignal>();
  const beacons = new Subject<TelemetryBeacon>();
  const subscriptions: Subscription[] = [];

  const ticks$ = interval(config.heartbeatIntervalSec * 1000, env.scheduler).pipe(
    map((): PipelineSignal => ({ type: 'heartbeat_tick', atMs: env.clock.monotonicMs(), probe: probe() })),
  );
  const vitals$ = (config.webVitals ? env.vitals$ : EMPTY).pipe(
    map((metrics): PipelineSignal => ({ type: 'vitals', atMs: env.clock.monotonicMs(), metrics })),
  );
  const context = {
    newEventId: env.newId,
    epochMsAt: (atMs: number) => env.clock.epochMs() - (env.clock.monotonicMs() - atMs),
  };
  const instanceId = env.newId();
  let deliverer: Deliverer | null = null;
  let queue: BeaconQueue | null = null;
  const staleMs = Math.max(ABANDONED_AFTER_MS, 3 * config.heartbeatIntervalSec * 1000);
  if (hasDelivery(config)) {
    const store = config.persist && env.storage ? createStorageQueueStore(env.storage, channelOf(config), instanceId, env.clock.epochMs) : NO_STORE;
    queue = new BeaconQueue(config.maxQueuedBeacons, store);
    queue.adoptStale(staleMs);
  }
  const endQueue = queue;

  const steps$ = merge(signals, ticks$, vitals$).pipe(
    scan((step: Step, signal) => stepTelemetry(step.state, signal, context), { state: INITIAL_TELEMETRY_STATE, beacons: [] }),
    share(),
  );
  subscriptions.push(steps$.pipe(mergeMap((step) => step.beacons)).subscribe(beacons));
  if (endQueue) {
    // After each step's beacons are queued (the subscription above runs first): the session_end to
    // send should this page die without pagehide.
    subscriptions.push(
      steps$.pipe(filter((step) => step.beacons.length > 0)).subscribe((step) => {
        const end = provisionalEnd(step.state, env.clock.monotonicMs(), context);
        endQueue.setProvisionalEnd(end && isSampled(end.sessionId, config.sampleRate) ? end : null);
      }),
    );
  }

  if (queue) {
    const transport = transportFor(config, env);
    const sender = new Deliverer({
      queue,
      transport,
      maxCount: config.batch.maxCount,
      maxBytes: config.batch.maxBytes,
      backoff: config.retry,
      epochMs: env.clock.epochMs,
      scheduler: env.scheduler,
      random: env.random,
    });
    deliverer = sender;
    const sendingQueue = queue;
    subscriptions.push(
      beacons
        .pipe(
          filter((beacon) => isSampled(beacon.sessionId, config.sampleRate)),
          tap((beacon) => sendingQueue.add(beacon)), // persisted at once; batching only decides when to send
          batchBy(config.batch, env.scheduler),
        )
        .subscribe(() => sender.flush()),
    );
    if (queue.size > 0) sender.flush(); // beacons a previous page left undelivered
    subscriptions.push(
      interval(ADOPT_SCAN_MS, env.scheduler).subscribe(() => {
        if (sendingQueue.adoptStale(staleMs) > 0) sender.flush(); // pages that died since this one loaded
      }),
    );
  }

  if (env.page) {
    subscriptions.push(
      pageExits(env.page).subscribe((exit) => {
        const end = (): void => signals.next({ type: 'end', atMs: env.clock.monotonicMs(), reason: 'pagehide' });
        if (exit === 'pagehide') {
          if (deliverer) deliverer.withoutSending(end);
          else end();
        }
        deliverer?.flushFinal();
      }),
    );
  }

  let stopped = false;
  return {
    push(signal) {
      if (!stopped) signals.next(signal);
    },
    beacons$: beacons.asObservable(),
    deliverer,
    queue,
    stop() {
      if (stopped) return;
      signals.next({ type: 'end', atMs: env.clock.monotonicMs(), reason: 'stop' });
      stopped = true;
      deliverer?.flush();
      for (const subscription of subscriptions) subscription.unsubscribe();
      releaseInstance(instanceId);
      beacons.complete();
    },
  };
}

function transportFor(config: ResolvedTelemetryConfig, env: TelemetryEnv): Transport {
  if (config.transport) return customTransport(config.transport);
  return httpTransport({ endpoint: config.endpoint ?? '', headers: config.headers, fetch: env.fetch, sendBeacon: env.sendBeacon });
}

/** Queued beacons are only replayed to the destination they were meant for. */
function channelOf(config: ResolvedTelemetryConfig): string {
  return config.transport ? 'custom' : encodeURIComponent(config.endpoint ?? '');
}

function withDefaults(env: Partial<TelemetryEnv>, config: ResolvedTelemetryConfig): TelemetryEnv {
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  return {
    clock: env.clock ?? systemClock,
    scheduler: env.scheduler ?? asyncScheduler,
    storage: env.storage !== undefined ? env.storage : defaultStorage(),
    fetch: env.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    sendBeacon: env.sendBeacon !== undefined ? env.sendBeacon : nav?.sendBeacon ? (url, data) => nav.sendBeacon(url, data) : null,
    page: env.page !== undefined ? env.page : browserPage(),
    vitals$: env.vitals$ ?? (config.webVitals ? webVitals$() : EMPTY),
    newId: env.newId ?? (() => crypto.randomUUID()),
    random: env.random ?? Math.random,
  };
}

function defaultStorage(): KeyValueStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled (privacy settings, sandboxed iframe)
  }
}
