import type { EngineName, Quality } from '../engines/types.js';
import { resolveSource } from '../engines/preload.js';
import { VodPlayerError, type FatalReason } from '../errors.js';
import { emit } from '../events.js';
import { bufferAheadSec } from '../media/buffer.js';
import { DEFAULT_RECOVERY_CONFIG, classifyFailure, exclusionOf, type RecoveryConfig, type RecoveryVerdict } from '../recovery/policy.js';
import { RecoverySession, type RecoveryDeps } from '../recovery/recovery-session.js';
import { RenditionExclusions } from '../recovery/rendition-exclusions.js';
import { StallWatchdog } from '../recovery/stall-watchdog.js';
import type { PlaybackSettings } from './playback-settings.js';

/** Playback this far past the reload position ends a recovery episode (its budgets start over). */
const RECOVERED_AFTER_SEC = 10;

/** What the coordinator reads from and asks of the playback controller. */
export interface RecoveryPort {
  readonly host: EventTarget & { toggleAttribute(name: string, force?: boolean): boolean; removeAttribute(name: string): void; requestUpdate(): void };
  settings(): Readonly<PlaybackSettings>;
  monotonicMs(): number;
  baseUrl(): string;
  recoveryDeps(crossOrigin: PlaybackSettings['crossOrigin']): RecoveryDeps;
  media(): HTMLVideoElement | null;
  qualities(): readonly Quality[];
  /**
   * The rendition most likely at fault for a decode failure: the one last requested (vod-player's ABR's
   * latest decision), else the one on screen; null when unknown.
   */
  suspectQualityIndex(): number | null;
  /** The source loaded its metadata (a manifest failure now is a network matter). */
  metadataLoaded(): boolean;
  playRequested(): boolean;
  /** The engine of the current source, once it is loaded; null otherwise. */
  loadedEngine(): EngineName | null;
  /** Drops the current engine (a new generation; its sink goes deaf) and returns that generation. */
  dropEngine(): number;
  isCurrent(generation: number): boolean;
  /** Loads the current source again at `positionSec`, playing or not. */
  restart(positionSec: number, play: boolean): void;
  /** Ends the source for `error` (fatal, with its reason). */
  fatal(error: VodPlayerError): void;
}

/**
 * The browser side of recovery for one element (README "Recovery"): applies the pure policy
 * (`recovery/policy.ts`) to the engine's errors, keeps the episode (`RecoverySession`), the rendition
 * exclusions and the stall watchdog, and drives the `recovering` attribute and the `vod-recovering` /
 * `vod-recovered` events. The playback controller owns the engine; this asks it to drop, restart or
 * end the source through `RecoveryPort`.
 */
export class RecoveryCoordinator {
  readonly #port: RecoveryPort;
  #session: RecoverySession | null = null;
  readonly #exclusions = new RenditionExclusions();
  /** The source the exclusions belong to. */
  #src = '';
  /** Set while recovering: since when (monotonic ms), where playback resumes, and whether it plays. */
  #since: { startedMs: number; positionSec: number; play: boolean } | null = null;
  /** The playhead of the live source, kept at every `timeupdate` (an engine may reset the media before its error). */
  #lastPositionSec = 0;
  /** Where the last recovery resumed, seconds: the episode ends once playback is well past it. */
  #episodeResumeSec = 0;
  #watchdog: StallWatchdog | null = null;

  constructor(port: RecoveryPort) {
    this.#port = port;
  }

  /** True while recovering (the `recovering` attribute). */
  get recovering(): boolean {
    return this.#since !== null;
  }

  /** Renditions out of ABR and the menu for a cool-down (index → why). */
  get excludedQualities(): ReadonlyMap<number, string> {
    return this.#exclusions.active(this.#port.monotonicMs());
  }

  /** A load of `src` begins: exclusions of another source are forgotten. Returns true for another source. */
  beginSource(src: string): boolean {
    if (src === this.#src) return false;
    this.#src = src;
    this.#exclusions.clear();
    return true;
  }

  /** Recovery is over (a new source, a disconnect, a fatal error): no wait goes on, no attribute stays. */
  end(): void {
    this.#session?.cancel();
    this.#session = null;
    this.#since = null;
    this.#lastPositionSec = 0;
    this.#port.host.removeAttribute('recovering');
  }

  /** The engine is gone: its stall watch too. */
  engineDropped(): void {
    this.#watchdog?.stop();
    this.#watchdog = null;
  }

  /**
   * A fatal error of the engine (or of loading): the policy either takes it over (reported as a
   * non-fatal `vod-error` with `detail.recovery`, then `vod-recovering`), or it is fatal for the reason
   * in `detail.fatalReason`.
   */
  onFatal(error: VodPlayerError): void {
    const port = this.#port;
    const settings = port.settings();
    const session = settings.recoveryWindowSec > 0 ? this.#sessionFor(settings) : null;
    const verdict: RecoveryVerdict = session
      ? classifyFailure(error, {
          everLoaded: port.metadataLoaded() || this.#lastPositionSec > 0 || this.#since !== null,
          online: port.recoveryDeps(settings.crossOrigin).online(),
          qualityCount: port.qualities().length,
          excludedCount: this.excludedQualities.size,
          decodeFailures: error.code === 'MEDIA_DECODE_FAILED' ? session.noteDecodeFailure() : 0,
          renderedQualityIndex: this.#suspect(),
        })
      : { action: 'fatal', reason: 'recovery-off' };
    if (verdict.action === 'fatal') {
      port.fatal(error.with({ fatalReason: verdict.reason }));
      return;
    }
    const media = port.media();
    const positionSec = this.#since?.positionSec ?? Math.max(this.#lastPositionSec, media?.currentTime ?? 0);
    const play = port.playRequested() || (media !== null && !media.paused);
    if (verdict.action === 'exclude-rendition' && verdict.qualityIndex !== undefined) this.#exclude(verdict.qualityIndex, error);
    const generation = port.dropEngine();
    emit(port.host, 'vod-error', { error: error.with({ recovery: verdict.action }, false) });
    void this.#recover(verdict, error, generation, positionSec, play);
  }

  /**
   * A non-fatal engine error: a segment of one rendition gone (404/410/403) excludes it (reported with
   * `detail.recovery`); on the last rendition left it is fatal. False when recovery has nothing to do with it.
   */
  onNonFatal(error: VodPlayerError): boolean {
    const excluded = exclusionOf(error);
    if (excluded === null) return false;
    const count = this.#port.qualities().length;
    const active = this.excludedQualities;
    if (count > 0 && count - active.size <= 1 && !active.has(excluded)) {
      this.onFatal(error.with({}, true)); // nothing else can play that spot
      return true;
    }
    this.#exclude(excluded, error);
    emit(this.#port.host, 'vod-error', { error: error.with({ recovery: 'exclude-rendition' }) });
    return true;
  }

  /** A stall began: watch it for an engine that gave up silently. */
  onStallStart(): void {
    if (this.#port.settings().recoveryWindowSec > 0) this.#stallWatchdog().start();
  }

  onStallEnd(): void {
    this.#watchdog?.stop();
  }

  /** A recovery reload loaded: it must reach playing again (no stall is counted at startup), so watch it. */
  onRestartLoaded(play: boolean): void {
    if (play && this.#port.settings().recoveryWindowSec > 0) this.#stallWatchdog().start();
  }

  onTimeUpdate(media: HTMLVideoElement): void {
    if (this.#port.loadedEngine() === null) return;
    const positionSec = media.currentTime;
    if (positionSec > 0) this.#lastPositionSec = positionSec;
    if (this.#session?.inEpisode && this.#since === null && positionSec >= this.#episodeResumeSec + RECOVERED_AFTER_SEC) {
      this.#session.progressed();
    }
  }

  /** The source plays again (or, when it was paused, can play again): recovery is done. */
  onPlaying(media: HTMLVideoElement, canPlayOnly: boolean, stalled: boolean): void {
    const since = this.#since;
    if (since === null || this.#port.loadedEngine() === null || (canPlayOnly && since.play)) return;
    if (!canPlayOnly && !stalled) this.#watchdog?.stop();
    this.#since = null;
    this.#episodeResumeSec = since.positionSec;
    this.#port.host.removeAttribute('recovering');
    emit(this.#port.host, 'vod-recovered', {
      durationMs: this.#port.monotonicMs() - since.startedMs,
      attempts: this.#session?.reloads ?? 0,
      positionSec: media.currentTime,
    });
  }

  /** True from the first failure until playback is well past the point where it resumed. */
  get inEpisode(): boolean {
    return this.#session?.inEpisode ?? false;
  }

  /** The pinned rendition to re-apply after a recovery reload: `'auto'` when it was excluded, null for none. */
  pinAfterRestart(pinned: number | 'auto'): number | 'auto' | null {
    if (pinned === 'auto') return null;
    return this.excludedQualities.has(pinned) ? 'auto' : pinned;
  }

  async #recover(
    verdict: Exclude<RecoveryVerdict, { action: 'fatal' }>,
    error: VodPlayerError,
    generation: number,
    positionSec: number,
    play: boolean,
  ): Promise<void> {
    const port = this.#port;
    const settings = port.settings();
    const session = this.#sessionFor(settings);
    this.#since ??= { startedMs: port.monotonicMs(), positionSec, play };
    port.host.toggleAttribute('recovering', true);
    const outcome = session.recover(verdict, resolveSource(settings.src, port.baseUrl()) ?? settings.src);
    emit(port.host, 'vod-recovering', {
      action: verdict.action,
      error,
      positionSec,
      attempt: session.reloads,
      windowLeftMs: session.windowLeftMs,
    });
    const result = await outcome;
    if (!port.isCurrent(generation)) return; // a new source or a disconnect took over
    if (!result.go) {
      if (result.reason !== null) port.fatal(error.with({ fatalReason: budgetReason(result.reason, error) }, true));
      return;
    }
    port.restart(positionSec, play);
  }

  /** The suspect of a decode failure, unless it is excluded already (excluding it again would loop without a budget). */
  #suspect(): number | null {
    const index = this.#port.suspectQualityIndex();
    return index !== null && !this.excludedQualities.has(index) ? index : null;
  }

  #exclude(qualityIndex: number, error: VodPlayerError): void {
    const coolDownMs = recoveryConfig(this.#port.settings()).rungCoolDownMs;
    const label = this.#port.qualities()[qualityIndex]?.label ?? `rendition ${qualityIndex}`;
    const why = error.detail.httpStatus !== undefined ? `HTTP ${error.detail.httpStatus}` : error.code;
    this.#exclusions.exclude(qualityIndex, this.#port.monotonicMs() + coolDownMs, `${label} excluded (${why})`);
    this.#port.host.requestUpdate();
  }

  #sessionFor(settings: Readonly<PlaybackSettings>): RecoverySession {
    return (this.#session ??= new RecoverySession(recoveryConfig(settings), this.#port.recoveryDeps(settings.crossOrigin)));
  }

  /** The watchdog of the current engine's stalls: a stuck one becomes a fatal ENGINE_ERROR (`stalled`) the policy reloads. */
  #stallWatchdog(): StallWatchdog {
    if (this.#watchdog) return this.#watchdog;
    const port = this.#port;
    const timers = port.recoveryDeps(port.settings().crossOrigin);
    const engine = port.loadedEngine();
    const watchdog = new StallWatchdog(
      {
        nowMs: () => timers.nowMs(),
        setTimer: (callback, ms) => timers.setTimer(callback, ms),
        // Media ahead of the playhead (to 0.1 s): an engine that appends and prunes elsewhere is still stuck.
        bufferFingerprint: () => {
          const media = port.media();
          return media ? bufferAheadSec(media.buffered, media.currentTime).toFixed(1) : '';
        },
      },
      (stuckMs) => {
        if (this.#watchdog !== watchdog || port.loadedEngine() === null) return;
        this.onFatal(
          new VodPlayerError('ENGINE_ERROR', `Playback stalled for ${Math.round(stuckMs / 1000)} s with no media arriving.`, {
            fatal: true,
            detail: { ...(engine ? { engine } : {}), engineCode: 'stalled' },
          }),
        );
      },
    );
    this.#watchdog = watchdog;
    return watchdog;
  }
}

function recoveryConfig(settings: Readonly<PlaybackSettings>): RecoveryConfig {
  return { ...DEFAULT_RECOVERY_CONFIG, windowMs: settings.recoveryWindowSec * 1000 };
}

/** The reload budget is shared by decode, engine and stall failures: name the one that used it up. */
function budgetReason(reason: FatalReason, error: VodPlayerError): FatalReason {
  if (reason !== 'decode-failed' || error.code === 'MEDIA_DECODE_FAILED') return reason;
  return error.detail.engineCode === 'stalled' ? 'stalled' : 'engine-failed';
}
