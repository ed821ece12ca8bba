import type { AbrDecisionRecord } from './vod-abr/abr-session.js';
import type { EngineName, Quality } from './engines/types.js';
import type { VodPlayerError } from './errors.js';
import type { TelemetryError } from '../telemetry/errors.js';

/** `vod-loadedmetadata`: the engine parsed the manifest; the ladder is known. */
export interface VodLoadedMetadataDetail {
  engine: EngineName;
  src: string;
  qualities: readonly Quality[];
  durationSec: number;
}

/** `vod-ready`: the first frame can be shown (`canplay` of the first load). */
export interface VodReadyDetail {
  engine: EngineName;
  /** From the start of loading this source to ready, milliseconds. */
  loadToReadyMs: number;
}

/** `vod-qualitychange`: the engine has switched the rendition being played. */
export interface VodQualityChangeDetail {
  /** The rendition played before; null for the first one. */
  from: Quality | null;
  to: Quality;
  /** True when the ABR chose it, false when it was pinned through `setQuality`. */
  auto: boolean;
  /**
   * Why: `vod-abr` for vod-player's ABR, `engine-abr` for the engine's own (`abr="engine"`),
   * `manual` for a pinned rendition, `initial` for the first one.
   */
  reason: string;
  /**
   * With vod-player's ABR: the decision that chose `to` — the rule (`startup`, `buffer`,
   * `download-time`, `caps`, `abandon`…), its reason with the numbers, the buffer (s) and the
   * bandwidth estimate (bit/s) at the time. Null when the ABR did not choose it.
   */
  abr: AbrDecisionRecord | null;
}

/** `vod-rebufferstart`: playback stalls as a viewer sees it. */
export interface VodRebufferStartDetail {
  /** Media position of the stall, seconds. */
  positionSec: number;
  /**
   * `waiting`: the media element reported it. `frozen`: the picture stopped updating while
   * playback should be running (video-only underrun that Chromium does not report as `waiting`).
   */
  cause: 'waiting' | 'frozen';
  /** When the stall began, `performance.now()` milliseconds (a frozen stall is detected late and backdated). */
  startedAtMs: number;
}

/** `vod-rebufferend`: playback (the picture) moves again. */
export interface VodRebufferEndDetail {
  positionSec: number;
  /** How long the stall lasted, milliseconds. */
  durationMs: number;
  cause: 'waiting' | 'frozen';
}

/** `vod-error`: something went wrong; `error.fatal` says whether playback stopped. */
export interface VodErrorEventDetail {
  error: VodPlayerError;
}

/** `vod-enginechange`: an engine was attached for the current source. */
export interface VodEngineChangeDetail {
  engine: EngineName;
  src: string;
}

/**
 * `vod-resume`: a saved position is about to be applied (cancelable: `preventDefault()` starts from
 * the beginning instead, e.g. to ask with your own UI and then set `currentTime`).
 */
export interface VodResumeDetail {
  mediaId: string;
  /** Where playback resumes, seconds. */
  positionSec: number;
  /** Duration of the video when the position was saved, seconds. */
  durationSec: number;
  /** `local` (this browser) or `remote` (the resume API, e.g. another device). */
  source: 'local' | 'remote';
  /** When the position was saved, ms since the epoch (this device's clock). */
  updatedAt: number;
  /** False: it sets where the first frame is. True: it arrived after playback started and is applied by a seek. */
  late: boolean;
}

/** Every `vod-*` event with its detail type. */
/** `vod-recovering`: a failure the recovery policy took over (see `recovery/policy.ts`). */
export interface VodRecoveringDetail {
  /** What the player does: wait for the network, reload after excluding a rendition, or reload. */
  action: 'wait-network' | 'exclude-rendition' | 'reload';
  /** The engine's error that started it (reported non-fatal in `vod-error` too). */
  error: VodPlayerError;
  /** Where playback will resume, seconds. */
  positionSec: number;
  /** Reloads in this run of failures so far, this one included. */
  attempt: number;
  /** Milliseconds left before the error becomes fatal (`recovery-window`). */
  windowLeftMs: number;
}

/** `vod-recovered`: the source plays again after recovering. */
export interface VodRecoveredDetail {
  /** From the failure to playing again, ms. */
  durationMs: number;
  /** Reloads it took. */
  attempts: number;
  positionSec: number;
}

/**
 * `vod-telemetry-error`: telemetry delivery has something to say (never about playback): the
 * collector refused the endpoint (`TELEMETRY_ENDPOINT_REJECTED`, once until it takes beacons
 * again; they stay queued), or beacons were given up and counted (`TELEMETRY_BEACON_INVALID`,
 * `_TOO_LARGE`, `_QUARANTINED`, `TELEMETRY_QUEUE_FULL`). Kept apart from `vod-error`, which
 * telemetry itself reports as `error` beacons.
 */
export interface VodTelemetryErrorDetail {
  error: TelemetryError;
}

export interface VodPlayerEventMap {
  'vod-loadedmetadata': CustomEvent<VodLoadedMetadataDetail>;
  'vod-ready': CustomEvent<VodReadyDetail>;
  'vod-qualitychange': CustomEvent<VodQualityChangeDetail>;
  'vod-rebufferstart': CustomEvent<VodRebufferStartDetail>;
  'vod-rebufferend': CustomEvent<VodRebufferEndDetail>;
  'vod-error': CustomEvent<VodErrorEventDetail>;
  'vod-enginechange': CustomEvent<VodEngineChangeDetail>;
  'vod-resume': CustomEvent<VodResumeDetail>;
  'vod-recovering': CustomEvent<VodRecoveringDetail>;
  'vod-recovered': CustomEvent<VodRecoveredDetail>;
  'vod-telemetry-error': CustomEvent<VodTelemetryErrorDetail>;
}

declare global {
  // Typed `addEventListener('vod-qualitychange', e => e.detail.to)` on any element or document.
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface GlobalEventHandlersEventMap extends VodPlayerEventMap {}
}

/** The one way the player emits its events: bubbling, composed CustomEvents. */
export function emit<K extends keyof VodPlayerEventMap>(
  target: EventTarget,
  type: K,
  detail: VodPlayerEventMap[K]['detail'],
): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

/** Like `emit`, but cancelable: returns false when a listener called `preventDefault()`. */
export function emitCancelable<K extends keyof VodPlayerEventMap>(
  target: EventTarget,
  type: K,
  detail: VodPlayerEventMap[K]['detail'],
): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: true }));
}

/** Media events re-dispatched from the inner `<video>` on the host, so they stay observable. */
export const FORWARDED_MEDIA_EVENTS = [
  'loadstart', 'progress', 'suspend', 'abort', 'error', 'emptied', 'stalled',
  'loadedmetadata', 'loadeddata', 'canplay', 'canplaythrough', 'playing', 'waiting',
  'seeking', 'seeked', 'ended', 'durationchange', 'timeupdate', 'play', 'pause',
  'ratechange', 'resize', 'volumechange',
] as const;
