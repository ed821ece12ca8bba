import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import {
  parseCrossOrigin,
  parseEngine,
  parsePlaybackRate,
  parsePreload,
  parseStartTime,
  parseVolume,
  type Parsed,
} from './attributes.js';
import { RebufferMonitor } from './controllers/rebuffer-monitor.js';
import { detectCapabilities } from './engines/capabilities.js';
import { loadEngine } from './engines/load.js';
import { selectEngine } from './engines/select.js';
import type { EngineAdapter, EngineName, EngineSink, Quality } from './engines/types.js';
import { VodPlayerError } from './errors.js';
import { FORWARDED_MEDIA_EVENTS, emit } from './events.js';
import { bufferAheadSec, rangesToArray } from './media/buffer.js';
import type { RebufferTransition } from './media/rebuffer-detector.js';
import {
  controlsStyles,
  handleControlsKeydown,
  renderControls,
  type ControlsActions,
  type ControlsState,
} from './ui/index.js';
import { playerStyles } from './vod-player.styles.js';

/** Media events that change what the controls show. */
const RENDER_EVENTS = [
  'timeupdate', 'progress', 'play', 'pause', 'playing', 'waiting', 'seeking', 'seeked', 'ended',
  'durationchange', 'volumechange', 'ratechange', 'loadedmetadata', 'emptied',
] as const;

/**
 * `<vod-player>`: plays HLS and DASH VOD through hls.js, dash.js or shaka, chosen per source and
 * loaded lazily, with controls, captions and typed events.
 *
 * @event vod-loadedmetadata - The manifest is parsed and the duration known. Detail: VodLoadedMetadataDetail.
 * @event vod-ready - The first frame can be shown. Detail: VodReadyDetail.
 * @event vod-qualitychange - The engine switched the rendition being played. Detail: VodQualityChangeDetail.
 * @event vod-rebufferstart - Playback stalls as a viewer sees it (waiting or frozen picture). Detail: VodRebufferStartDetail.
 * @event vod-rebufferend - Playback moves again. Detail: VodRebufferEndDetail.
 * @event vod-error - Something failed; `detail.error` is a VodPlayerError with `code`, `fatal`, `cause`.
 * @event vod-enginechange - An engine was attached for the current source. Detail: VodEngineChangeDetail.
 *
 * Standard media events (`play`, `pause`, `timeupdate`, `waiting`, …) are re-dispatched on the element.
 *
 * @csspart container - The box holding the video and the controls.
 * @csspart video - The inner `<video>`.
 *
 * @cssproperty --vod-aspect-ratio - Aspect ratio of the player box. Defaults to 16 / 9.
 * @cssproperty --vod-background - Background behind the video. Defaults to #000.
 * @cssproperty --vod-object-fit - How the video fits its box. Defaults to contain.
 */
export class VodPlayer extends LitElement {
  static override styles = [playerStyles, controlsStyles];

  /** Manifest URL (`.m3u8` or `.mpd`). Changing it tears down the old engine. */
  @property() src = '';
  /** MIME type of `src`, for URLs without a telling extension. */
  @property() type = '';
  @property() poster = '';
  @property({ type: Boolean }) autoplay = false;
  /** Mirrors the video's muted state, both ways; reflected so CSS can use `:host([muted])`. */
  @property({ type: Boolean, reflect: true }) muted = false;
  @property({ type: Boolean }) loop = false;
  /** Shows the built-in controls. */
  @property({ type: Boolean, reflect: true }) controls = false;
  @property() preload: string | null = null;
  @property({ type: Boolean }) playsinline = false;
  @property() crossorigin: string | null = null;
  /** `auto` (from the URL or type), `hls.js`, `dash.js` or `shaka`. */
  @property() engine = 'auto';
  /** Where playback starts, seconds. Attribute `start-time`. */
  @property({ attribute: 'start-time' }) startTime: string | number | null = null;

  /** The last fatal error, like `HTMLMediaElement.error`; null while healthy. */
  error: VodPlayerError | null = null;

  #video: HTMLVideoElement | null = null;
  #adapter: EngineAdapter | null = null;
  #generation = 0;
  #qualities: readonly Quality[] = [];
  #quality: Quality | null = null;
  #pendingQuality: number | 'auto' | null = null;
  #playRequested = false;
  #loadStartMs = 0;
  #readyFired = false;
  #metadataFired = false;
  #adapterLoaded = false;
  #rebuffer: RebufferMonitor | null = null;
  #menu: ControlsState['menuOpen'] = null;
  #fullscreen = false;
  #needsReload = false;
  readonly #disposers: Array<() => void> = [];

  // ── HTMLMediaElement-like surface ────────────────────────────────────────────

  /** The inner `<video>` element (for APIs not mirrored here). Null before the first render. */
  get media(): HTMLVideoElement | null {
    return this.#video;
  }

  get currentTime(): number {
    return this.#video?.currentTime ?? 0;
  }
  set currentTime(timeSec: number) {
    if (!Number.isFinite(timeSec) || timeSec < 0) {
      this.#reportInvalid('currentTime', `currentTime=${timeSec} is not a number of seconds ≥ 0; unchanged.`);
      return;
    }
    if (this.#video) this.#video.currentTime = timeSec;
  }
  get duration(): number {
    return this.#video?.duration ?? Number.NaN;
  }
  get paused(): boolean {
    return this.#video?.paused ?? true;
  }
  get ended(): boolean {
    return this.#video?.ended ?? false;
  }
  get seeking(): boolean {
    return this.#video?.seeking ?? false;
  }
  get readyState(): number {
    return this.#video?.readyState ?? 0;
  }
  get buffered(): TimeRanges | null {
    return this.#video?.buffered ?? null;
  }
  get volume(): number {
    return this.#video?.volume ?? 1;
  }
  set volume(volume: number) {
    this.#applyParsed(parseVolume(volume), (value) => {
      if (this.#video) this.#video.volume = value;
    });
  }
  get playbackRate(): number {
    return this.#video?.playbackRate ?? 1;
  }
  set playbackRate(rate: number) {
    this.#applyParsed(parsePlaybackRate(rate), (value) => {
      if (this.#video) this.#video.playbackRate = value;
    });
  }

  /**
   * Starts playback. Like `HTMLMediaElement.play()` it rejects when the browser refuses (autoplay
   * policy); the rejection is also reported as a non-fatal `vod-error` with code `PLAY_REJECTED`.
   */
  async play(): Promise<void> {
    this.#playRequested = true;
    if (!this.#adapter && this.#needsReload) void this.#reload();
    if (!this.#video || !this.#adapter) return; // played once the engine is ready
    try {
      await this.#video.play();
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') return; // superseded by pause/src change
      const error = new VodPlayerError('PLAY_REJECTED', `play() was rejected: ${String(cause)}`, { fatal: false, cause });
      emit(this, 'vod-error', { error });
      throw error;
    }
  }

  pause(): void {
    this.#playRequested = false;
    this.#video?.pause();
  }

  // ── Quality API ─────────────────────────────────────────────────────────────

  /** The video renditions, ascending by bitrate. Empty until the manifest is parsed. */
  get qualities(): readonly Quality[] {
    return this.#qualities;
  }
  /** The rendition being played, as confirmed by the engine; null before the first frame. */
  get quality(): Quality | null {
    return this.#quality;
  }
  /** True while the ABR picks the rendition. Set to true to return to auto, false to pin the current one. */
  get autoQuality(): boolean {
    if (this.#pendingQuality !== null) return this.#pendingQuality === 'auto';
    return this.#adapter?.autoQuality ?? true;
  }
  set autoQuality(auto: boolean) {
    if (auto) this.setQuality('auto');
    else if (this.#quality) this.setQuality(this.#quality.index);
  }

  /** Pins the rendition at `index` in `qualities`, or returns to automatic selection with `'auto'`. */
  setQuality(index: number | 'auto'): void {
    if (index !== 'auto' && (!Number.isInteger(index) || index < 0 || (this.#qualities.length > 0 && index >= this.#qualities.length))) {
      this.#reportInvalid('quality', `quality index ${index} is not in 0..${this.#qualities.length - 1}; unchanged.`);
      return;
    }
    if (!this.#adapter || this.#qualities.length === 0) {
      this.#pendingQuality = index;
      return;
    }
    this.#pendingQuality = null;
    this.#adapter.setQuality(index);
    this.requestUpdate();
  }

  // ── Read-outs for dashboards and tests ──────────────────────────────────────

  /** The engine playing the current source, or null. */
  get engineName(): EngineName | null {
    return this.#adapter?.name ?? null;
  }
  /** The engine object itself (Hls, dash.js MediaPlayer, shaka.Player), for what the SDK does not wrap. */
  get engineInstance(): unknown {
    return this.#adapter?.engineInstance ?? null;
  }
  /** The engine's bandwidth estimate, bits per second, or null. */
  get bandwidthEstimateBps(): number | null {
    return this.#adapter?.bandwidthEstimateBps() ?? null;
  }
  /** Seconds buffered ahead of the playhead. */
  get bufferAheadSec(): number {
    return this.#video ? bufferAheadSec(this.#video.buffered, this.#video.currentTime) : 0;
  }
  /**
   * Stalls of the current source as the viewer saw them: finished ones (`count`, `totalMs`), and
   * whether one is open now (`stalled`, since `openSinceMs`, a `performance.now()` time).
   */
  get rebufferStats(): { count: number; totalMs: number; stalled: boolean; openSinceMs: number | null } {
    const monitor = this.#rebuffer;
    return {
      count: monitor?.count ?? 0,
      totalMs: monitor?.totalMs ?? 0,
      stalled: monitor?.stalled ?? false,
      openSinceMs: monitor?.openSinceMs ?? null,
    };
  }

  // ── Lifecycle ───────────────────────────────────────────────────────────────

  override connectedCallback(): void {
    super.connectedCallback();
    const onFullscreenChange = (): void => {
      this.#fullscreen = document.fullscreenElement === this;
      this.requestUpdate();
    };
    document.addEventListener('fullscreenchange', onFullscreenChange);
    this.#disposers.push(() => document.removeEventListener('fullscreenchange', onFullscreenChange));
    if (this.#needsReload && this.src) void this.#reload();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const dispose of this.#disposers.splice(0)) dispose();
    this.#generation++;
    void this.#teardown();
    this.#needsReload = true;
  }

  protected override firstUpdated(): void {
    const video = this.renderRoot.querySelector('video');
    if (!video) return;
    this.#video = video;
    this.#listen(video, FORWARDED_MEDIA_EVENTS, (event) => this.dispatchEvent(new Event(event.type)));
    this.#listen(video, RENDER_EVENTS, () => this.requestUpdate());
    this.#listen(video, ['volumechange'], () => {
      if (this.muted !== video.muted) this.muted = video.muted;
    });
    this.#listen(video, ['play', 'pause', 'ended', 'emptied'], () => {
      this.toggleAttribute('paused', video.paused);
      this.toggleAttribute('ended', video.ended);
    });
    this.#listen(video, ['loadedmetadata'], () => this.#onLoadedMetadata());
    this.#listen(video, ['canplay'], () => this.#onCanPlay());
    this.#listen(video.textTracks, ['addtrack', 'removetrack', 'change'], () => this.requestUpdate());
    this.#listen(this, ['keydown'], (event) => this.#onKeyDown(event as KeyboardEvent));
    this.toggleAttribute('paused', true);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('controls')) {
      // Focusable with controls, so the keyboard shortcuts work before a control has focus.
      if (this.controls && !this.hasAttribute('tabindex')) this.setAttribute('tabindex', '0');
    }
    if (changed.has('engine') && this.engine !== 'auto') this.#applyParsed(parseEngine(this.engine), () => undefined);
    if (changed.has('preload') && this.preload !== null) this.#applyParsed(parsePreload(this.preload), () => undefined);
    if (changed.has('startTime')) this.#applyParsed(parseStartTime(this.startTime), () => undefined);
    if (changed.has('src') || changed.has('engine') || changed.has('type')) void this.#reload();
  }

  protected override render(): unknown {
    const preload = parsePreload(this.preload);
    return html`
      <div part="container" class="container">
        <video
          part="video"
          .muted=${this.muted}
          ?loop=${this.loop}
          ?playsinline=${this.playsinline}
          preload=${preload.ok ? preload.value : 'metadata'}
          poster=${this.poster || nothing}
          crossorigin=${parseCrossOrigin(this.crossorigin) ?? nothing}
        ></video>
        ${this.controls && this.#video ? renderControls(this.#controlsState(), this.#actions) : nothing}
      </div>
    `;
  }

  // ── Engine lifecycle ────────────────────────────────────────────────────────

  async #reload(): Promise<void> {
    const generation = ++this.#generation;
    this.#needsReload = false;
    await this.#teardown();
    if (generation !== this.#generation || !this.#video) return;
    this.error = null;
    if (!this.src) return;

    const preload = parsePreload(this.preload);
    if (preload.ok && preload.value === 'none' && !this.autoplay && !this.#playRequested) {
      this.#needsReload = true; // loaded on the first play()
      return;
    }

    const engineChoice = parseEngine(this.engine);
    const selection = selectEngine({
      src: this.src,
      type: this.type || undefined,
      engine: engineChoice.ok ? engineChoice.value : 'auto',
      capabilities: detectCapabilities(),
    });
    if (selection instanceof VodPlayerError) return this.#fail(selection);

    this.#loadStartMs = performance.now();
    let factory;
    try {
      factory = await loadEngine(selection.engine);
    } catch (cause) {
      if (generation === this.#generation) this.#fail(asVodError(cause, 'ENGINE_LOAD_FAILED', selection.engine));
      return;
    }
    if (generation !== this.#generation) return;

    this.#rebuffer = new RebufferMonitor(this.#video, (transition) => this.#onRebuffer(transition));
    const adapter = factory(this.#video, this.#sinkFor(generation));
    this.#adapter = adapter;
    this.setAttribute('active-engine', adapter.name);
    emit(this, 'vod-enginechange', { engine: adapter.name, src: this.src });

    const startTime = parseStartTime(this.startTime);
    try {
      await adapter.load(this.src, {
        startTimeSec: startTime.ok && startTime.value !== null ? startTime.value : undefined,
        crossOrigin: parseCrossOrigin(this.crossorigin),
      });
    } catch (cause) {
      if (generation === this.#generation) this.#fail(asVodError(cause, 'ENGINE_ERROR', adapter.name));
      return;
    }
    if (generation !== this.#generation) return;
    this.#adapterLoaded = true;
    this.#onLoadedMetadata();
    if (this.#pendingQuality !== null) this.setQuality(this.#pendingQuality);
    if (this.autoplay || this.#playRequested) this.play().catch(() => undefined);
  }

  /** A sink that goes deaf as soon as another source or engine replaces this one. */
  #sinkFor(generation: number): EngineSink {
    const live = (): boolean => generation === this.#generation;
    return {
      qualities: (qualities) => {
        if (!live()) return;
        this.#qualities = qualities;
        this.requestUpdate();
      },
      qualityRendered: (quality) => {
        if (!live() || this.#quality?.index === quality.index) return;
        const from = this.#quality;
        this.#quality = quality;
        const auto = this.#adapter?.autoQuality ?? true;
        const reason = from === null ? 'initial' : auto ? 'engine-abr' : 'manual';
        emit(this, 'vod-qualitychange', { from, to: quality, auto, reason });
        this.requestUpdate();
      },
      error: (error) => {
        if (!live()) return;
        if (error.fatal) this.#fail(error);
        else emit(this, 'vod-error', { error });
      },
    };
  }

  async #teardown(): Promise<void> {
    const adapter = this.#adapter;
    this.#adapter = null;
    this.#rebuffer?.dispose();
    this.#rebuffer = null;
    this.#qualities = [];
    this.#quality = null;
    this.#readyFired = false;
    this.#metadataFired = false;
    this.#adapterLoaded = false;
    this.#menu = null;
    this.removeAttribute('active-engine');
    this.removeAttribute('rebuffering');
    if (adapter) {
      try {
        await adapter.destroy();
      } catch {
        // A failing destroy must not block the next source; the adapter is dropped either way.
      }
    }
    this.requestUpdate();
  }

  #fail(error: VodPlayerError): void {
    if (error.fatal) {
      this.error = error;
      this.#generation++;
      void this.#teardown();
    }
    emit(this, 'vod-error', { error });
  }

  // ── Media callbacks ─────────────────────────────────────────────────────────

  /** Once per source, when both the engine has parsed the manifest and the video knows its duration. */
  #onLoadedMetadata(): void {
    const adapter = this.#adapter;
    if (!adapter || !this.#video || this.#metadataFired || !this.#adapterLoaded) return;
    if (this.#video.readyState < HTMLMediaElement.HAVE_METADATA) return;
    this.#metadataFired = true;
    emit(this, 'vod-loadedmetadata', {
      engine: adapter.name,
      src: this.src,
      qualities: this.#qualities,
      durationSec: this.#video.duration,
    });
  }

  #onCanPlay(): void {
    const adapter = this.#adapter;
    if (!adapter || this.#readyFired) return;
    this.#readyFired = true;
    emit(this, 'vod-ready', { engine: adapter.name, loadToReadyMs: performance.now() - this.#loadStartMs });
  }

  #onRebuffer(transition: RebufferTransition): void {
    const positionSec = this.#video?.currentTime ?? 0;
    if (transition.type === 'start') {
      this.toggleAttribute('rebuffering', true);
      emit(this, 'vod-rebufferstart', { positionSec, cause: transition.cause, startedAtMs: transition.startedAtMs });
    } else {
      this.toggleAttribute('rebuffering', false);
      emit(this, 'vod-rebufferend', {
        positionSec,
        cause: transition.cause,
        durationMs: transition.endedAtMs - transition.startedAtMs,
      });
    }
  }

  // ── Controls ────────────────────────────────────────────────────────────────

  #controlsState(): ControlsState {
    const video = this.#video!;
    const textTracks = Array.from(video.textTracks)
      .map((track, index) => ({ track, index }))
      .filter(({ track }) => track.kind === 'subtitles' || track.kind === 'captions');
    const active = textTracks.find(({ track }) => track.mode === 'showing');
    return {
      paused: video.paused,
      ended: video.ended,
      waiting: this.hasAttribute('rebuffering'),
      currentTimeSec: video.currentTime,
      durationSec: video.duration,
      bufferedRanges: rangesToArray(video.buffered),
      volume: video.volume,
      muted: video.muted,
      fullscreen: this.#fullscreen,
      fullscreenAvailable: document.fullscreenEnabled,
      qualities: this.#qualities,
      quality: this.#quality,
      autoQuality: this.autoQuality,
      textTracks: textTracks.map(({ track, index }) => ({
        index,
        label: track.label || track.language || `Track ${index + 1}`,
        language: track.language,
      })),
      activeTextTrack: active ? active.index : null,
      menuOpen: this.#menu,
    };
  }

  readonly #actions: ControlsActions = {
    togglePlay: () => this.#togglePlay(),
    seek: (timeSec) => (this.currentTime = timeSec),
    setVolume: (volume) => (this.volume = volume),
    toggleMute: () => {
      if (this.#video) this.#video.muted = !this.#video.muted;
    },
    toggleFullscreen: () => this.#toggleFullscreen(),
    selectQuality: (index) => {
      this.setQuality(index);
      this.#menu = null;
      this.requestUpdate();
    },
    selectTextTrack: (index) => {
      const tracks = this.#video ? Array.from(this.#video.textTracks) : [];
      tracks.forEach((track, i) => {
        if (track.kind === 'subtitles' || track.kind === 'captions') track.mode = i === index ? 'showing' : 'disabled';
      });
      this.#menu = null;
      this.requestUpdate();
    },
    setMenu: (menu) => {
      this.#menu = menu;
      this.requestUpdate();
    },
  };

  #togglePlay(): void {
    if (!this.#video) return;
    if (this.#video.paused) this.play().catch(() => undefined);
    else this.pause();
  }

  #toggleFullscreen(): void {
    const request = document.fullscreenElement === this ? document.exitFullscreen() : this.requestFullscreen();
    request.catch((cause: unknown) =>
      emit(this, 'vod-error', {
        error: new VodPlayerError('ENGINE_ERROR', `Fullscreen was refused: ${String(cause)}`, { fatal: false, cause }),
      }),
    );
  }

  #onKeyDown(event: KeyboardEvent): void {
    if (this.controls && this.#video) handleControlsKeydown(event, this.#controlsState(), this.#actions);
  }

  // ── Helpers ─────────────────────────────────────────────────────────────────

  /** Listeners on the element's own shadow content and on itself: they live as long as it does. */
  #listen(target: EventTarget, types: readonly string[], listener: (event: Event) => void): void {
    for (const type of types) target.addEventListener(type, listener);
  }

  #applyParsed<T>(parsed: Parsed<T>, apply: (value: T) => void): void {
    if (parsed.ok) apply(parsed.value);
    else emit(this, 'vod-error', { error: parsed.error });
  }

  #reportInvalid(attribute: string, message: string): void {
    emit(this, 'vod-error', {
      error: new VodPlayerError('INVALID_ATTRIBUTE', message, { fatal: false, detail: { attribute } }),
    });
  }
}

function asVodError(cause: unknown, fallback: VodPlayerError['code'], engine: EngineName): VodPlayerError {
  if (cause instanceof VodPlayerError) return cause;
  return new VodPlayerError(fallback, cause instanceof Error ? cause.message : String(cause), {
    fatal: true,
    cause,
    detail: { engine },
  });
}
