import { Disposers } from '../disposers.js';
import { mapMediaError } from '../media-error.js';
import { releaseVideo } from '../release-video.js';
import { AdapterSession } from '../session.js';
import { startAfterSetup } from '../engine-config.js';
import type { EngineAdapter, EngineAdapterFactory, EngineLoadOptions, EngineSink, Quality } from '../types.js';

/**
 * The browser's own HLS (Safari/iOS without MediaSource): `video.src = manifest`.
 *
 * The element exposes no ladder, so `qualities` stays empty, `autoQuality` is always true and
 * `setQuality` does nothing: the browser's ABR cannot be steered. `load()` resolves on `loadedmetadata`
 * (the playlist was read and the first rendition chosen). The `crossorigin` attribute of the element
 * applies to its requests as is; there is nothing to forward.
 */
class NativeAdapter implements EngineAdapter {
  readonly name = 'native' as const;
  readonly #video: HTMLVideoElement;
  readonly #session: AdapterSession;
  readonly #listeners = new Disposers();
  #metadataLoaded = false;

  constructor(video: HTMLVideoElement, sink: EngineSink) {
    this.#video = video;
    this.#session = new AdapterSession('native', sink);
  }

  get engineInstance(): HTMLVideoElement | undefined {
    return this.#session.ended ? undefined : this.#video;
  }

  get qualities(): readonly Quality[] {
    return this.#session.qualities;
  }

  get autoQuality(): boolean {
    return true;
  }

  load(src: string, options: EngineLoadOptions): Promise<void> {
    const loaded = this.#session.begin();
    if (!this.#session.loading) return loaded; // destroyed, or already used: begin() rejected
    const video = this.#video;
    const startTimeSec = options.startTimeSec ?? 0;

    this.#listeners.listen(video, 'loadedmetadata', () => {
      if (this.#session.ended) return;
      this.#metadataLoaded = true;
      if (startTimeSec > 0) video.currentTime = startTimeSec;
      this.#session.ready([]);
    });
    this.#listeners.listen(video, 'error', () => {
      if (this.#session.ended || video.error === null) return;
      this.#session.report(mapMediaError('native', video.error, !this.#metadataLoaded));
    });

    startAfterSetup(
      options.setup,
      { engine: 'native', instance: null, media: video, src },
      () => {
        video.src = src;
      },
      { ended: () => this.#session.ended, fail: (error) => this.#session.report(error) },
    );
    return loaded;
  }

  /** No-op: native HLS offers no way to pin a rendition. */
  setQuality(_index: number | 'auto'): void {}

  bandwidthEstimateBps(): number | null {
    return null;
  }

  async destroy(): Promise<void> {
    if (this.#session.ended) return;
    this.#session.end();
    this.#listeners.disposeAll();
    releaseVideo(this.#video);
  }
}

export const createAdapter: EngineAdapterFactory = (video, sink) => new NativeAdapter(video, sink);
