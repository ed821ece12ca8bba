import { nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { VodPlayerError } from '../errors.js';
import { emit, emitCancelable } from '../events.js';
import { resolveResumeConfig, type ResumeConfig } from '../resume/config.js';
import { ResumeStoreError } from '../resume/errors.js';
import { createLocalStore } from '../resume/local-store.js';
import { deriveMediaId } from '../resume/media-id.js';
import { ResumeSession, type Playhead, type ResumeOffer, type ResumeOperation } from '../resume/resume-session.js';
import { createScopedStore, type ScopedResumeStore } from '../resume/scoped-store.js';
import { systemScheduler, type ResumeStore } from '../resume/types.js';
import { renderResumePrompt, type ResumePromptState } from '../ui/resume-prompt.js';
import { parseMediaId, parseResumeMode, type ResumeMode } from './resume-attributes.js';

/** What the controller needs from `<vod-player>`. */
export interface ResumeHost extends ReactiveControllerHost, EventTarget {
  readonly media: HTMLVideoElement | null;
  /** Attribute `media-id`. */
  mediaId: string | null;
  /** Attribute `resume`: `auto` | `prompt` | `off`; present and empty means `auto`. */
  resume: string | null;
  /** Attribute `resume-url`: base URL of the remote store. */
  resumeUrl: string | null;
  /**
   * Attribute `resume-token`: sent as `Authorization: Bearer <token>` to `resume-url`. Replacing it
   * with another token is a rotation: queued writes move to the new token (see `scoped-store.ts`).
   */
  resumeToken: string | null;
  /** The embedder's store; replaces the one built from the attributes. */
  resumeStore: ResumeStore | null;
  resumeConfig: Partial<ResumeConfig> | null;
  play(): Promise<void>;
}

const SAVE_EVENTS = ['playing', 'timeupdate', 'pause', 'seeked', 'ended', 'play'] as const;

/**
 * Resume for `<vod-player>`: picks the store from the attributes (or the `resumeStore` property),
 * runs a ResumeSession per loaded source, feeds it the video's events and the page's hide events,
 * reports `vod-resume` and store failures, and shows the prompt with `resume="prompt"`.
 *
 * The element calls `begin(src)` while its engine loads and passes the result as `startTimeSec`,
 * so the first frame is already at the saved position.
 */
export class ResumeController implements ReactiveController {
  readonly #host: ResumeHost;
  #session: ResumeSession | null = null;
  #video: HTMLVideoElement | null = null;
  #lastPlayhead: Playhead | null = null;
  #prompt: ResumePromptState | null = null;
  #mode: ResumeMode = 'auto';
  /** The store of `resume-url` + `resume-token`, once one was needed; follows token rotations. */
  #scoped: ScopedResumeStore | null = null;
  #localStore: ResumeStore | null = null;
  readonly #disposers: Array<() => void> = [];

  constructor(host: ResumeHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    const onPageHide = (): void => this.#session?.hidden();
    const onVisibility = (): void => {
      if (document.visibilityState === 'hidden') this.#session?.hidden();
    };
    window.addEventListener('pagehide', onPageHide);
    document.addEventListener('visibilitychange', onVisibility);
    this.#disposers.push(
      () => window.removeEventListener('pagehide', onPageHide),
      () => document.removeEventListener('visibilitychange', onVisibility),
    );
  }

  hostDisconnected(): void {
    this.end();
    for (const dispose of this.#disposers.splice(0)) dispose();
    this.#scoped?.dispose();
    this.#scoped = null;
  }

  /**
   * Follows `resume-token` as it changes while the element lives: a token replaced by another for
   * the same `resume-url` is a rotation (queued writes move to the new token and are sent with it
   * at once); a token or URL removed ends the chain, so the next token is a new viewer.
   */
  hostUpdate(): void {
    const scoped = this.#scoped;
    const host = this.#host;
    if (!scoped || host.resumeStore) return;
    if (!host.resumeUrl || !host.resumeToken) {
      scoped.release();
      return;
    }
    scoped.use(host.resumeUrl, host.resumeToken);
  }

  /** True while the prompt waits for the viewer: autoplay must wait too. */
  get holdsAutoplay(): boolean {
    return this.#prompt !== null;
  }

  /**
   * Starts resume for `src` (ending the previous source's, with a last save). Resolves with the
   * position the engine should start at, or null; within `startWaitMs`, never rejects.
   * `restore: false` (an explicit `start-time`) only saves.
   */
  begin(src: string, options: { restore: boolean }): Promise<number | null> {
    this.end();
    this.#attach();
    const host = this.#host;
    const mode = parseResumeMode(host.resume);
    this.#mode = mode.ok ? mode.value : 'auto';
    if (!mode.ok) emit(host, 'vod-error', { error: mode.error });
    const configured = host.mediaId || host.resume !== null || host.resumeUrl || host.resumeStore;
    if (this.#mode === 'off' || !configured || !src) return Promise.resolve(null);
    const mediaId = parseMediaId(host.mediaId);
    if (!mediaId.ok) {
      emit(host, 'vod-error', { error: mediaId.error });
      return Promise.resolve(null);
    }
    const id = mediaId.value ?? deriveMediaId(src, document.baseURI);
    const session = new ResumeSession({
      mediaId: id,
      store: this.#store(),
      config: resolveResumeConfig(host.resumeConfig ?? {}),
      scheduler: systemScheduler,
      restore: options.restore,
      playhead: () => this.#readPlayhead(),
      offer: (offer) => this.#offer(offer),
      seek: (positionSec) => {
        if (this.#video) this.#video.currentTime = positionSec;
      },
      onError: (error, operation) => this.#reportError(id, error, operation),
    });
    this.#session = session;
    return session.start();
  }

  /** The current source's resume is over (source change, removal): a last save. */
  end(): void {
    this.#session?.end();
    this.#session = null;
    this.#lastPlayhead = null;
    this.#setPrompt(null);
  }

  /** Forgets the saved position of the current source. */
  async clear(): Promise<void> {
    const session = this.#session;
    if (!session) return;
    try {
      await this.#store().clear(session.mediaId);
    } catch (error) {
      this.#reportError(session.mediaId, error, 'write');
    }
  }

  /** The prompt, when one is waiting; render it over the picture. */
  render(): TemplateResult | typeof nothing {
    if (!this.#prompt) return nothing;
    return renderResumePrompt(this.#prompt, {
      resume: () => {
        this.#setPrompt(null);
        this.#host.play().catch(() => undefined);
      },
      startOver: () => {
        this.#setPrompt(null);
        if (this.#video) this.#video.currentTime = 0;
        this.#host.play().catch(() => undefined);
      },
    });
  }

  #offer(offer: ResumeOffer): boolean {
    if (!emitCancelable(this.#host, 'vod-resume', offer)) return false;
    if (this.#mode === 'prompt') {
      if (offer.late && !this.#prompt) return false; // the viewer is already watching: do not yank them
      this.#setPrompt({ positionSec: offer.positionSec, durationSec: offer.durationSec });
    }
    return true;
  }

  #setPrompt(prompt: ResumePromptState | null): void {
    if (this.#prompt === prompt) return;
    this.#prompt = prompt;
    this.#host.requestUpdate();
  }

  /**
   * The store: the embedder's, else synced (local + `resume-url`, scoped per URL and token, so two
   * viewers on one browser never see each other's positions), else local.
   */
  #store(): ResumeStore {
    const host = this.#host;
    if (host.resumeStore) return host.resumeStore;
    if (!host.resumeUrl) return (this.#localStore ??= createLocalStore());
    this.#scoped ??= createScopedStore();
    this.#scoped.use(host.resumeUrl, host.resumeToken ?? '');
    return this.#scoped;
  }

  /** Listens to the video once; events go to whichever session is current. */
  #attach(): void {
    const video = this.#host.media;
    if (!video || this.#video === video) return;
    this.#video = video;
    const onEvent = (event: Event): void => {
      const session = this.#session;
      this.#readPlayhead();
      if (!session) return;
      switch (event.type) {
        case 'playing':
          session.playing();
          break;
        case 'timeupdate':
          if (!video.paused && !video.seeking) session.tick();
          break;
        case 'pause':
          if (!video.ended) session.paused();
          break;
        case 'seeked':
          session.seeked();
          break;
        case 'ended':
          session.ended();
          break;
        case 'play':
          // Playing while the prompt waits answers it: resume.
          this.#setPrompt(null);
          break;
      }
    };
    for (const type of SAVE_EVENTS) video.addEventListener(type, onEvent);
    this.#disposers.push(() => {
      for (const type of SAVE_EVENTS) video.removeEventListener(type, onEvent);
      this.#video = null;
    });
  }

  /** The live playhead while the video holds this source; the last one seen once it is torn down. */
  #readPlayhead(): Playhead {
    const video = this.#video;
    if (video && video.readyState >= HTMLMediaElement.HAVE_METADATA && Number.isFinite(video.duration) && video.duration > 0) {
      this.#lastPlayhead = { positionSec: video.currentTime, durationSec: video.duration, ended: video.ended };
    }
    return this.#lastPlayhead ?? { positionSec: Number.NaN, durationSec: Number.NaN, ended: false };
  }

  #reportError(mediaId: string, error: unknown, operation: ResumeOperation): void {
    if (error instanceof ResumeStoreError && error.code === 'STALE_WRITE') return; // a newer position won: not a failure
    const storeError = error instanceof ResumeStoreError ? error : null;
    const message = `Resume ${operation === 'read' ? 'read' : 'save'} failed for "${mediaId}": ${error instanceof Error ? error.message : String(error)}`;
    emit(this.#host, 'vod-error', {
      error: new VodPlayerError('RESUME_STORE_FAILED', message, {
        fatal: false,
        cause: error,
        detail: {
          mediaId,
          operation,
          ...(storeError ? { store: storeError.store } : {}),
          ...(storeError?.httpStatus ? { httpStatus: storeError.httpStatus } : {}),
          ...(storeError?.url ? { url: storeError.url } : {}),
        },
      }),
    });
  }
}
