import type { RungCaps, RungInfo } from '../../abr/index.js';

/** The media element's frame counters (an HTMLVideoElement has them; an audio element does not). */
export interface FrameQualityMedia {
  readonly currentTime: number;
  getVideoPlaybackQuality?(): { readonly totalVideoFrames: number; readonly droppedVideoFrames: number };
  readonly videoHeight?: number;
}

/** `navigator.mediaCapabilities` (a fake in tests). */
export interface DecodingInfoSource {
  decodingInfo(configuration: MediaDecodingConfiguration): Promise<{ readonly supported: boolean; readonly smooth: boolean }>;
}

export interface SmoothCapsOptions {
  /** Defaults to `navigator.mediaCapabilities`; null: not asked. */
  mediaCapabilities?: DecodingInfoSource | null;
  /** A rung that drops more than this share of its frames is capped. Defaults to 0.15 (dash.js DroppedFramesRule). */
  maxDroppedRatio?: number;
  /** Frames a rung must have shown before its drop ratio is judged. Defaults to 375 (dash.js: 15 s at 25 fps). */
  minFrames?: number;
  /** A cap from dropped frames is lifted after this long, and the rung's count starts over. Defaults to 60 000 ms. */
  coolDownMs?: number;
}

interface FrameCount {
  frames: number;
  dropped: number;
}

/**
 * The highest rung this device plays smoothly, for the ABR's caps (`RungCaps.maxSmoothRung`):
 *
 *  - **MediaCapabilities**: once per ladder, `decodingInfo` for every rung that names its codec;
 *    the cap is the highest rung reported `smooth` (no cap when none is, or nothing is known);
 *  - **dropped frames**: the frames shown and dropped are counted per rung, the rung being the one
 *    whose height the picture has (`videoHeight`); a rung that has shown `minFrames` and dropped
 *    more than `maxDroppedRatio` of them is capped below for `coolDownMs`, then tried again.
 *
 * `observe` is called at each ABR decision with the media element; it never throws.
 */
export class SmoothCaps {
  readonly #mediaCapabilities: DecodingInfoSource | null;
  readonly #maxDroppedRatio: number;
  readonly #minFrames: number;
  readonly #coolDownMs: number;
  #ladderKey = '';
  #smoothMax: number | null = null;
  #counts = new Map<number, FrameCount>();
  #previous: { total: number; dropped: number; rung: number | null } | null = null;
  #dropCap: { rung: number; untilMs: number; reason: string } | null = null;

  constructor(options: SmoothCapsOptions = {}) {
    this.#mediaCapabilities = options.mediaCapabilities === undefined ? navigatorMediaCapabilities() : options.mediaCapabilities;
    this.#maxDroppedRatio = options.maxDroppedRatio ?? 0.15;
    this.#minFrames = options.minFrames ?? 375;
    this.#coolDownMs = options.coolDownMs ?? 60_000;
  }

  /** Counts the frames shown since the last call against the rung on screen; asks MediaCapabilities about a new ladder. */
  observe(rungs: readonly RungInfo[], media: FrameQualityMedia | null | undefined, nowMs: number): void {
    this.#checkLadder(rungs);
    if (this.#dropCap !== null && nowMs >= this.#dropCap.untilMs) {
      this.#counts.delete(this.#dropCap.rung + 1);
      this.#dropCap = null;
    }
    const quality = safeQuality(media);
    if (quality === null) return;
    const rung = rungShowing(rungs, media?.videoHeight ?? 0);
    const previous = this.#previous;
    this.#previous = { total: quality.totalVideoFrames, dropped: quality.droppedVideoFrames, rung };
    if (previous === null || previous.rung === null || previous.rung !== rung) return;
    const frames = quality.totalVideoFrames - previous.total;
    const dropped = quality.droppedVideoFrames - previous.dropped;
    if (!(frames > 0) || dropped < 0) return; // a new source resets the counters
    const count = this.#counts.get(rung) ?? { frames: 0, dropped: 0 };
    count.frames += frames;
    count.dropped += dropped;
    this.#counts.set(rung, count);
    if (rung > 0 && count.frames >= this.#minFrames && count.dropped / count.frames > this.#maxDroppedRatio) {
      const label = rungs[rung]?.height ? `${rungs[rung]!.height}p` : `rung ${rung}`;
      const reason = `${Math.round((100 * count.dropped) / count.frames)}% frames dropped at ${label}`;
      if (this.#dropCap === null || rung - 1 < this.#dropCap.rung) this.#dropCap = { rung: rung - 1, untilMs: nowMs + this.#coolDownMs, reason };
    }
  }

  /** The caps to merge into the embedder's: `maxSmoothRung` and why, or nothing. */
  caps(): Pick<RungCaps, 'maxSmoothRung' | 'smoothReason'> {
    const drop = this.#dropCap;
    const decode = this.#smoothMax;
    if (drop !== null && (decode === null || drop.rung <= decode)) return { maxSmoothRung: drop.rung, smoothReason: drop.reason };
    if (decode !== null) return { maxSmoothRung: decode, smoothReason: 'MediaCapabilities: not smooth above' };
    return {};
  }

  #checkLadder(rungs: readonly RungInfo[]): void {
    const key = rungs.map((rung) => `${rung.codecs ?? ''}|${rung.width}x${rung.height}|${rung.bitrateBps}`).join(',');
    if (key === this.#ladderKey) return;
    this.#ladderKey = key;
    this.#smoothMax = null;
    this.#counts.clear();
    this.#dropCap = null;
    this.#previous = null;
    const source = this.#mediaCapabilities;
    if (source === null || rungs.length === 0 || rungs.some((rung) => !rung.codecs)) return;
    const asks = rungs.map((rung) =>
      source
        .decodingInfo({
          type: 'media-source',
          video: {
            contentType: `video/mp4; codecs="${rung.codecs}"`,
            width: rung.width,
            height: rung.height,
            bitrate: rung.bitrateBps,
            framerate: rung.frameRate ?? 30,
          },
        })
        .then((info) => info.supported && info.smooth)
        .catch(() => null),
    );
    void Promise.all(asks).then((smooth) => {
      if (key !== this.#ladderKey || smooth.some((value) => value === null)) return;
      const highest = smooth.lastIndexOf(true);
      // Nothing smooth says nothing useful (a busy machine): no cap. The top smooth: no cap either.
      this.#smoothMax = highest === -1 || highest === rungs.length - 1 ? null : highest;
    });
  }
}

function safeQuality(media: FrameQualityMedia | null | undefined): { totalVideoFrames: number; droppedVideoFrames: number } | null {
  try {
    const quality = media?.getVideoPlaybackQuality?.();
    return quality && Number.isFinite(quality.totalVideoFrames) && Number.isFinite(quality.droppedVideoFrames) ? quality : null;
  } catch {
    return null;
  }
}

/** The rung whose height the picture has, or null (unknown, or ambiguous). */
function rungShowing(rungs: readonly RungInfo[], heightPx: number): number | null {
  if (!(heightPx > 0)) return null;
  const matches = rungs.filter((rung) => rung.height === heightPx);
  return matches.length === 1 ? matches[0]!.index : null;
}

function navigatorMediaCapabilities(): DecodingInfoSource | null {
  const capabilities = (globalThis.navigator as (Navigator & { mediaCapabilities?: DecodingInfoSource }) | undefined)?.mediaCapabilities;
  return capabilities && typeof capabilities.decodingInfo === 'function' ? capabilities : null;
}
