import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { PartialAbrConfig } from '../abr/index.js';
import type { Observable } from 'rxjs';
import type { TelemetryBeacon, TelemetryOptions } from '../telemetry/index.js';
import { parseCurrentTime, parsePlaybackRate, parseVolume, type Parsed } from './attributes.js';
import { ControlsController } from './controllers/controls-controller.js';
import { PlaybackController, type RebufferStats } from './controllers/playback-controller.js';
import {
  DEFAULT_PLAYBACK_SETTINGS,
  applyChangedProperties,
  sourceSettingsOf,
  type PlaybackSettings,
} from './controllers/playback-settings.js';
import { ResumeController } from './controllers/resume-controller.js';
import { TelemetryController } from './controllers/telemetry-controller.js';
import type { EngineConfig, EngineSetupHook } from './engines/engine-config.js';
import type { EngineName, Quality } from './engines/types.js';
import type { VodPlayerError } from './errors.js';
import { emit } from './events.js';
import { bufferAheadSec } from './media/buffer.js';
import type { ResumeConfig } from './resume/config.js';
import type { ResumeStore } from './resume/types.js';
import { controlsStyles } from './ui/index.js';
import { resumePromptStyles } from './ui/resume-prompt.styles.js';
import type { VodAbrSession } from './vod-abr/abr-session.js';
import { playerStyles } from './vod-player.styles.js';

/**
 * `<vod-player>`: plays HLS and DASH VOD through hls.js, dash.js or shaka, chosen per source and
 * loaded lazily, with controls, captions and typed events.
 *
 * Standard media events (`play`, `pause`, `timeupdate`, `waiting`, …) are re-dispatched on the element.
 * State is reflected as attributes for CSS: `paused`, `ended`, `rebuffering`, `recovering`, `muted`, and
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
 * @event {CustomEvent<VodRecoveringDetail>} vod-recovering - Playback failed and the player is recovering (waiting for the network, or reloading at the last position).
 * @event {CustomEvent<VodRecoveredDetail>} vod-recovered - Playback resumed after recovering.
 * @event {CustomEvent<VodTelemetryErrorDetail>} vod-telemetry-error - Telemetry delivery was refused or gave beacons up (never about playback).
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
  /**
   * How long (seconds, 0–3600) the player keeps recovering from one run of failures (network loss,
   * a missing rendition, decode errors) before the error is fatal; 0 turns recovery off. Default 300.
   * While it recovers, the element has the `recovering` attribute (see README "Recovery").
   */
  @property({ attribute: 'recovery-window' }) recoveryWindow: string | number | null = null;

  readonly #settings: PlaybackSettings = { ...DEFAULT_PLAYBACK_SETTINGS };
  readonly #resume = new ResumeController(this);
  readonly #telemetry = new TelemetryController(this);
  readonly #controls = new ControlsController(this);
  readonly #playback = new PlaybackController(this, {
    settings: () => this.#settings,
    resume: this.#resume,
    cmcd: () => this.#telemetry.cmcd,
    cmcdPlanned: () => this.#telemetry.cmcdPlanned,
    onPlayIntent: () => this.#telemetry.playIntent(),
    onTeardown: () => this.#controls.reset(),
  });

  /** The last fatal error, like `HTMLMediaElement.error`; null while healthy. */
  get error(): VodPlayerError | null {
    return this.#playback.error;
  }

  // ── HTMLMediaElement-like surface ────────────────────────────────────────────

  /** The inner `<video>` element (for APIs not mirrored here). Null before the first render. */
  get media(): HTMLVideoElement | null {
    return this.#playback.media;
  }
  /** The playhead, seconds, as on `<video>`. Setting it seeks; an invalid value fires a non-fatal `vod-error` and is ignored. */
  get currentTime(): number {
    return this.media?.currentTime ?? 0;
  }
  set currentTime(timeSec: number) {
    this.#applyParsed(parseCurrentTime(timeSec), (value) => {
      if (this.media) this.media.currentTime = value;
    });
  }
  /** Duration of the source, seconds; NaN before its metadata is known. */
  get duration(): number {
    return this.media?.duration ?? Number.NaN;
  }
  /** True while not playing, as on `<video>`; also reflected as the `paused` attribute. */
  get paused(): boolean {
    return this.media?.paused ?? true;
  }
  /** True when playback reached the end, as on `<video>`; also reflected as the `ended` attribute. */
  get ended(): boolean {
    return (this.media?.ended ?? false) || this.#playback.reachedEnd;
  }
  /** True while a seek is in progress. */
  get seeking(): boolean {
    return this.media?.seeking ?? false;
  }
  /** `HTMLMediaElement.readyState` of the inner video (0 to 4). */
  get readyState(): number {
    return this.media?.readyState ?? 0;
  }
  /** The buffered time ranges of the inner video; null before the first render. */
  get buffered(): TimeRanges | null {
    return this.media?.buffered ?? null;
  }
  /** Volume from 0 to 1, as on `<video>`; an invalid value fires a non-fatal `vod-error` and is ignored. */
  get volume(): number {
    return this.media?.volume ?? 1;
  }
  set volume(volume: number) {
    this.#applyParsed(parseVolume(volume), (value) => {
      if (this.media) this.media.volume = value;
    });
  }
  /** Playback speed, above 0 and up to 16, 1 being normal; an invalid value fires a non-fatal `vod-error` and is ignored. */
  get playbackRate(): number {
    return this.media?.playbackRate ?? 1;
  }
  set playbackRate(rate: number) {
    this.#applyParsed(parsePlaybackRate(rate), (value) => {
      if (this.media) this.media.playbackRate = value;
    });
  }

  /**
   * Starts playback. Like `HTMLMediaElement.play()` it rejects when the browser refuses (autoplay
   * policy); the rejection is also reported as a non-fatal `vod-error` with code `PLAY_REJECTED`.
   */
  play(): Promise<void> {
    return this.#playback.play();
  }

  /** Pauses playback, as on `<video>`. */
  pause(): void {
    this.#playback.pause();
  }

  /** Forgets the saved resume position of the current source (store failures fire `vod-error`). */
  clearResume(): Promise<void> {
    return this.#resume.clear();
  }

  // ── Quality API ─────────────────────────────────────────────────────────────

  /** The video renditions, ascending by bitrate. Empty until the manifest is parsed. */
  get qualities(): readonly Quality[] {
    return this.#playback.qualities;
  }
  /** The rendition being played, as confirmed by the engine; null before the first frame. */
  get quality(): Quality | null {
    return this.#playback.quality;
  }
  /** True while the ABR picks the rendition. Set to true to return to auto, false to pin the current one. */
  get autoQuality(): boolean {
    return this.#playback.autoQuality;
  }
  set autoQuality(auto: boolean) {
    if (auto) this.setQuality('auto');
    else if (this.quality) this.setQuality(this.quality.index);
  }

  /** Pins the rendition at `index` in `qualities`, or returns to automatic selection with `'auto'`. */
  setQuality(index: number | 'auto'): void {
    this.#playback.setQuality(index);
  }

  // ── Read-outs for dashboards and tests ──────────────────────────────────────

  /** The engine playing the current source, or null. */
  get engineName(): EngineName | null {
    return this.#playback.adapter?.name ?? null;
  }
  /** The engine object itself (Hls, dash.js MediaPlayer, shaka.Player), for what the SDK does not wrap. */
  get engineInstance(): unknown {
    return this.#playback.adapter?.engineInstance ?? null;
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
    return this.#playback.abrSession;
  }
  /** The bandwidth estimate of whichever ABR is in charge, bits per second, or null. */
  get bandwidthEstimateBps(): number | null {
    return this.#playback.adapter?.bandwidthEstimateBps() ?? null;
  }
  /** Seconds buffered ahead of the playhead. */
  get bufferAheadSec(): number {
    return this.media ? bufferAheadSec(this.media.buffered, this.media.currentTime) : 0;
  }
  /**
   * Stalls of the current source as the viewer saw them: finished ones (`count`, `totalMs`), and
   * whether one is open now (`stalled`, since `openSinceMs`, a `performance.now()` time).
   */
  get rebufferStats(): RebufferStats {
    return this.#playback.rebufferStats;
  }
  /** True while the player recovers from a failure (also the `recovering` attribute). */
  get recovering(): boolean {
    return this.#playback.recovering;
  }
  /**
   * Renditions taken out of ABR and the menu after their segments failed (index into `qualities` → why),
   * each for a cool-down of 60 s.
   */
  get excludedQualities(): ReadonlyMap<number, string> {
    return this.#playback.excludedQualities;
  }

  // ── Lifecycle ───────────────────────────────────────────────────────────────

  override connectedCallback(): void {
    super.connectedCallback();
    // The engine chunk and the manifest start now, in parallel, not after the first update and render.
    this.#playback.preload(sourceSettingsOf(this));
  }

  protected override firstUpdated(): void {
    const video = this.renderRoot.querySelector('video');
    if (!video) return;
    this.#playback.attachMedia(video);
    this.#controls.attachMedia(video);
    video.addEventListener('volumechange', () => {
      if (this.muted !== video.muted) this.muted = video.muted;
    });
  }

  /** Attributes are parsed here, once per change; an invalid one is reported once and replaced by its fallback. */
  protected override willUpdate(changed: PropertyValues<this>): void {
    for (const error of applyChangedProperties(this.#settings, this, changed)) emit(this, 'vod-error', { error });
    // A new source starts loading before this update renders (reload() takes it over in updated()).
    if (changed.has('src') || changed.has('engine') || changed.has('type')) this.#playback.preload(this.#settings);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('src') || changed.has('engine') || changed.has('type')) void this.#playback.reload();
  }

  protected override render(): unknown {
    return html`
      <div part="container" class="container">
        <video
          part="video"
          .muted=${this.muted}
          ?loop=${this.loop}
          ?playsinline=${this.playsinline}
          preload=${this.#settings.preload}
          poster=${this.poster || nothing}
          crossorigin=${this.#settings.crossOrigin ?? nothing}
        ></video>
        ${this.#controls.render()}
        ${this.#resume.render()}
      </div>
    `;
  }

  #applyParsed<T>(parsed: Parsed<T>, apply: (value: T) => void): void {
    if (parsed.ok) apply(parsed.value);
    else emit(this, 'vod-error', { error: parsed.error });
  }
}
