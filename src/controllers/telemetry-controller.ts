import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Observable, type Subscriber } from 'rxjs';
import { resolveTelemetryConfig, type ResolvedTelemetryConfig, type TelemetryOptions } from '../../telemetry/config.js';
import type { PlayerSignal, TelemetryPipeline } from '../../telemetry/index.js';
import type { TelemetryBeacon } from '../../telemetry/types.js';
import type { EngineCmcdOptions, Quality } from '../engines/types.js';
import { VodPlayerError } from '../errors.js';
import { emit } from '../events.js';
import { PLAYER_VERSION } from '../version.js';
import { renditionOf, switchReason } from './telemetry-signals.js';

/** What the controller needs from `<vod-player>`. */
export interface TelemetryHost extends ReactiveControllerHost, HTMLElement {
  readonly src: string;
  readonly autoplay: boolean;
  readonly media: HTMLVideoElement | null;
  readonly quality: Quality | null;
  readonly autoQuality: boolean;
  readonly bufferAheadSec: number;
  readonly bandwidthEstimateBps: number | null;
  /** The engine playing the current source, or null. */
  readonly engineName: string | null;
  /** Attribute `telemetry-endpoint`. */
  readonly telemetryEndpoint: string | null;
}

/**
 * Telemetry for `<vod-player>`: turns the element's events into player signals and feeds them to
 * the telemetry pipeline (`telemetry/`), which it imports lazily, only once telemetry is
 * configured (`player.telemetry = {…}` or the `telemetry-endpoint` attribute). Unconfigured, it
 * listens to nothing and loads nothing.
 *
 * A session is one source: it starts at `vod-enginechange` with a fresh id, which is also the
 * CMCD session id the element hands to the engine (`cmcd`).
 */
export class TelemetryController implements ReactiveController {
  readonly #host: TelemetryHost;
  #options: TelemetryOptions | null = null;
  /** The `telemetry-endpoint` value last applied. */
  #appliedAttribute: string | null = null;
  #config: ResolvedTelemetryConfig | null = null;
  #pipeline: TelemetryPipeline | null = null;
  #pending: PlayerSignal[] = [];
  readonly #subscribers = new Set<Subscriber<TelemetryBeacon>>();
  #cmcd: EngineCmcdOptions | undefined = undefined;
  #sessionOpen = false;
  #sessionId: string | null = null;
  /** play() came while no session was open: the next session's startup counts from it. */
  #intentBeforeSession = false;
  #awaitingFirstFrame = false;
  #intentInSession = false;
  #lastPositionSec = 0;
  #seek: { fromSec: number; atMs: number } | null = null;
  readonly #disposers: Array<() => void> = [];

  /** Every beacon made for this element, sampled or not, whether or not it is sent anywhere. */
  readonly beacons$: Observable<TelemetryBeacon> = new Observable<TelemetryBeacon>((subscriber) => {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  });

  constructor(host: TelemetryHost) {
    this.#host = host;
    host.addController(this);
  }

  /** The options set through `player.telemetry`, or null. */
  get options(): TelemetryOptions | null {
    return this.#options;
  }

  /** CMCD for the source being loaded (same session id as its beacons), or undefined. */
  get cmcd(): EngineCmcdOptions | undefined {
    return this.#cmcd;
  }

  /** True when the next source's requests will carry CMCD (telemetry with CMCD is configured). */
  get cmcdPlanned(): boolean {
    return Boolean(this.#config?.cmcd);
  }

  /** The open session's id, or null. */
  get sessionId(): string | null {
    return this.#sessionOpen ? this.#sessionId : null;
  }

  /** `player.telemetry = options` (null turns telemetry off: the open session ends). */
  configure(options: TelemetryOptions | null): void {
    this.#options = options;
    this.#apply();
  }

  hostConnected(): void {
    this.#apply();
  }

  hostUpdate(): void {
    // The attribute is read on every update: cheap, and covers it changing.
    if (this.#options === null && this.#appliedAttribute !== (this.#host.telemetryEndpoint || null)) this.#apply();
  }

  hostDisconnected(): void {
    if (this.#sessionOpen) this.#push({ type: 'end', atMs: performance.now(), reason: 'disconnect' });
    this.#sessionOpen = false;
    this.#intentInSession = false;
    this.#awaitingFirstFrame = false;
    this.#unlisten();
  }

  /** The element's `play()` was called (or it is about to autoplay): startup is measured from the first one per session. */
  playIntent(): void {
    if (!this.#config || this.#intentInSession) return;
    this.#intentInSession = true;
    this.#intentBeforeSession = !this.#sessionOpen;
    this.#awaitingFirstFrame = true;
    this.#push({ type: 'play_intent', atMs: performance.now() });
  }

  #apply(): void {
    this.#appliedAttribute = this.#host.telemetryEndpoint || null;
    const options = this.#options ?? (this.#appliedAttribute ? { endpoint: this.#appliedAttribute } : null);
    if (options === null) {
      this.#stop();
      return;
    }
    const { config, problems } = resolveTelemetryConfig(options);
    for (const message of problems) {
      emit(this.#host, 'vod-error', {
        error: new VodPlayerError('INVALID_ATTRIBUTE', message, { fatal: false, detail: { attribute: 'telemetry' } }),
      });
    }
    if (this.#pipeline && this.#config && sameDelivery(this.#config, config)) {
      this.#config = config;
      if (this.#host.isConnected) this.#listen();
      return;
    }
    this.#stop();
    this.#config = config;
    if (this.#host.isConnected) this.#listen();
    void this.#load(config);
    // Configured while a source plays: its session starts now (its requests carry no CMCD).
    if (this.#host.engineName && this.#host.src) this.#startSession(this.#host.engineName, this.#host.src, false);
  }

  /** Loads the pipeline chunk and starts it, unless the config changed meanwhile (that change loads its own). */
  async #load(config: ResolvedTelemetryConfig): Promise<void> {
    try {
      const { startTelemetry } = await import('../../telemetry/index.js');
      if (this.#config !== config) return;
      const pipeline = startTelemetry({ config, probe: () => this.#probe() });
      this.#pipeline = pipeline;
      pipeline.beacons$.subscribe((beacon) => {
        for (const subscriber of this.#subscribers) subscriber.next(beacon);
      });
      // Also after this pipeline is replaced: it keeps delivering what it queued, and says so.
      pipeline.errors$.subscribe((error) => {
        emit(this.#host, 'vod-telemetry-error', { error });
      });
      for (const signal of this.#pending.splice(0)) pipeline.push(signal);
    } catch (cause) {
      emit(this.#host, 'vod-error', {
        error: new VodPlayerError('ENGINE_LOAD_FAILED', `Could not load telemetry: ${cause instanceof Error ? cause.message : String(cause)}`, {
          fatal: false,
          cause,
        }),
      });
    }
  }

  #stop(): void {
    this.#pipeline?.stop();
    this.#pipeline = null;
    this.#pending = [];
    this.#config = null;
    this.#cmcd = undefined;
    this.#sessionOpen = false;
    this.#unlisten();
  }

  #push(signal: PlayerSignal): void {
    if (!this.#config) return;
    if (this.#pipeline) this.#pipeline.push(signal);
    else this.#pending.push(signal);
  }

  #probe(): { positionSec: number; bufferSec: number; bitrateBps: number | null; droppedFrames: number } {
    const video = this.#host.media;
    return {
      positionSec: video?.currentTime ?? 0,
      bufferSec: this.#host.bufferAheadSec,
      bitrateBps: this.#host.quality?.bitrateBps ?? null,
      droppedFrames: video?.getVideoPlaybackQuality?.().droppedVideoFrames ?? 0,
    };
  }

  // ── Element events → signals ───────────────────────────────────────────────

  #listen(): void {
    if (this.#disposers.length > 0) return;
    const on = <K extends keyof HTMLElementEventMap>(type: K, listener: (event: HTMLElementEventMap[K]) => void): void => {
      this.#host.addEventListener(type, listener);
      this.#disposers.push(() => this.#host.removeEventListener(type, listener));
    };
    on('vod-enginechange', (event) => this.#startSession(event.detail.engine, event.detail.src));
    on('vod-qualitychange', (event) => {
      const detail = event.detail as typeof event.detail & { abr?: unknown };
      this.#push({
        type: 'quality',
        atMs: performance.now(),
        positionSec: this.#position(),
        from: detail.from ? renditionOf(detail.from) : null,
        to: renditionOf(detail.to),
        auto: detail.auto,
        reason: switchReason(detail.reason, detail.abr),
        bufferSec: this.#host.bufferAheadSec,
        bandwidthEstimateBps: this.#host.bandwidthEstimateBps,
      });
    });
    on('vod-rebufferstart', (event) =>
      this.#push({ type: 'rebuffer_start', atMs: event.detail.startedAtMs, positionSec: event.detail.positionSec, cause: event.detail.cause, bufferSec: this.#host.bufferAheadSec }),
    );
    on('vod-rebufferend', (event) =>
      this.#push({ type: 'rebuffer_end', atMs: performance.now(), positionSec: event.detail.positionSec, cause: event.detail.cause, durationMs: event.detail.durationMs }),
    );
    on('vod-error', (event) => {
      const { error } = event.detail;
      if (error.code === 'INVALID_ATTRIBUTE') return; // the embedder's mistake, not the viewer's experience
      this.#push({ type: 'error', atMs: performance.now(), positionSec: this.#position(), code: error.code, fatal: error.fatal, message: error.message });
    });
    on('timeupdate', () => {
      const video = this.#host.media;
      if (!video || video.seeking) return;
      this.#lastPositionSec = video.currentTime;
      this.#push({ type: 'position', atMs: performance.now(), positionSec: video.currentTime, playing: !video.paused && !video.ended });
    });
    on('pause', () => this.#push({ type: 'position', atMs: performance.now(), positionSec: this.#position(), playing: false }));
    on('playing', () => {
      this.#push({ type: 'position', atMs: performance.now(), positionSec: this.#position(), playing: true });
      if (this.#awaitingFirstFrame) this.#firstFrame();
    });
    on('seeking', () => {
      this.#seek ??= { fromSec: this.#lastPositionSec, atMs: performance.now() };
    });
    on('seeked', () => {
      const seek = this.#seek;
      this.#seek = null;
      if (!seek) return;
      const toSec = this.#position();
      this.#lastPositionSec = toSec;
      this.#push({ type: 'seek', atMs: performance.now(), fromSec: seek.fromSec, toSec, durationMs: performance.now() - seek.atMs });
    });
  }

  #unlisten(): void {
    for (const dispose of this.#disposers.splice(0)) dispose();
  }

  #startSession(engine: string, src: string, cmcd = true): void {
    if (!this.#config) return;
    const sessionId = crypto.randomUUID();
    const videoId = this.#config.videoId ?? (this.#host.getAttribute('media-id') || undefined);
    this.#sessionId = sessionId;
    this.#cmcd = this.#config.cmcd && cmcd ? { sessionId, mode: this.#config.cmcd, ...(videoId ? { contentId: videoId } : {}) } : undefined;
    this.#sessionOpen = true;
    // An intent from before this source (play() while loading) carries over; a new source otherwise waits for one.
    this.#intentInSession = this.#intentBeforeSession;
    this.#awaitingFirstFrame = this.#intentBeforeSession;
    this.#intentBeforeSession = false;
    this.#lastPositionSec = 0;
    this.#seek = null;
    const abrMode = (this.#host as { abr?: unknown }).abr;
    this.#push({
      type: 'session',
      atMs: performance.now(),
      sessionId,
      manifestUrl: src,
      engine,
      abrMode: !this.#host.autoQuality ? 'manual' : typeof abrMode === 'string' && abrMode ? abrMode : 'auto',
      autoplay: this.#host.autoplay,
      playerVersion: PLAYER_VERSION,
      userAgent: navigator.userAgent,
      ...(videoId ? { videoId } : {}),
      ...(this.#config.viewerId ? { viewerId: this.#config.viewerId } : {}),
    });
  }

  /**
   * Playback has begun after play intent: the `playing` event, as Mux's SDKs take it (the picture
   * moves from here; with preload the first frame may have been painted, still, before).
   */
  #firstFrame(): void {
    this.#awaitingFirstFrame = false;
    this.#push({ type: 'first_frame', atMs: performance.now(), positionSec: this.#position() });
  }

  #position(): number {
    return this.#host.media?.currentTime ?? 0;
  }
}

/** Same destination and delivery settings: the running pipeline can stay. */
function sameDelivery(a: ResolvedTelemetryConfig, b: ResolvedTelemetryConfig): boolean {
  return JSON.stringify({ ...a, transport: null }) === JSON.stringify({ ...b, transport: null }) && a.transport === b.transport;
}
