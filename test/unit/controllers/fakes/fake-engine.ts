import type { EngineAdapter, EngineAdapterFactory, EngineLoadOptions, EngineName, EngineSink, Quality } from '../../../../src/engines/types.js';
import { VodPlayerError, type VodErrorCode } from '../../../../src/errors.js';

type Listener = (data: unknown) => void;

/**
 * A stand-in for an engine library (Hls, dash.js MediaPlayer, shaka.Player): its own event names and
 * emitter, a manifest load the test settles by hand, and a record of what was done to it.
 */
export class FakeEngine {
  static readonly Events = {
    MANIFEST_PARSED: 'manifestParsed',
    LEVEL_SWITCHED: 'levelSwitched',
    ERROR: 'error',
  } as const;

  readonly #listeners = new Map<string, Set<Listener>>();
  /** The listeners at destroy time: what a callback already in flight still reaches. */
  #late = new Map<string, Set<Listener>>();
  readonly loads: string[] = [];
  destroyed = false;
  autoLevel = true;
  pinnedLevel: number | 'auto' | null = null;
  #settle: { resolve: () => void; reject: (error: unknown) => void } | null = null;

  on(event: string, listener: Listener): void {
    const set = this.#listeners.get(event) ?? new Set();
    set.add(listener);
    this.#listeners.set(event, set);
  }
  off(event: string, listener: Listener): void {
    this.#listeners.get(event)?.delete(listener);
  }
  emit(event: string, data?: unknown): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) listener(data);
  }
  get listenerCount(): number {
    let count = 0;
    for (const set of this.#listeners.values()) count += set.size;
    return count;
  }

  loadSource(src: string): Promise<void> {
    this.loads.push(src);
    return new Promise((resolve, reject) => (this.#settle = { resolve, reject }));
  }
  /** The manifest is parsed: the ladder is announced and `load()` resolves. */
  finishLoading(levels: readonly Quality[]): void {
    this.emit(FakeEngine.Events.MANIFEST_PARSED, levels);
    this.#settle?.resolve();
  }
  failLoading(error: unknown): void {
    this.#settle?.reject(error);
  }
  destroy(): void {
    this.destroyed = true;
    this.#late = new Map(this.#listeners);
    this.#listeners.clear();
  }
  /** A callback that was already in flight when the engine was destroyed (a late XHR, a timer). */
  emitLate(event: string, data?: unknown): void {
    for (const listener of [...(this.#late.get(event) ?? [])]) listener(data);
  }
}

/** What `engine.emit('error', …)` takes: by default a fatal SEGMENT_LOAD_FAILED or a non-fatal ENGINE_ERROR. */
export interface FakeEngineError {
  fatal: boolean;
  message: string;
  code?: VodErrorCode;
  httpStatus?: number;
  qualityIndex?: number;
}

export interface FakeAdapterRecord {
  readonly engine: FakeEngine;
  readonly adapter: EngineAdapter;
  readonly loadOptions: EngineLoadOptions[];
}

/** Builds adapters over FakeEngines, as `engines/<name>/adapter.ts` does over the real ones. */
export function fakeAdapterFactory(
  name: EngineName,
  records: FakeAdapterRecord[],
  hooks: { destroy?: (record: FakeAdapterRecord) => Promise<void>; create?: (record: FakeAdapterRecord) => void } = {},
): EngineAdapterFactory {
  return (_media, sink: EngineSink) => {
    const engine = new FakeEngine();
    let qualities: readonly Quality[] = [];
    const loadOptions: EngineLoadOptions[] = [];
    const adapter: EngineAdapter = {
      name,
      engineInstance: engine,
      get qualities() {
        return qualities;
      },
      get autoQuality() {
        return engine.autoLevel;
      },
      async load(src, options) {
        loadOptions.push(options);
        engine.on(FakeEngine.Events.MANIFEST_PARSED, (levels) => {
          qualities = levels as Quality[];
          sink.qualities(qualities);
        });
        engine.on(FakeEngine.Events.LEVEL_SWITCHED, (data) => {
          const { level, decisionId } = typeof data === 'number' ? { level: data, decisionId: undefined } : (data as { level: number; decisionId: number | null });
          sink.qualityRendered(qualities[level]!, decisionId === undefined ? undefined : { decisionId });
        });
        engine.on(FakeEngine.Events.ERROR, (data) => {
          const { fatal, message, code, httpStatus, qualityIndex } = data as FakeEngineError;
          const detail = { engine: name, ...(httpStatus !== undefined ? { httpStatus } : {}), ...(qualityIndex !== undefined ? { qualityIndex } : {}) };
          sink.error(new VodPlayerError(code ?? (fatal ? 'SEGMENT_LOAD_FAILED' : 'ENGINE_ERROR'), message, { fatal, detail }));
        });
        await engine.loadSource(src);
      },
      setQuality(index) {
        engine.pinnedLevel = index;
        engine.autoLevel = index === 'auto';
      },
      bandwidthEstimateBps: () => 1_000_000,
      async destroy() {
        if (hooks.destroy) await hooks.destroy(record);
        engine.destroy();
      },
    };
    const record: FakeAdapterRecord = { engine, adapter, loadOptions };
    records.push(record);
    hooks.create?.(record);
    return adapter;
  };
}

export function ladder(): Quality[] {
  return [
    { index: 0, width: 640, height: 360, bitrateBps: 800_000, codecs: 'avc1.64001e', label: '360p' },
    { index: 1, width: 1280, height: 720, bitrateBps: 3_000_000, codecs: 'avc1.64001f', label: '720p' },
  ];
}
