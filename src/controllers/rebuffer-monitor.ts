import { bufferAheadSec } from '../media/buffer.js';
import {
  DEFAULT_REBUFFER_DETECTOR_CONFIG,
  INITIAL_REBUFFER_STATE,
  stepRebuffer,
  type PlaybackSignal,
  type RebufferDetectorConfig,
  type RebufferState,
  type RebufferTransition,
} from '../media/rebuffer-detector.js';

const TICK_INTERVAL_MS = 100;
const MEDIA_SIGNALS = ['playing', 'waiting', 'pause', 'seeking', 'seeked', 'ended'] as const;

type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (nowMs: number) => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

/**
 * Feeds the pure rebuffer detector from a `<video>`: media events, presented frames
 * (`requestVideoFrameCallback`), page visibility and a 100 ms tick. `dispose()` removes all of it.
 */
export class RebufferMonitor {
  #state: RebufferState = INITIAL_REBUFFER_STATE;
  readonly #video: FrameCallbackVideo;
  readonly #onTransition: (transition: RebufferTransition) => void;
  readonly #config: RebufferDetectorConfig;
  readonly #disposers: Array<() => void> = [];
  #frameHandle: number | null = null;
  #tickTimer: ReturnType<typeof setInterval> | null = null;
  /** Stall time already ended, milliseconds, and count of stalls. */
  totalMs = 0;
  count = 0;

  constructor(
    video: HTMLVideoElement,
    onTransition: (transition: RebufferTransition) => void,
    config: RebufferDetectorConfig = DEFAULT_REBUFFER_DETECTOR_CONFIG,
  ) {
    this.#video = video;
    this.#onTransition = onTransition;
    this.#config = config;
    for (const type of MEDIA_SIGNALS) {
      const listener = (): void => this.#signal({ type, nowMs: performance.now() });
      video.addEventListener(type, listener);
      this.#disposers.push(() => video.removeEventListener(type, listener));
    }
    const onVisibility = (): void =>
      this.#signal({ type: document.visibilityState === 'hidden' ? 'hidden' : 'visible', nowMs: performance.now() });
    document.addEventListener('visibilitychange', onVisibility);
    this.#disposers.push(() => document.removeEventListener('visibilitychange', onVisibility));
    this.#requestFrame();
    this.#tickTimer = setInterval(
      () => this.#signal({ type: 'tick', nowMs: performance.now(), bufferAheadSec: bufferAheadSec(video.buffered, video.currentTime) }),
      TICK_INTERVAL_MS,
    );
  }

  /** True while a stall is open. */
  get stalled(): boolean {
    return this.#state.stall !== null;
  }

  /** When the open stall began (`performance.now()` ms), or null. */
  get openSinceMs(): number | null {
    return this.#state.stall?.startedAtMs ?? null;
  }

  #requestFrame(): void {
    if (!this.#video.requestVideoFrameCallback) return;
    this.#frameHandle = this.#video.requestVideoFrameCallback((nowMs) => {
      this.#signal({ type: 'frame', nowMs });
      this.#requestFrame();
    });
  }

  #signal(signal: PlaybackSignal): void {
    const { state, transition } = stepRebuffer(this.#state, signal, this.#config);
    this.#state = state;
    if (!transition) return;
    if (transition.type === 'end') {
      this.totalMs += transition.endedAtMs - transition.startedAtMs;
      this.count += 1;
    }
    this.#onTransition(transition);
  }

  dispose(): void {
    for (const dispose of this.#disposers.splice(0)) dispose();
    if (this.#frameHandle !== null) this.#video.cancelVideoFrameCallback?.(this.#frameHandle);
    if (this.#tickTimer !== null) clearInterval(this.#tickTimer);
    this.#frameHandle = null;
    this.#tickTimer = null;
  }
}
