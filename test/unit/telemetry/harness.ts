import { EMPTY, VirtualTimeScheduler } from 'rxjs';
import type { KeyValueStorage } from '../../../contracts/key-value-storage.js';
import type { TelemetryOptions } from '../../../telemetry/config.js';
import { resolveTelemetryConfig } from '../../../telemetry/config.js';
import type { PageLike } from '../../../telemetry/lifecycle.js';
import { startTelemetry, type TelemetryPipeline } from '../../../telemetry/pipeline.js';
import type { BeaconBatch, TelemetryBeacon } from '../../../telemetry/types.js';
import { sessionSignal } from './fixtures.js';

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

/** A page whose pagehide / visibilitychange the test fires. */
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

  /** `startMs`: the page loads this long after the first one (the clocks of all harnesses start together). */
  constructor(options: TelemetryOptions, storage = new MemoryStorage(), prefix = 'a', startMs = 0) {
    this.storage = storage;
    this.#monotonicMs = startMs;
    this.scheduler.frame = startMs;
    let id = 0;
    const { config } = resolveTelemetryConfig(options);
    this.pipeline = startTelemetry({
      config,
      probe: () => ({ positionSec: 0, bufferSec: 10, bitrateBps: 1e6, droppedFrames: 0 }),
      env: {
        clock: { monotonicMs: () => this.#monotonicMs, epochMs: () => 1_700_000_000_000 + this.#monotonicMs },
        scheduler: this.scheduler,
        storage,
        sendBeacon: (_url, data) => {
          void (data as Blob).text().then((text) => this.finalBatches.push(JSON.parse(text) as BeaconBatch));
          return true;
        },
        page: this.page,
        vitals$: EMPTY,
        newId: () => `${prefix}-${++id}`,
        random: () => 0.5,
      },
    });
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

  async advance(ms: number, stepMs = 100): Promise<void> {
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
