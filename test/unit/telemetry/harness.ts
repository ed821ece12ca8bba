import { EMPTY, VirtualTimeScheduler } from 'rxjs';
import type { KeyValueStorage } from '../../../contracts/key-value-storage.js';
import type { TelemetryOptions } from '../../../telemetry/config.js';
import { resolveTelemetryConfig } from '../../../telemetry/config.js';
import type { PageLike } from '../../../telemetry/lifecycle.js';
import type { LockManagerLike } from '../../../telemetry/liveness.js';
import { startTelemetry, type TelemetryPipeline } from '../../../telemetry/pipeline.js';
import type { BeaconBatch, TelemetryBeacon } from '../../../telemetry/types.js';
import type { TelemetryError } from '../../../telemetry/errors.js';
import { EPOCH_MS, sessionSignal } from './fixtures.js';

export const ENDPOINT = 'http://127.0.0.1:9/beacons';

/** `localStorage` stand-in that outlives a pipeline, as the real one outlives a page. */
export class MemoryStorage implements KeyValueStorage {
  readonly map = new Map<string, string>();
  get length(): number {
    return this.map.size;
  }
  key(index: number): string | null {
    return [...this.map.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
}

/**
 * `navigator.locks` stand-in shared by the pages of one "browser": exclusive locks by name,
 * `ifAvailable`, `query()`; `dropHeldBy(prefix)` is the browser freeing a dead page's locks.
 */
export class FakeLocks implements LockManagerLike {
  readonly held = new Set<string>();
  readonly #waiting = new Map<string, Array<() => void>>();

  async request(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => unknown): Promise<unknown> {
    if (this.held.has(name)) {
      if (options.ifAvailable) return callback(null);
      await new Promise<void>((resolve) => this.#waiting.set(name, [...(this.#waiting.get(name) ?? []), resolve]));
    }
    this.held.add(name);
    try {
      return await callback({ name });
    } finally {
      this.#free(name);
    }
  }

  async query(): Promise<{ held: Array<{ name: string }> }> {
    return { held: [...this.held].map((name) => ({ name })) };
  }

  /** The page holding locks whose names end with `suffix` is gone: the browser frees them. */
  dropHeldBy(suffix: string): void {
    for (const name of [...this.held]) if (name.endsWith(suffix)) this.#free(name);
  }

  #free(name: string): void {
    if (!this.held.delete(name)) return;
    const next = this.#waiting.get(name)?.shift();
    next?.();
  }
}

/** A page whose pagehide / visibilitychange / online the test fires. */
export class FakePage implements PageLike {
  readonly window = new EventTarget();
  hidden = false;
  visibilityState(): DocumentVisibilityState {
    return this.hidden ? 'hidden' : 'visible';
  }
  leave(): void {
    this.window.dispatchEvent(new Event('pagehide'));
  }
  hide(): void {
    this.hidden = true;
    this.window.dispatchEvent(new Event('visibilitychange'));
  }
  online(): void {
    this.window.dispatchEvent(new Event('online'));
  }
  /** `pageshow`; `persisted`: back from the back/forward cache. */
  show(persisted: boolean): void {
    this.window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted }));
  }
}

export interface HarnessOptions {
  storage?: MemoryStorage;
  /** Prefix of ids (the first id is the pipeline's instance id: `<prefix>-1`). */
  prefix?: string;
  /** The page loads this long after the first one (the clocks of all harnesses start together). */
  startMs?: number;
  /** Web Locks shared with other harnesses (the same browser); null: none (the lease). */
  locks?: LockManagerLike | null;
  random?: () => number;
}

/**
 * A pipeline on virtual time: `advance(ms)` runs the heartbeats, batch timers and retries due by
 * then, and lets fetches (answered by msw) settle.
 */
export class Harness {
  readonly scheduler = new VirtualTimeScheduler();
  readonly storage: MemoryStorage;
  readonly page = new FakePage();
  readonly beacons: TelemetryBeacon[] = [];
  readonly finalBatches: BeaconBatch[] = [];
  readonly pipeline: TelemetryPipeline;
  #monotonicMs = 0;

  /** What `errors$` said. */
  readonly telemetryErrors: TelemetryError[] = [];
  readonly instanceId: string;
  readonly locks: LockManagerLike | null;
  #alive = true;

  /** `startMs`: the page loads this long after the first one (the clocks of all harnesses start together). */
  constructor(options: TelemetryOptions, storageOrOptions: MemoryStorage | HarnessOptions = new MemoryStorage(), prefix = 'a', startMs = 0) {
    const opts: HarnessOptions = storageOrOptions instanceof MemoryStorage ? { storage: storageOrOptions, prefix, startMs } : storageOrOptions;
    const idPrefix = opts.prefix ?? prefix;
    this.storage = opts.storage ?? new MemoryStorage();
    this.locks = opts.locks ?? null;
    this.#monotonicMs = opts.startMs ?? startMs;
    this.scheduler.frame = this.#monotonicMs;
    this.instanceId = `${idPrefix}-1`;
    let id = 0;
    const { config } = resolveTelemetryConfig(options);
    this.pipeline = startTelemetry({
      config,
      probe: () => ({ positionSec: 0, bufferSec: 10, bitrateBps: 1e6, droppedFrames: 0 }),
      env: {
        clock: { monotonicMs: () => this.#monotonicMs, epochMs: () => EPOCH_MS + this.#monotonicMs },
        scheduler: this.scheduler,
        storage: this.storage,
        locks: this.locks,
        sendBeacon: (_url, data) => {
          void (data as Blob).text().then((text) => this.finalBatches.push(JSON.parse(text) as BeaconBatch));
          return true;
        },
        page: this.page,
        vitals$: EMPTY,
        newId: () => `${idPrefix}-${++id}`,
        random: opts.random ?? (() => 0.5),
      },
    });
    this.pipeline.errors$.subscribe((error) => this.telemetryErrors.push(error));
    this.pipeline.beacons$.subscribe((beacon) => this.beacons.push(beacon));
  }

  get monotonicMs(): number {
    return this.#monotonicMs;
  }

  startSession(sessionId = 's1'): void {
    this.pipeline.push(sessionSignal({ atMs: this.#monotonicMs, sessionId }));
  }

  /** `count` non-fatal errors: cheap beacons to fill batches with. */
  errors(count: number): void {
    for (let i = 0; i < count; i += 1) {
      this.pipeline.push({ type: 'error', atMs: this.#monotonicMs, positionSec: 0, code: 'SEGMENT_LOAD_FAILED', fatal: false, message: `error ${i}` });
    }
  }

  /** The page dies without pagehide (a crash, a killed tab): no more timers; the browser frees its locks. */
  die(): void {
    this.#alive = false;
    if (this.locks instanceof FakeLocks) this.locks.dropHeldBy(`:${this.instanceId}`);
  }

  async advance(ms: number, stepMs = 100): Promise<void> {
    if (!this.#alive) throw new Error('this page is dead');
    const end = this.#monotonicMs + ms;
    while (this.#monotonicMs < end) {
      this.#monotonicMs = Math.min(end, this.#monotonicMs + stepMs);
      this.scheduler.maxFrames = this.#monotonicMs;
      this.scheduler.flush();
      this.scheduler.frame = this.#monotonicMs;
      await settle();
    }
  }
}

/** Lets pending promises (fetch answered by msw) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
}
