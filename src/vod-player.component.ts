import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { PartialAbrConfig, RungCaps } from '../abr/index.js';
import {
  parseAbrMode,
  parseCrossOrigin,
  parseEngine,
  parseRungCap,
  parsePlaybackRate,
  parsePreload,
  parseStartTime,
  parseVolume,
  type Parsed,
} from './attributes.js';
import { RebufferMonitor } from './controllers/rebuffer-monitor.js';
import { detectCapabilities } from './engines/capabilities.js';
import type { EngineConfig, EngineSetupHook } from './engines/engine-config.js';
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
import { ResumeController } from './controllers/resume-controller.js';
import { TelemetryController } from './controllers/telemetry-controller.js';
import type { TelemetryBeacon, TelemetryOptions } from '../telemetry/index.js';
import type { Observable } from 'rxjs';
import type { ResumeConfig } from './resume/config.js';
import type { ResumeStore } from './resume/types.js';
import { resumePromptStyles } from './ui/resume-prompt.styles.js';
import { VodAbrSession, seedHostOf } from './vod-abr/abr-session.js';

/** Media events that change what the controls show. */
const RENDER_EVENTS = [
  'timeupdate', 'progress', 'play', 'pause', 'playing', 'waiting', 'seeking', 'seeked', 'ended',
  'durationchange', 'volumechange', 'ratechange', 'loadedmetadata', 'emptied',
] as const;

/**
 * `<vod-player>`: plays HLS and DASH VOD through hls.js, dash.js or shaka, chosen per source and
 * loaded lazily, with controls, captions and typed events.
 *
 * Standard media events (`play`, `pause`, `timeupdate`, `waiting`, …) are re-dispatched on the element.
 * State is reflected as attributes for CSS: `paused`, `ended`, `rebuffering`, `muted`, and
 * `active-engine` (`hls.js`, `dash.js`, `shaka` or `native`).
 *
 * @tagname vod-player
 *
 * @event {CustomEvent<VodLoadedMetadataDetail>} vod-loadedmetadata - The manifest is parsed and the duration known.
 * @event {CustomEvent<VodReadyDetail>} vod-ready - The first frame can be shown.
 * @event {CustomEvent<VodQualityChangeDetail>} vod-qualitychange - The engine switched the rendition being played.
 * @event {CustomEvent<VodRebufferStartDetail>} vod-rebufferstart - Playback stalls as a viewer sees it (waiting or frozen picture).
 * @event {CustomEvent<VodRebufferEndDetail>} vod-rebufferend - Playback moves again.
 * @event {CustomEvent<VodErrorEventDetail>} vod-error - Something failed; `detail.error` is a VodPlayerError with `code`, `fatal`, `cause`.
 * @event {CustomEvent<VodEngineChangeDetail>} vod-enginechange - An engine was attached for the current source.
 * @event {CustomEvent<VodResumeDetail>} vod-resume - A saved position is about to be applied; cancelable.
 *
 * @csspart container - The box holding the video and the controls.
 * @csspart video - The inner `<video>`.
 * @csspart surface - The click-to-play layer over the video.
 * @csspart center-play - The big play sign in the middle while paused or ended.
 * @csspart spinner - The loading indicator while playback stalls.
 * @csspart controls - The bar along the bottom: the seek bar above a row of buttons.
 * @csspart seek-bar - The seek slider.
 * @csspart seek-track - The track of the seek bar.
 * @csspart seek-buffered - A buffered range on the track (one per range).
 * @csspart seek-played - The played part of the track.
 * @csspart seek-thumb - The thumb at the playhead.
 * @csspart play-button - The play/pause button.
 * @csspart mute-button - The mute button.
 * @csspart volume-slider - The volume slider.
 * @csspart time - The current time and duration.
 * @csspart captions-button - The button of the captions menu (only when the source has text tracks).
 * @csspart captions-menu - The captions menu.
 * @csspart captions-item - An item of the captions menu.
 * @csspart captions-item-checked - The checked item of the captions menu (also has `captions-item`).
 * @csspart quality-button - The button of the quality menu.
 * @csspart quality-menu - The quality menu (Auto + one item per rung).
 * @csspart quality-item - An item of the quality menu.
 * @csspart quality-item-checked - The checked item of the quality menu (also has `quality-item`).
 * @csspart fullscreen-button - The fullscreen button.
 * @csspart resume-prompt - The "Resume from 12:34 / Start over" prompt (`resume="prompt"`).
 * @csspart resume-button - The "Resume from 12:34" button of the prompt.
 * @csspart start-over-button - The "Start over" button of the prompt.
 *
 * @cssproperty --vod-aspect-ratio - Aspect ratio of the player box. Defaults to 16 / 9.
 * @cssproperty --vod-background - Background behind the video. Defaults to #000.
 * @cssproperty --vod-object-fit - How the video fits its box. Defaults to contain.
 * @cssproperty --vod-accent-color - Accent of the controls: played part, thumb, focus ring, resume button. Defaults to #3d8bfd.
 * @cssproperty --vod-controls-color - Text and icon color of the controls. Defaults to #fff.
 * @cssproperty --vod-controls-background - Background of the control bar. Defaults to a gradient from the bottom.
 * @cssproperty --vod-controls-height - Height of the row of buttons. Defaults to 48px.
 * @cssproperty --vod-icon-size - Size of the icons. Defaults to 24px.
 * @cssproperty --vod-font-family - Font of the controls and the resume prompt. Defaults to system-ui.
 * @cssproperty --vod-font-size - Font size of the controls and the resume prompt. Defaults to 14px.
 * @cssproperty --vod-focus-ring - Focus indicator of the player and its controls. Defaults to a ring in the accent color.
 * @cssproperty --vod-button-hover-background - Background of a hovered button. Defaults to rgb(255 255 255 / 0.14).
 * @cssproperty --vod-center-play-background - Background of the big play sign. Defaults to rgb(0 0 0 / 0.55).
 * @cssproperty --vod-seek-height - Height of the seek track. Defaults to 4px.
 * @cssproperty --vod-seek-track-color - Color of the seek track. Defaults to rgb(255 255 255 / 0.28).
 * @cssproperty --vod-seek-buffered-color - Color of the buffered ranges. Defaults to rgb(255 255 255 / 0.5).
 * @cssproperty --vod-seek-played-color - Color of the played part. Defaults to the accent color.
 * @cssproperty --vod-seek-thumb-color - Color of the seek thumb. Defaults to the played color.
 * @cssproperty --vod-seek-thumb-size - Size of the seek thumb. Defaults to 14px.
 * @cssproperty --vod-volume-slider-width - Width of the volume slider. Defaults to 72px.
 * @cssproperty --vod-volume-track-color - Color of the unfilled volume track. Defaults to rgb(255 255 255 / 0.3).
 * @cssproperty --vod-menu-background - Background of the menus and the resume prompt. Defaults to rgb(24 24 28 / 0.92).
 * @cssproperty --vod-menu-color - Text color of the menus. Defaults to the controls color.
 * @cssproperty --vod-menu-radius - Corner radius of the menus. Defaults to 12px.
 * @cssproperty --vod-menu-max-height - Maximum height of a menu (it scrolls beyond). Defaults to 360px.
 */
export class VodPlayer extends LitElement {
  static override styles = [playerStyles, controlsStyles, resumePromptStyles];

  /** Manifest URL (`.m3u8` or `.mpd`). Changing it tears down the old engine. */
  @property() src = '';
  /** MIME type of `src`, for URLs without a telling extension. */
  @property() type = '';
  /** Image shown before the first frame, as on `<video>`. */
  @property() poster = '';
  /** Starts playback as soon as the source can play (subject to the browser's autoplay policy). */
  @property({ type: Boolean }) autoplay = false;
  /** Mirrors the video's muted state, both ways; reflected so CSS can use `:host([muted])`. */
  @property({ type: Boolean, reflect: true }) muted = false;
  /** Starts again from the beginning at the end, as on `<video>`. */
  @property({ type: Boolean }) loop = false;
  /** Shows the built-in controls. */
  @property({ type: Boolean, reflect: true }) controls = false;
  /** `none`, `metadata` (default) or `auto`, as on `<video>`; `none` also defers loading the engine until `play()`. */
  @property() preload: string | null = null;
  /** Plays inline rather than fullscreen on mobile browsers, as on `<video>`. */
  @property({ type: Boolean }) playsinline = false;
  /** CORS mode of the media requests (`anonymous` or `use-credentials`), as on `<video>`. */
  @property() crossorigin: string | null = null;
  /** `auto` (from the URL or type), `hls.js`, `dash.js` or `shaka`. */
  @property() engine = 'auto';
  /** Where playback starts, seconds. Attribute `start-time`. */
  @property({ attribute: 'start-time' }) startTime: string | number | null = null;
  /**
   * Who picks the rendition in auto mode: `vod` (default), vod-player's buffer-based ABR plugged into
   * the engine; `engine`, the engine's own ABR. Read when a source loads.
   */
  @property() abr = 'vod';
  /** Lowest rung index (into `qualities`) vod-player's ABR may choose. */
  @property({ attribute: 'abr-min-rung' }) abrMinRung: string | number | null = null;
  /** Highest rung index (into `qualities`) vod-player's ABR may choose. */
  @property({ attribute: 'abr-max-rung' }) abrMaxRung: string | number | null = null;
  /** Skip rungs taller than the player box × devicePixelRatio needs. */
  @property({ type: Boolean, attribute: 'abr-cap-to-size' }) abrCapToSize = false;
  /** Tuning of vod-player's ABR (see `abr/config.ts`; every field has a documented default). Read when a source loads. */
  @property({ attribute: false }) abrConfig: PartialAbrConfig | null = null;
  /** Resume key of the video; enables resume. Without it, an id is derived from `src` (see README "Resume"). */
  @property({ attribute: 'media-id' }) mediaId: string | null = null;
  /** `auto` (resume by itself), `prompt` (ask: "Resume from 12:34 / Start over"), `off`. Present: enables resume. */
  @property() resume: string | null = null;
  /** Base URL of the remote resume store (`<url>/<mediaId>`); local + remote, synced. Enables resume. */
  @property({ attribute: 'resume-url' }) resumeUrl: string | null = null;
  /** Bearer token sent to `resume-url` (`Authorization: Bearer <token>`): who the viewer is. */
  @property({ attribute: 'resume-token' }) resumeToken: string | null = null;
  /** Collector URL for telemetry beacons (the common case of `telemetry = { endpoint }`). See README "Telemetry". */
  @property({ attribute: 'telemetry-endpoint' }) telemetryEndpoint: string | null = null;
  /** Replaces the store built from the attributes (e.g. `createSyncedStore({...})`); enables resume. Read when a source loads. */
  @property({ attribute: false }) resumeStore: ResumeStore | null = null;
  /** Thresholds and timings of resume (see `src/resume/config.ts`, defaults documented there). Read when a source loads. */
  @property({ attribute: false }) resumeConfig: Partial<ResumeConfig> | null = null;
  /**
   * The embedder's engine settings, each in the engine's own shape (`{ hlsjs, dashjs, shaka }`), merged
   * over vod-player's before the engine loads; vod-player keeps only the keys its ABR plug-in and
   * quality events need (see README "Engine configuration"; setting one fires a non-fatal `INVALID_ATTRIBUTE`).
   * Read when a source loads.
   */
  @property({ attribute: false }) engineConfig: EngineConfig | null = null;
  /**
   * Called with the configured engine instance (`{ engine, instance, media, src }`) before it loads a
   * source: request filters, DRM, engine events. Loading waits for a returned promise; a throw is a
   * fatal `ENGINE_ERROR`. Read when a source loads.
   */
  @property({ attribute: false }) engineSetup: EngineSetupHook | null = null;

  /** The last fatal error, like `HTMLMediaElement.error`; null while healthy. */
  error: VodPlayerError | null = null;

  #video: HTMLVideoElement | null = null;
  #adapter: EngineAdapter | null = null;
  readonly #resume = new ResumeController(this);
  readonly #telemetry = new TelemetryController(this);
  #abrSession: VodAbrSession | null = null;
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

  /** The playhead, seconds, as on `<video>`. Setting it seeks; an invalid value fires a non-fatal `vod-error` and is ignored. */
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
  /** Duration of the source, seconds; NaN before its metadata is known. */
  get duration(): number {
    return this.#video?.duration ?? Number.NaN;
  }
  /** True while not playing, as on `<video>`; also reflected as the `paused` attribute. */
  get paused(): boolean {
    return this.#video?.paused ?? true;
  }
  /** True when playback reached the end, as on `<video>`; also reflected as the `ended` attribute. */
  get ended(): boolean {
    return this.#video?.ended ?? false;
  }
  /** True while a seek is in progress. */
  get seeking(): boolean {
    return this.#video?.seeking ?? false;
  }
  /** `HTMLMediaElement.readyState` of the inner video (0 to 4). */
  get readyState(): number {
    return this.#video?.readyState ?? 0;
  }
  /** The buffered time ranges of the inner video; null before the first render. */
  get buffered(): TimeRanges | null {
    return this.#video?.buffered ?? null;
  }
  /** Volume from 0 to 1, as on `<video>`; an invalid value fires a non-fatal `vod-error` and is ignored. */
  get volume(): number {
    return this.#video?.volume ?? 1;
  }
  set volume(volume: number) {
    this.#applyParsed(parseVolume(volume), (value) => {
      if (this.#video) this.#video.volume = value;
    });
  }
  /** Playback speed, above 0 and up to 16, 1 being normal; an invalid value fires a non-fatal `vod-error` and is ignored. */
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
    this.#telemetry.playIntent();
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

  /** Pauses playback, as on `<video>`. */
  pause(): void {
    this.#playRequested = false;
    this.#video?.pause();
  }

  /** Forgets the saved resume position of the current source (store failures fire `vod-error`). */
  clearResume(): Promise<void> {
    return this.#resume.clear();
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
  /**
   * Telemetry (QoE beacons, CMCD): `{ endpoint, headers, transport, sampleRate, heartbeatIntervalSec,
   * viewerId, videoId, … }`, or null for none. Loaded lazily, only when set. See README "Telemetry".
   */
  get telemetry(): TelemetryOptions | null {
    return this.#telemetry.options;
  }
  set telemetry(options: TelemetryOptions | null) {
    this.#telemetry.configure(options);
  }
  /** Every telemetry beacon of this element as it is made (typed; nothing until telemetry is configured). */
  get telemetry$(): Observable<TelemetryBeacon> {
    return this.#telemetry.beacons$;
  }
  /**
   * vod-player's ABR for the current source (its decisions, seed and estimate), or null with
   * `abr="engine"`, native playback, or no source.
   */
  get abrSession(): VodAbrSession | null {
    return this.#abrSession;
  }
  /** The bandwidth estimate of whichever ABR is in charge, bits per second, or null. */
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
    if (changed.has('abr')) this.#applyParsed(parseAbrMode(this.abr), () => undefined);
    if (changed.has('abrMinRung')) this.#applyParsed(parseRungCap('abr-min-rung', this.abrMinRung), () => undefined);
    if (changed.has('abrMaxRung')) this.#applyParsed(parseRungCap('abr-max-rung', this.abrMaxRung), () => undefined);
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
        ${this.#resume.render()}
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
    const startTime = parseStartTime(this.startTime);
    const explicitStartSec = startTime.ok && startTime.value !== null ? startTime.value : null;
    // Read the saved position while the engine chunk loads; the engine then starts right there.
    const resumeStart = this.#resume.begin(this.src, { restore: explicitStartSec === null });
    let factory;
    try {
      factory = await loadEngine(selection.engine);
    } catch (cause) {
      if (generation === this.#generation) this.#fail(asVodError(cause, 'ENGINE_LOAD_FAILED', selection.engine));
      return;
    }
    if (generation !== this.#generation) return;
    const resumeSec = await resumeStart;
    if (generation !== this.#generation) return;

    this.#rebuffer = new RebufferMonitor(this.#video, (transition) => this.#onRebuffer(transition));
    const adapter = factory(this.#video, this.#sinkFor(generation));
    this.#adapter = adapter;
    this.setAttribute('active-engine', adapter.name);
    emit(this, 'vod-enginechange', { engine: adapter.name, src: this.src });

    this.#abrSession = this.#createAbrSession(adapter.name);
    try {
      await adapter.load(this.src, {
        startTimeSec: explicitStartSec ?? resumeSec ?? undefined,
        crossOrigin: parseCrossOrigin(this.crossorigin),
        cmcd: this.#telemetry.cmcd,
        abr: this.#abrSession ?? undefined,
        engineConfig: this.engineConfig ?? undefined,
        setup: this.engineSetup ?? undefined,
      });
    } catch (cause) {
      if (generation === this.#generation) this.#fail(asVodError(cause, 'ENGINE_ERROR', adapter.name));
      return;
    }
    if (generation !== this.#generation) return;
    this.#adapterLoaded = true;
    this.#onLoadedMetadata();
    if (this.#pendingQuality !== null) this.setQuality(this.#pendingQuality);
    if ((this.autoplay || this.#playRequested) && !this.#resume.holdsAutoplay) this.play().catch(() => undefined);
  }

  /**
   * vod-player's ABR for the source about to load, or null when the engine's own ABR is wanted
   * (`abr="engine"`) or the engine has no ABR to replace (native HLS).
   */
  #createAbrSession(engine: EngineName): VodAbrSession | null {
    const mode = parseAbrMode(this.abr); // an invalid value was reported by updated()
    if ((mode.ok ? mode.value : 'vod') === 'engine' || engine === 'native') return null;
    return new VodAbrSession({
      config: this.abrConfig ?? undefined,
      seedHost: seedHostOf(this.src, document.baseURI),
      caps: () => this.#abrCaps(),
    });
  }

  /** The embedder's caps on vod-player's ABR, read at every decision (the box may be resized). */
  #abrCaps(): RungCaps | undefined {
    const min = parseRungCap('abr-min-rung', this.abrMinRung);
    const max = parseRungCap('abr-max-rung', this.abrMaxRung);
    const caps: { minRung?: number; maxRung?: number; playerHeightPx?: number; devicePixelRatio?: number } = {};
    if (min.ok && min.value !== null) caps.minRung = min.value;
    if (max.ok && max.value !== null) caps.maxRung = max.value;
    if (this.abrCapToSize && this.clientHeight > 0) {
      caps.playerHeightPx = this.clientHeight;
      caps.devicePixelRatio = window.devicePixelRatio || 1;
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
        this.requestUpdate();
      },
      qualityRendered: (quality) => {
        if (!live() || this.#quality?.index === quality.index) return;
        const from = this.#quality;
        this.#quality = quality;
        const auto = this.#adapter?.autoQuality ?? true;
        const abr = auto ? (this.#abrSession?.decisionFor(quality) ?? null) : null;
        const reason = from === null ? 'initial' : !auto ? 'manual' : this.#abrSession ? 'vod-abr' : 'engine-abr';
        emit(this, 'vod-qualitychange', { from, to: quality, auto, reason, abr });
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
    this.#abrSession?.close();
    this.#abrSession = null;
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
