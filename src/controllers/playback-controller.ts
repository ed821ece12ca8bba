import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RungCaps } from '../../abr/index.js';
import { RebufferMonitor } from './rebuffer-monitor.js';
import { detectCapabilities } from '../engines/capabilities.js';
import { loadEngine } from '../engines/load.js';
import { SourcePreload, mayPrefetchManifest, resolveSource, type PreloadRequest } from '../engines/preload.js';
import { selectEngine, type PlaybackCapabilities } from '../engines/select.js';
import type {
  EngineAdapter,
  EngineAdapterFactory,
  EngineCmcdOptions,
  EngineName,
  EngineSink,
  Quality,
} from '../engines/types.js';
import { VodPlayerError } from '../errors.js';
import { emit } from '../events.js';
import type { RebufferTransition } from '../media/rebuffer-detector.js';
import { VodAbrSession, seedHostOf, type VodAbrSessionOptions } from '../vod-abr/abr-session.js';
import { createFetchProbe } from '../recovery/network-probe.js';
import type { RecoveryDeps } from '../recovery/recovery-session.js';
import { RecoveryCoordinator, type RecoveryPort } from './recovery-coordinator.js';
import { bridgeMediaEvents } from './media-event-bridge.js';
import type { PlaybackSettings } from './playback-settings.js';

/** `HTMLMediaElement.HAVE_METADATA`, spelled out so the controller runs in Node. */
const HAVE_METADATA = 1;

/** The element as the controller sees it: an event target with attributes that re-renders. */
export interface PlaybackHost extends ReactiveControllerHost, EventTarget {
  toggleAttribute(name: string, force?: boolean): boolean;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  /** Height of the player box, CSS pixels (for `abr-cap-to-size`). */
  readonly clientHeight: number;
}

/** The resume controller's part in loading: the saved position, and whether it holds autoplay back. */
export interface ResumePort {
  begin(src: string, options: { restore: boolean }): Promise<number | null>;
  readonly holdsAutoplay: boolean;
}

/** What the stall read-out of the current source needs from a monitor. */
export interface RebufferMonitorLike {
  readonly count: number;
  readonly totalMs: number;
  readonly stalled: boolean;
  readonly openSinceMs: number | null;
  dispose(): void;
}

/** Stalls of the current source as the viewer saw them (`performance.now()` times). */
export interface RebufferStats {
  count: number;
  totalMs: number;
  stalled: boolean;
  openSinceMs: number | null;
}

/** The outside world, passed in so a Node test can drive the controller with a fake engine. */
export interface PlaybackDeps {
  loadEngine(name: EngineName): Promise<EngineAdapterFactory>;
  detectCapabilities(): PlaybackCapabilities;
  monotonicMs(): number;
  createRebufferMonitor(media: HTMLVideoElement, onTransition: (transition: RebufferTransition) => void): RebufferMonitorLike;
  createAbrSession(options: VodAbrSessionOptions): VodAbrSession;
  /** The document's base URL, to resolve `src` for the ABR seed's host and the manifest prefetch. */
  baseUrl(): string;
  devicePixelRatio(): number;
  /** The manifest prefetch's `fetch` (see `engines/preload.ts`). */
  fetch(url: string, init: RequestInit): Promise<Response>;
  /** Recovery's clock, network state, timers and probe (see `recovery/recovery-session.ts`). */
  recovery(crossOrigin: PlaybackSettings['crossOrigin']): RecoveryDeps;
}

export const BROWSER_PLAYBACK_DEPS: PlaybackDeps = {
  loadEngine,
  detectCapabilities,
  monotonicMs: () => performance.now(),
  createRebufferMonitor: (media, onTransition) => new RebufferMonitor(media, onTransition),
  createAbrSession: (options) => new VodAbrSession(options),
  baseUrl: () => document.baseURI,
  devicePixelRatio: () => window.devicePixelRatio || 1,
  fetch: (url, init) => fetch(url, init),
  recovery: (crossOrigin) => ({
    nowMs: () => performance.now(),
    random: Math.random,
    online: () => navigator.onLine,
    onOnline: (listener) => {
      window.addEventListener('online', listener);
      return () => window.removeEventListener('online', listener);
    },
    setTimer: (callback, ms) => {
      const timer = setTimeout(callback, ms);
      return () => clearTimeout(timer);
    },
    probe: createFetchProbe(
      (input, init) => fetch(input, init),
      crossOrigin === 'use-credentials' ? 'include' : 'same-origin',
      () => Date.now(),
    ),
  }),
};

/** `HTMLMediaElement.HAVE_FUTURE_DATA`. */
const HAVE_FUTURE_DATA = 3;
/** A playhead this close to the duration is at the end, seconds. */
const END_TOLERANCE_SEC = 0.25;

/** A non-fatal error repeated within this many ms is not reported again. */
const REPEAT_WINDOW_MS = 1_000;



/** What starting a source's preload reads: the source settings, parsed (`PlaybackSettings`) or not yet (`sourceSettingsOf`). */
export type PreloadSettings = Pick<
  PlaybackSettings,
  'src' | 'type' | 'engine' | 'preload' | 'autoplay' | 'crossOrigin' | 'engineConfig' | 'engineSetup'
>;

export interface PlaybackControllerOptions {
  /** The current settings, parsed by the element when its properties change. */
  settings: () => Readonly<PlaybackSettings>;
  resume: ResumePort;
  /** CMCD of the telemetry session, when telemetry is on. */
  cmcd: () => EngineCmcdOptions | undefined;
  /** True when the next source's requests will carry CMCD (telemetry with CMCD is configured): no manifest prefetch then. */
  cmcdPlanned?: () => boolean;
  /** Called at every play request, the embedder's or autoplay's (telemetry's startup clock starts there). */
  onPlayIntent?: () => void;
  /** Called when the current source is dropped (a new source, a fatal error, a disconnect). */
  onTeardown?: () => void;
  deps?: Partial<PlaybackDeps>;
}

/**
 * The one path for playback: owns the engine and the ABR session of the current source (select,
 * lazy-load, load, tear down), translates the media's events into `vod-*` events, and holds the
 * quality state. It is the only source of engine events: a sink handed to an engine goes deaf as
 * soon as another source, a fatal error or a disconnect replaces that engine.
 */
export class PlaybackController implements ReactiveController {
  readonly #host: PlaybackHost;
  readonly #options: PlaybackControllerOptions;
  readonly #deps: PlaybackDeps;
  #media: HTMLVideoElement | null = null;
  #adapter: EngineAdapter | null = null;
  #abrSession: VodAbrSession | null = null;
  #rebuffer: RebufferMonitorLike | null = null;
  #generation = 0;
  #qualities: readonly Quality[] = [];
  #quality: Quality | null = null;
  #pendingQuality: number | 'auto' | null = null;
  #playRequested = false;
  #loadStartMs = 0;
  #adapterLoaded = false;
  #metadataFired = false;
  #readyFired = false;
  #needsReload = false;
  #loading: Promise<void> = Promise.resolve();
  #error: VodPlayerError | null = null;
  /** Started by `preload()` for the next load, until that load takes it. */
  #preload: SourcePreload | null = null;
  /** Recovery of the current source: policy, episode, exclusions, stall watchdog (README "Recovery"). */
  readonly #recovery: RecoveryCoordinator;
  /** Serializes teardowns: the next engine starts only once the previous one is destroyed. */
  #teardownChain: Promise<void> = Promise.resolve();
  /** Where the next load starts instead of the settings' (a recovery reload), and whether it plays. */
  #restart: { positionSec: number; play: boolean } | null = null;
  #reachedEnd = false;
  /** The last non-fatal error reported (`#repeats`). */
  #lastNonFatal: { key: string; atMs: number } | null = null;
  /** The pinned rendition, re-applied after a recovery reload. */
  #pinned: number | 'auto' = 'auto';

  constructor(host: PlaybackHost, options: PlaybackControllerOptions) {
    this.#host = host;
    this.#options = options;
    this.#deps = { ...BROWSER_PLAYBACK_DEPS, ...options.deps };
    this.#recovery = new RecoveryCoordinator(this.#recoveryPort());
    host.addController(this);
  }

  hostConnected(): void {
    if (this.#needsReload && this.#options.settings().src) void this.reload();
  }

  hostDisconnected(): void {
    this.#preload?.cancel();
    this.#preload = null;
    this.#generation++;
    this.#recovery.end();
    this.#loading = this.#teardown();
    this.#needsReload = true;
  }

  /** Hands the controller the media element (once, after the first render) and bridges its events. */
  attachMedia(media: HTMLVideoElement): void {
    this.#media = media;
    bridgeMediaEvents(media, this.#host, {
      loadedMetadata: () => this.#onLoadedMetadata(),
      canPlay: () => this.#onCanPlay(),
    });
    media.addEventListener('timeupdate', () => {
      this.#recovery.onTimeUpdate(media);
      this.#checkEnd(media);
    });
    media.addEventListener('playing', () => this.#recovery.onPlaying(media, false, this.#rebuffer?.stalled ?? false));
    for (const type of ['pause', 'waiting']) media.addEventListener(type, () => this.#checkEnd(media));
    media.addEventListener('pause', () => {
      // An engine that pauses to nudge a stall (shaka) right after a recovery reload may leave the media
      // paused: the viewer did not ask for it (their pause() clears the play request), so play on.
      if (this.#playRequested && this.#recovery.inEpisode && !media.ended && !media.seeking && !this.#reachedEnd) {
        media.play().catch(() => undefined);
      }
    });
    media.addEventListener('seeking', () => {
      if (media.currentTime < media.duration - END_TOLERANCE_SEC) this.#reachedEnd = false;
    });
  }

  // ── Read-outs ───────────────────────────────────────────────────────────────

  get media(): HTMLVideoElement | null {
    return this.#media;
  }
  /** The last fatal error, null while healthy. */
  get error(): VodPlayerError | null {
    return this.#error;
  }
  get adapter(): EngineAdapter | null {
    return this.#adapter;
  }
  get abrSession(): VodAbrSession | null {
    return this.#abrSession;
  }
  get rebufferStats(): RebufferStats {
    const monitor = this.#rebuffer;
    return {
      count: monitor?.count ?? 0,
      totalMs: monitor?.totalMs ?? 0,
      stalled: monitor?.stalled ?? false,
      openSinceMs: monitor?.openSinceMs ?? null,
    };
  }
  get qualities(): readonly Quality[] {
    return this.#qualities;
  }
  get quality(): Quality | null {
    return this.#quality;
  }
  get autoQuality(): boolean {
    if (this.#pendingQuality !== null) return this.#pendingQuality === 'auto';
    return this.#adapter?.autoQuality ?? true;
  }
  /**
   * True when the playhead stopped at the end of the source although the media never said `ended` (an
   * engine that did not end its MediaSource: dash.js after some retried requests). The element then
   * reflects `ended` and fires `ended` itself, once.
   */
  get reachedEnd(): boolean {
    return this.#reachedEnd;
  }

  /** True while recovering from a failure (the `recovering` attribute). */
  get recovering(): boolean {
    return this.#recovery.recovering;
  }
  /** Renditions out of ABR and the menu for a cool-down (index → why). */
  get excludedQualities(): ReadonlyMap<number, string> {
    return this.#recovery.excludedQualities;
  }
  /** Settles when the latest load (or teardown) has finished, whatever its outcome. For tests. */
  get settled(): Promise<void> {
    return this.#loading;
  }

  // ── Commands ────────────────────────────────────────────────────────────────

  /** Starts playback: loads a deferred source first (`preload="none"`), then `media.play()`. */
  async play(): Promise<void> {
    this.#playRequested = true;
    this.#options.onPlayIntent?.();
    if (!this.#adapter && this.#needsReload) void this.reload();
    const media = this.#media;
    if (!media || !this.#adapter) return; // played once the engine is ready
    try {
      await media.play();
    } catch (cause) {
      if (isAbortError(cause)) return; // superseded by pause() or a new source
      const error = new VodPlayerError('PLAY_REJECTED', `play() was rejected: ${String(cause)}`, { fatal: false, cause });
      emit(this.#host, 'vod-error', { error });
      throw error;
    }
  }

  pause(): void {
    this.#playRequested = false;
    this.#media?.pause();
  }

  /** Pins a rendition, or `'auto'`; kept until the engine knows its ladder. */
  setQuality(index: number | 'auto'): void {
    const count = this.#qualities.length;
    if (index !== 'auto' && (!Number.isInteger(index) || index < 0 || (count > 0 && index >= count))) {
      const message = `quality index ${index} is not in 0..${count - 1}; unchanged.`;
      this.#reportInvalid('quality', message);
      return;
    }
    this.#pinned = index;
    if (!this.#adapter || count === 0) {
      this.#pendingQuality = index;
      return;
    }
    this.#pendingQuality = null;
    this.#adapter.setQuality(index);
    this.#host.requestUpdate();
  }

  /**
   * Starts what loading `settings`' source will need, the engine chunk (`import()`) and the manifest
   * (`fetch`), in parallel and at once: the element calls it when it is connected and when its source
   * settings change, before its first render; the next `reload()` of that source takes it over and
   * hands the engine the prefetched manifest. Does nothing when the source would not load now
   * (no `src`, an error to report, `preload="none"` without autoplay) or is already on its way.
   */
  preload(settings: Readonly<PreloadSettings>): void {
    if (!settings.src || (settings.preload === 'none' && !settings.autoplay && !this.#playRequested)) return;
    const selection = selectEngine({
      src: settings.src,
      type: settings.type || undefined,
      engine: settings.engine,
      capabilities: this.#deps.detectCapabilities(),
    });
    if (selection instanceof VodPlayerError) return; // reload() reports it
    const request = this.#preloadRequest(settings, selection.engine);
    if (this.#preload?.matches(request)) return;
    this.#preload?.cancel();
    this.#preload = this.#startPreload(request);
  }

  /** Replaces whatever plays with the current settings' source. */
  reload(): Promise<void> {
    this.#recovery.end();
    this.#restart = null;
    this.#loading = this.#reload();
    return this.#loading;
  }

  // ── Engine lifecycle ────────────────────────────────────────────────────────

  async #reload(): Promise<void> {
    const generation = ++this.#generation;
    this.#needsReload = false;
    await this.#teardown();
    const media = this.#media;
    if (generation !== this.#generation || !media) return;
    this.#error = null;
    const settings = this.#options.settings();
    if (!settings.src) return;
    if (this.#recovery.beginSource(settings.src)) this.#pinned = 'auto';
    const restart = this.#restart;
    this.#restart = null;
    if (restart) this.#pendingQuality = this.#recovery.pinAfterRestart(this.#pinned);
    if (settings.preload === 'none' && !settings.autoplay && !this.#playRequested) {
      this.#needsReload = true; // loaded on the first play()
      return;
    }

    const selection = selectEngine({
      src: settings.src,
      type: settings.type || undefined,
      engine: settings.engine,
      capabilities: this.#deps.detectCapabilities(),
    });
    if (selection instanceof VodPlayerError) return this.#fail(selection);

    this.#loadStartMs = this.#deps.monotonicMs();
    // The engine chunk and the manifest, requested by preload() or now, in parallel.
    const preload = this.#takePreload(settings, selection.engine);
    // Read the saved position while the engine chunk loads; the engine then starts right there.
    const resumeStart = restart
      ? Promise.resolve(null)
      : this.#options.resume.begin(settings.src, { restore: settings.startTimeSec === null });
    let factory: EngineAdapterFactory;
    try {
      factory = await preload.factory;
    } catch (cause) {
      preload.cancel();
      if (generation === this.#generation) this.#fail(asVodError(cause, 'ENGINE_LOAD_FAILED', selection.engine));
      return;
    }
    const resumeSec = generation === this.#generation ? await resumeStart : null;
    if (generation !== this.#generation) {
      preload.cancel(); // superseded: the next load has its own
      return;
    }

    const abr = this.#createAbrSession(selection.engine, settings);
    this.#abrSession = abr;
    this.#rebuffer = this.#deps.createRebufferMonitor(media, (transition) => this.#onRebuffer(transition));
    const adapter = factory(media, this.#sinkFor(generation));
    this.#adapter = adapter;
    this.#host.setAttribute('active-engine', adapter.name);
    emit(this.#host, 'vod-enginechange', { engine: adapter.name, src: settings.src });

    // CMCD is known now (telemetry opens its session at vod-enginechange): the prefetch is handed over
    // only if the engine's manifest request would have been the plain GET it made.
    const cmcd = this.#options.cmcd();
    const handOver =
      preload.manifest !== null &&
      mayPrefetchManifest({
        engine: adapter.name,
        url: preload.manifest.url,
        cmcd: cmcd !== undefined,
        engineSetup: settings.engineSetup !== null,
        engineConfig: settings.engineConfig,
      });
    if (!handOver) preload.cancel();
    try {
      await adapter.load(settings.src, {
        startTimeSec: restart ? restart.positionSec : (settings.startTimeSec ?? resumeSec ?? undefined),
        crossOrigin: settings.crossOrigin,
        cmcd,
        abr: abr ?? undefined,
        engineConfig: settings.engineConfig ?? undefined,
        setup: settings.engineSetup ?? undefined,
        ...(handOver && preload.manifest ? { manifest: preload.manifest } : {}),
      });
    } catch (cause) {
      if (generation === this.#generation) this.#fail(asVodError(cause, 'ENGINE_ERROR', adapter.name));
      return;
    }
    if (generation !== this.#generation) return;
    this.#adapterLoaded = true;
    // A recovery reload must reach playing again: one that gets stuck before (no stall is counted at
    // startup) is caught by the watchdog too.
    if (restart) this.#recovery.onRestartLoaded(restart.play);
    this.#onLoadedMetadata();
    if (this.#pendingQuality !== null) this.setQuality(this.#pendingQuality);
    const autoplay = restart ? restart.play : (settings.autoplay || this.#playRequested) && !this.#options.resume.holdsAutoplay;
    if (autoplay) this.play().catch(() => undefined);
  }

  /** What preloading `settings`' source with `engine` means: which URL, and whether its manifest may be fetched ahead. */
  #preloadRequest(settings: Readonly<PreloadSettings>, engine: EngineName): PreloadRequest {
    const base = this.#deps.baseUrl();
    const url = resolveSource(settings.src, base);
    return {
      src: settings.src,
      url,
      base,
      engine,
      crossOrigin: settings.crossOrigin,
      prefetchManifest: mayPrefetchManifest({
        engine,
        url,
        cmcd: this.#options.cmcdPlanned?.() ?? false,
        engineSetup: settings.engineSetup !== null,
        engineConfig: settings.engineConfig,
      }),
    };
  }

  #startPreload(request: PreloadRequest): SourcePreload {
    return new SourcePreload(request, {
      loadEngine: (name) => this.#deps.loadEngine(name),
      fetch: (url, init) => this.#deps.fetch(url, init),
      nowMs: () => this.#deps.monotonicMs(),
    });
  }

  /** The preload of the source about to load: the one `preload()` started, else one started now. The load owns it from here. */
  #takePreload(settings: Readonly<PreloadSettings>, engine: EngineName): SourcePreload {
    const request = this.#preloadRequest(settings, engine);
    const started = this.#preload;
    this.#preload = null;
    if (started?.matches(request)) return started;
    started?.cancel();
    return this.#startPreload(request);
  }

  /**
   * vod-player's ABR for the source about to load, or null when the engine's own ABR is wanted
   * (`abr="engine"`) or the engine has no ABR to replace (native HLS). An `abrConfig` the ABR
   * rejects is reported as a non-fatal INVALID_ATTRIBUTE and the documented defaults are used.
   */
  #createAbrSession(engine: EngineName, settings: Readonly<PlaybackSettings>): VodAbrSession | null {
    if (settings.abrMode === 'engine' || engine === 'native') return null;
    const options: VodAbrSessionOptions = {
      seedHost: seedHostOf(settings.src, this.#deps.baseUrl()),
      caps: () => this.#abrCaps(),
      excluded: () => this.excludedQualities,
    };
    if (settings.abrConfig === null) return this.#deps.createAbrSession(options);
    try {
      return this.#deps.createAbrSession({ ...options, config: settings.abrConfig });
    } catch (cause) {
      emit(this.#host, 'vod-error', { error: configError(cause) });
      return this.#deps.createAbrSession(options);
    }
  }

  /** The embedder's caps on vod-player's ABR: parsed settings, plus the box's height when capped to size. */
  #abrCaps(): RungCaps | undefined {
    const { abrMinRung, abrMaxRung, abrCapToSize } = this.#options.settings();
    const caps: { minRung?: number; maxRung?: number; playerHeightPx?: number; devicePixelRatio?: number } = {};
    if (abrMinRung !== null) caps.minRung = abrMinRung;
    if (abrMaxRung !== null) caps.maxRung = abrMaxRung;
    if (abrCapToSize && this.#host.clientHeight > 0) {
      caps.playerHeightPx = this.#host.clientHeight;
      caps.devicePixelRatio = this.#deps.devicePixelRatio();
    }
    return Object.keys(caps).length > 0 ? caps : undefined;
  }

  /** A sink that goes deaf as soon as another source or engine replaces this one. */
  #sinkFor(generation: number): EngineSink {
    const live = (): boolean => generation === this.#generation;
    return {
      qualities: (qualities) => {
        if (!live()) return;
        this.#qualities = qualities;
        this.#host.requestUpdate();
      },
      qualityRendered: (quality, rendered) => {
        if (!live() || this.#quality?.index === quality.index) return;
        const from = this.#quality;
        this.#quality = quality;
        const auto = this.#adapter?.autoQuality ?? true;
        const abr = auto ? (this.#abrSession?.decisionById(rendered?.decisionId) ?? null) : null;
        const reason = from === null ? 'initial' : !auto ? 'manual' : this.#abrSession ? 'vod-abr' : 'engine-abr';
        emit(this.#host, 'vod-qualitychange', { from, to: quality, auto, reason, abr });
        this.#host.requestUpdate();
      },
      error: (error) => {
        if (!live()) return;
        if (error.fatal) {
          this.#fail(error);
          return;
        }
        if (this.#recovery.onNonFatal(error) || this.#repeats(error)) return;
        emit(this.#host, 'vod-error', { error });
      },
    };
  }

  /**
   * True for a non-fatal error identical (code and engine code) to one reported less than a second
   * ago: an engine that fails every append of a dead MediaSource raises hundreds; one is news.
   */
  #repeats(error: VodPlayerError): boolean {
    const key = `${error.code}|${String(error.detail.engineCode ?? '')}`;
    const nowMs = this.#deps.monotonicMs();
    const last = this.#lastNonFatal;
    this.#lastNonFatal = { key, atMs: nowMs };
    return last !== null && last.key === key && nowMs - last.atMs < REPEAT_WINDOW_MS;
  }

  /**
   * Drops the current engine and its ABR session; resolves once the engine is destroyed and every
   * earlier teardown has finished (they run one after another, so `src` can change 100× in a row).
   */
  #teardown(): Promise<void> {
    const step = this.#teardownChain.then(() => this.#teardownNow());
    this.#teardownChain = step;
    return step;
  }

  async #teardownNow(): Promise<void> {
    const adapter = this.#adapter;
    this.#adapter = null;
    this.#abrSession?.close();
    this.#abrSession = null;
    this.#recovery.engineDropped();
    this.#rebuffer?.dispose();
    this.#rebuffer = null;
    this.#qualities = [];
    this.#quality = null;
    this.#readyFired = false;
    this.#metadataFired = false;
    this.#reachedEnd = false;
    this.#adapterLoaded = false;
    this.#host.removeAttribute('active-engine');
    this.#host.removeAttribute('rebuffering');
    this.#options.onTeardown?.();
    if (adapter) {
      try {
        await adapter.destroy();
      } catch {
        // A failing destroy must not block the next source; the adapter is dropped either way.
      }
    }
    this.#host.requestUpdate();
  }

  /** A fatal error of the engine (or of loading): recovery takes it over, or it ends the source (`#fatal`). */
  #fail(error: VodPlayerError): void {
    if (error.fatal) this.#recovery.onFatal(error);
    else emit(this.#host, 'vod-error', { error });
  }

  /** The end of the road for this source: `error` (fatal, with its reason) is reported and the engine dropped. */
  #fatal(error: VodPlayerError): void {
    this.#recovery.end();
    this.#error = error;
    this.#generation++;
    this.#loading = this.#teardown();
    emit(this.#host, 'vod-error', { error });
  }

  /** What recovery reads from and asks of this controller. */
  #recoveryPort(): RecoveryPort {
    return {
      host: this.#host,
      settings: () => this.#options.settings(),
      monotonicMs: () => this.#deps.monotonicMs(),
      baseUrl: () => this.#deps.baseUrl(),
      recoveryDeps: (crossOrigin) => this.#deps.recovery(crossOrigin),
      media: () => this.#media,
      qualities: () => this.#qualities,
      suspectQualityIndex: () => this.#abrSession?.decisions.at(-1)?.rung ?? this.#quality?.index ?? null,
      metadataLoaded: () => this.#metadataFired,
      playRequested: () => this.#playRequested,
      loadedEngine: () => (this.#adapterLoaded ? (this.#adapter?.name ?? null) : null),
      dropEngine: () => {
        const generation = ++this.#generation;
        this.#loading = this.#teardown();
        return generation;
      },
      isCurrent: (generation) => generation === this.#generation,
      restart: (positionSec, play) => {
        this.#restart = { positionSec, play };
        this.#loading = this.#reload();
      },
      fatal: (error) => this.#fatal(error),
    };
  }

  #checkEnd(media: HTMLVideoElement): void {
    if (this.#reachedEnd) {
      this.#host.toggleAttribute('ended', true); // the bridge reflects the media's own `ended` at each pause
      return;
    }
    if (media.ended || !this.#adapterLoaded || !Number.isFinite(media.duration) || media.duration <= 0) return;
    if (media.currentTime < media.duration - END_TOLERANCE_SEC || (!media.paused && media.readyState >= HAVE_FUTURE_DATA)) return;
    this.#reachedEnd = true;
    this.#host.toggleAttribute('ended', true);
    this.#host.dispatchEvent(new Event('ended'));
  }

  // ── Media → vod-* events ────────────────────────────────────────────────────

  /** Once per source, when both the engine has parsed the manifest and the media knows its duration. */
  #onLoadedMetadata(): void {
    const adapter = this.#adapter;
    const media = this.#media;
    if (!adapter || !media || this.#metadataFired || !this.#adapterLoaded) return;
    if (media.readyState < HAVE_METADATA) return;
    this.#metadataFired = true;
    emit(this.#host, 'vod-loadedmetadata', {
      engine: adapter.name,
      src: this.#options.settings().src,
      qualities: this.#qualities,
      durationSec: media.duration,
    });
  }

  #onCanPlay(): void {
    if (this.#media) this.#recovery.onPlaying(this.#media, true, this.#rebuffer?.stalled ?? false);
    const adapter = this.#adapter;
    if (!adapter || this.#readyFired) return;
    this.#readyFired = true;
    emit(this.#host, 'vod-ready', { engine: adapter.name, loadToReadyMs: this.#deps.monotonicMs() - this.#loadStartMs });
  }

  #onRebuffer(transition: RebufferTransition): void {
    const positionSec = this.#media?.currentTime ?? 0;
    if (transition.type === 'start') {
      this.#recovery.onStallStart();
      this.#host.toggleAttribute('rebuffering', true);
      emit(this.#host, 'vod-rebufferstart', { positionSec, cause: transition.cause, startedAtMs: transition.startedAtMs });
    } else {
      this.#recovery.onStallEnd();
      this.#host.toggleAttribute('rebuffering', false);
      emit(this.#host, 'vod-rebufferend', {
        positionSec,
        cause: transition.cause,
        durationMs: transition.endedAtMs - transition.startedAtMs,
      });
    }
  }

  #reportInvalid(attribute: string, message: string): void {
    const error = new VodPlayerError('INVALID_ATTRIBUTE', message, { fatal: false, detail: { attribute } });
    emit(this.#host, 'vod-error', { error });
  }
}

function isAbortError(cause: unknown): boolean {
  return typeof cause === 'object' && cause !== null && (cause as { name?: unknown }).name === 'AbortError';
}

function asVodError(cause: unknown, fallback: VodPlayerError['code'], engine: EngineName): VodPlayerError {
  if (cause instanceof VodPlayerError) return cause;
  return new VodPlayerError(fallback, cause instanceof Error ? cause.message : String(cause), {
    fatal: true,
    cause,
    detail: { engine },
  });
}

/** An `abrConfig` the ABR rejects (AbrConfigError): reported once, and the defaults are used. */
function configError(cause: unknown): VodPlayerError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new VodPlayerError('INVALID_ATTRIBUTE', `abrConfig is invalid (${reason}); using the defaults.`, {
    fatal: false,
    cause,
    detail: { attribute: 'abrConfig' },
  });
}
