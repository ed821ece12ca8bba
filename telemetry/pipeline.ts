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
import { hasDelivery, isHttpUrl, type ResolvedTelemetryConfig } from './config.js';
import { Deliverer } from './delivery.js';
import { TelemetryError } from './errors.js';
import { browserPage, networkBack, pageExits, pageReturns, type PageLike } from './lifecycle.js';
import { OwnerLiveness, type LockManagerLike } from './liveness.js';
import { BeaconQueue } from './queue.js';
import { isSampled } from './sampling.js';
import { INITIAL_TELEMETRY_STATE, provisionalEnd, stepTelemetry, type Step } from './session.js';
import type { PipelineSignal, PlayerProbe, PlayerSignal } from './signals.js';
import { NO_STORE, createStorageQueueStore, listOwners, takeOwner } from './storage.js';
import { customTransport, httpTransport, type Transport } from './transport.js';
import type { TelemetryBeacon } from './types.js';
import { webVitals$, type VitalReport } from './vitals.js';

/**
 * Without Web Locks, an instance not heard of for this long (or 3 heartbeats, if longer) is taken
 * to be gone, and its queue and provisional session_end are taken over by another page. Background
 * tabs may run timers as rarely as once a minute. (With Web Locks a page is known gone at once.)
 */
const ABANDONED_AFTER_MS = 90_000;
/** How often an open page renews its lease and looks for what gone pages left. */
const ADOPT_SCAN_MS = 15_000;
/** The channel of the embedder's transport. */
const CUSTOM_CHANNEL = 'custom';

/** Everything the pipeline takes from its surroundings; each has a browser default. */
export interface TelemetryEnv {
  clock: Clock;
  /** Runs heartbeats, batch timers, request timeouts and retries (a TestScheduler or fake timers in tests). */
  scheduler: SchedulerLike;
  /** Where undelivered beacons are kept (`localStorage`); null: memory only. */
  storage: KeyValueStorage | null;
  /** `navigator.locks`, to know which tabs are gone; null: a lease in storage instead. */
  locks: LockManagerLike | null;
  fetch: typeof globalThis.fetch;
  sendBeacon: ((url: string, data: BodyInit) => boolean) | null;
  /** pagehide / pageshow / visibilitychange / online; null: none (Node). */
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

/** One destination: its queue (persisted under its channel) and its sender. */
export interface DeliveryLane {
  /** The endpoint URL, or `custom` for the embedder's transport. */
  readonly destination: string;
  readonly queue: BeaconQueue;
  readonly deliverer: Deliverer;
}

export interface TelemetryPipeline {
  /** Feed a player signal. */
  push(signal: PlayerSignal): void;
  /** Every beacon, sampled or not, as it is made (hot). */
  readonly beacons$: Observable<TelemetryBeacon>;
  /** What delivery has to say (hot): an endpoint refused (once per episode), beacons dropped or quarantined, the queue full. */
  readonly errors$: Observable<TelemetryError>;
  /** The delivery queue and sender of this config's destination, or null when nothing is sent (no endpoint, no transport). */
  readonly deliverer: Deliverer | null;
  readonly queue: BeaconQueue | null;
  /**
   * Every destination this pipeline sends to, by channel: its own first, then the endpoints of
   * earlier pages whose queues it took over (see `startTelemetry`).
   */
  readonly lanes: ReadonlyMap<string, DeliveryLane>;
  /**
   * Ends the open session (`session_end`, reason `stop`) and sends what is queued; the sender
   * keeps going until its queues are empty, then this instance retires (its storage keys go).
   */
  stop(): void;
}

/**
 * signals ─► session aggregation (stepTelemetry fold) ─► beacons$ ─► sampling ─► queue
 * (persisted) ─► batching by count / size / time ─► transport, with timeouts, retry and backoff;
 * the page going away flushes the queue with sendBeacon. Heartbeats tick on the scheduler.
 *
 * Persistence across tabs: each instance writes only its own keys (storage.ts) and takes over the
 * keys of instances whose page is gone (liveness.ts: Web Locks, else a lease), at start and every
 * 15 s. Queues left for another endpoint (an earlier page with another collector URL) are sent
 * there, as plain POSTs without this config's headers (headers are never stored); queues of an
 * embedder's transport wait for a page that has one.
 */
export function startTelemetry(options: StartTelemetryOptions): TelemetryPipeline {
  const { config, probe } = options;
  const env = withDefaults(options.env ?? {}, config);
  const signals = new Subject<PipelineSignal>();
  const beacons = new Subject<TelemetryBeacon>();
  const errors = new Subject<TelemetryError>();
  /** Ended by stop(). */
  const sessionSubscriptions: Subscription[] = [];
  /** Ended when the instance retires. */
  const deliverySubscriptions: Subscription[] = [];

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
  const staleMs = Math.max(ABANDONED_AFTER_MS, 3 * config.heartbeatIntervalSec * 1000);
  const storage = config.persist ? env.storage : null;
  const liveness = storage ? new OwnerLiveness({ storage, locks: env.locks, epochMs: env.clock.epochMs, staleMs }) : null;
  const lanes = new Map<string, DeliveryLane>();
  let stopped = false;
  let retired = false;

  const makeLane = (channel: string, destination: string, transport: Transport): DeliveryLane => {
    const store = storage ? createStorageQueueStore(storage, channel, instanceId, env.clock.epochMs) : NO_STORE;
    const queue = new BeaconQueue(config.maxQueuedBeacons, store, (dropped) =>
      errors.next(
        new TelemetryError(
          'TELEMETRY_QUEUE_FULL',
          `${config.maxQueuedBeacons} beacons are queued for ${destination}: the oldest heartbeat (else the oldest beacon) is dropped, counted in droppedCount of its session.`,
          { destination, beaconCount: 1, sessionIds: [dropped.sessionId] },
        ),
      ),
    );
    const deliverer = new Deliverer({
      queue,
      transport,
      destination,
      maxCount: config.batch.maxCount,
      maxBytes: config.batch.maxBytes,
      backoff: config.retry,
      quarantineAfterServerErrors: config.retry.quarantineAfterServerErrors,
      epochMs: env.clock.epochMs,
      scheduler: env.scheduler,
      random: env.random,
      onError: (error) => errors.next(error),
      onIdle: () => retireIfDone(),
    });
    const lane: DeliveryLane = { destination, queue, deliverer };
    lanes.set(channel, lane);
    return lane;
  };

  let main: DeliveryLane | null = null;
  if (hasDelivery(config)) {
    liveness?.claim(instanceId);
    main = makeLane(channelOf(config), config.transport ? CUSTOM_CHANNEL : (config.endpoint ?? ''), transportFor(config, env));
  }

  /** The lane for a channel found in storage: this config's, or one to an earlier page's endpoint; null when this page cannot send there. */
  const laneFor = (channel: string): DeliveryLane | null => {
    const existing = lanes.get(channel);
    if (existing) return existing;
    const endpoint = endpointOf(channel);
    if (!main || endpoint === null) return null;
    return makeLane(channel, endpoint, httpTransport({ endpoint, headers: {}, fetch: env.fetch, sendBeacon: env.sendBeacon, timeoutMs: config.retry.requestTimeoutMs, scheduler: env.scheduler, epochMs: env.clock.epochMs }));
  };

  /** Takes over what gone pages left, in every channel this page can send to. */
  const takeOver = async (): Promise<void> => {
    if (!storage || !liveness || !main || retired) return;
    const owners = listOwners(storage, instanceId);
    if (owners.length === 0) return;
    await liveness.forEachGone(owners, (owner) => {
      for (const [channel, queue] of takeOwner(storage, owner, (candidate) => laneFor(candidate) !== null)) {
        const lane = laneFor(channel);
        if (lane && lane.queue.adopt(queue) > 0) lane.deliverer.flush();
      }
    });
  };

  const steps$ = merge(signals, ticks$, vitals$).pipe(
    scan((step: Step, signal) => stepTelemetry(step.state, signal, context), { state: INITIAL_TELEMETRY_STATE, beacons: [] }),
    share(),
  );
  sessionSubscriptions.push(steps$.pipe(mergeMap((step) => step.beacons)).subscribe(beacons));

  if (main) {
    const { queue, deliverer } = main;
    // After each step's beacons are queued (the subscription above runs first): the session_end to
    // send should this page die without pagehide.
    sessionSubscriptions.push(
      steps$.pipe(filter((step) => step.beacons.length > 0)).subscribe((step) => {
        const end = provisionalEnd(step.state, env.clock.monotonicMs(), context);
        queue.setProvisionalEnd(end && isSampled(end.sessionId, config.sampleRate) ? end : null);
      }),
    );
    sessionSubscriptions.push(
      beacons
        .pipe(
          filter((beacon) => isSampled(beacon.sessionId, config.sampleRate)),
          tap((beacon) => queue.add(beacon)), // persisted at once; batching only decides when to send
          batchBy(config.batch, env.scheduler),
        )
        .subscribe(() => deliverer.flush()),
    );
    void takeOver(); // what pages that are gone left undelivered
    deliverySubscriptions.push(
      interval(ADOPT_SCAN_MS, env.scheduler).subscribe(() => {
        liveness?.renew(instanceId);
        void takeOver(); // pages that went since this one loaded
      }),
    );
  }

  if (env.page) {
    const page = env.page;
    deliverySubscriptions.push(
      pageExits(page).subscribe((exit) => {
        const end = (): void => signals.next({ type: 'end', atMs: env.clock.monotonicMs(), reason: 'pagehide' });
        if (exit === 'pagehide' && !stopped) {
          if (main) main.deliverer.withoutSending(end);
          else end();
        }
        for (const lane of lanes.values()) lane.deliverer.flushFinal();
        // Gone, or into the back/forward cache (which a held Web Lock would forbid): others may take over.
        if (exit === 'pagehide' && main) liveness?.leave(instanceId);
      }),
      pageReturns(page).subscribe(() => {
        if (main) liveness?.rejoin(instanceId);
      }),
      networkBack(page).subscribe(() => {
        for (const lane of lanes.values()) lane.deliverer.retryNow();
      }),
    );
  }

  function retireIfDone(): void {
    if (!stopped || retired) return;
    for (const lane of lanes.values()) if (lane.queue.size > 0 || lane.deliverer.sending) return;
    retired = true;
    for (const subscription of deliverySubscriptions) subscription.unsubscribe();
    for (const lane of lanes.values()) lane.deliverer.stop();
    liveness?.release(instanceId);
    errors.complete();
  }

  return {
    push(signal) {
      if (!stopped) signals.next(signal);
    },
    beacons$: beacons.asObservable(),
    errors$: errors.asObservable(),
    deliverer: main?.deliverer ?? null,
    queue: main?.queue ?? null,
    lanes,
    stop() {
      if (stopped) return;
      signals.next({ type: 'end', atMs: env.clock.monotonicMs(), reason: 'stop' });
      stopped = true;
      for (const subscription of sessionSubscriptions) subscription.unsubscribe();
      beacons.complete();
      for (const lane of lanes.values()) lane.deliverer.flush();
      retireIfDone();
    },
  };
}

function transportFor(config: ResolvedTelemetryConfig, env: TelemetryEnv): Transport {
  const timing = { timeoutMs: config.retry.requestTimeoutMs, scheduler: env.scheduler };
  if (config.transport) return customTransport(config.transport, timing);
  return httpTransport({ endpoint: config.endpoint ?? '', headers: config.headers, fetch: env.fetch, sendBeacon: env.sendBeacon, epochMs: env.clock.epochMs, ...timing });
}

/** Queued beacons are only ever sent to the destination they were meant for. */
function channelOf(config: ResolvedTelemetryConfig): string {
  return config.transport ? CUSTOM_CHANNEL : encodeURIComponent(config.endpoint ?? '');
}

/** The endpoint a channel names, or null (the embedder's transport, or not an http(s) URL). */
export function endpointOf(channel: string): string | null {
  if (channel === CUSTOM_CHANNEL) return null;
  try {
    const endpoint = decodeURIComponent(channel);
    return endpoint !== '' && isHttpUrl(endpoint) ? endpoint : null;
  } catch {
    return null;
  }
}

function withDefaults(env: Partial<TelemetryEnv>, config: ResolvedTelemetryConfig): TelemetryEnv {
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  return {
    clock: env.clock ?? systemClock,
    scheduler: env.scheduler ?? asyncScheduler,
    storage: env.storage !== undefined ? env.storage : defaultStorage(),
    locks: env.locks !== undefined ? env.locks : ((nav as { locks?: LockManagerLike } | undefined)?.locks ?? null),
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
