import { nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { Quality } from '../engines/types.js';
import { VodPlayerError } from '../errors.js';
import { emit } from '../events.js';
import { rangesToArray } from '../media/buffer.js';
import { handleControlsKeydown, renderControls, type ControlsActions, type ControlsState } from '../ui/index.js';

/** Media events that change what the controls show. */
const RENDER_EVENTS = [
  'timeupdate', 'progress', 'play', 'pause', 'playing', 'waiting', 'seeking', 'seeked', 'ended',
  'durationchange', 'volumechange', 'ratechange', 'loadedmetadata', 'emptied',
] as const;

/** What the built-in controls need from `<vod-player>`. */
export interface ControlsHost extends ReactiveControllerHost, HTMLElement {
  readonly controls: boolean;
  readonly media: HTMLVideoElement | null;
  readonly qualities: readonly Quality[];
  readonly quality: Quality | null;
  readonly autoQuality: boolean;
  currentTime: number;
  volume: number;
  play(): Promise<void>;
  pause(): void;
  setQuality(index: number | 'auto'): void;
}

/**
 * The built-in controls of `<vod-player controls>`: their state (open menu, fullscreen), the actions
 * behind each button, the keyboard shortcuts and the captions menu over the media's text tracks.
 */
export class ControlsController implements ReactiveController {
  readonly #host: ControlsHost;
  #menu: ControlsState['menuOpen'] = null;
  #fullscreen = false;
  /** `controls` at the last update: the tabindex is added only when it turns on. */
  #controlsShown = false;
  readonly #onFullscreenChange = (): void => {
    this.#fullscreen = document.fullscreenElement === this.#host;
    this.#host.requestUpdate();
  };
  readonly #onKeyDown = (event: KeyboardEvent): void => {
    if (this.#host.controls && this.#host.media) handleControlsKeydown(event, this.#state(this.#host.media), this.#actions);
  };

  constructor(host: ControlsHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('fullscreenchange', this.#onFullscreenChange);
    this.#host.addEventListener('keydown', this.#onKeyDown);
  }

  hostDisconnected(): void {
    document.removeEventListener('fullscreenchange', this.#onFullscreenChange);
    this.#host.removeEventListener('keydown', this.#onKeyDown);
  }

  hostUpdated(): void {
    const controls = this.#host.controls;
    if (controls === this.#controlsShown) return;
    this.#controlsShown = controls;
    // Focusable with controls, so the keyboard shortcuts work before a control has focus.
    if (controls && !this.#host.hasAttribute('tabindex')) this.#host.setAttribute('tabindex', '0');
  }

  /** Re-renders the element whenever the media or its text tracks change what the controls show. */
  attachMedia(media: HTMLVideoElement): void {
    for (const type of RENDER_EVENTS) media.addEventListener(type, () => this.#host.requestUpdate());
    for (const type of ['addtrack', 'removetrack', 'change']) media.textTracks.addEventListener(type, () => this.#host.requestUpdate());
  }

  /** Closes an open menu (a new source has other qualities and tracks). */
  reset(): void {
    this.#menu = null;
  }

  render(): unknown {
    const media = this.#host.media;
    return this.#host.controls && media ? renderControls(this.#state(media), this.#actions) : nothing;
  }

  #state(media: HTMLVideoElement): ControlsState {
    const host = this.#host;
    const textTracks = Array.from(media.textTracks)
      .map((track, index) => ({ track, index }))
      .filter(({ track }) => isCaptionTrack(track));
    const active = textTracks.find(({ track }) => track.mode === 'showing');
    return {
      paused: media.paused,
      ended: media.ended,
      waiting: host.hasAttribute('rebuffering'),
      currentTimeSec: media.currentTime,
      durationSec: media.duration,
      bufferedRanges: rangesToArray(media.buffered),
      volume: media.volume,
      muted: media.muted,
      fullscreen: this.#fullscreen,
      fullscreenAvailable: document.fullscreenEnabled,
      qualities: host.qualities,
      quality: host.quality,
      autoQuality: host.autoQuality,
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
    togglePlay: () => {
      const media = this.#host.media;
      if (!media) return;
      if (media.paused) this.#host.play().catch(() => undefined);
      else this.#host.pause();
    },
    seek: (timeSec) => (this.#host.currentTime = timeSec),
    setVolume: (volume) => (this.#host.volume = volume),
    toggleMute: () => {
      const media = this.#host.media;
      if (media) media.muted = !media.muted;
    },
    toggleFullscreen: () => this.#toggleFullscreen(),
    selectQuality: (index) => {
      this.#host.setQuality(index);
      this.#closeMenu();
    },
    selectTextTrack: (index) => {
      const tracks = this.#host.media ? Array.from(this.#host.media.textTracks) : [];
      tracks.forEach((track, i) => {
        if (isCaptionTrack(track)) track.mode = i === index ? 'showing' : 'disabled';
      });
      this.#closeMenu();
    },
    setMenu: (menu) => {
      this.#menu = menu;
      this.#host.requestUpdate();
    },
  };

  #closeMenu(): void {
    this.#menu = null;
    this.#host.requestUpdate();
  }

  #toggleFullscreen(): void {
    const host = this.#host;
    const request = document.fullscreenElement === host ? document.exitFullscreen() : host.requestFullscreen();
    request.catch((cause: unknown) =>
      emit(host, 'vod-error', {
        error: new VodPlayerError('FULLSCREEN_REJECTED', `Fullscreen was refused: ${String(cause)}`, { fatal: false, cause }),
      }),
    );
  }
}

function isCaptionTrack(track: TextTrack): boolean {
  return track.kind === 'subtitles' || track.kind === 'captions';
}
