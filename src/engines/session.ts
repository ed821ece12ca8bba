import { VodPlayerError } from '../errors.js';
import { matchQuality, type RenditionProbe } from './quality.js';
import type { RenderedDecision } from '../vod-abr/abr-session.js';
import type { EngineName, EngineSink, Quality } from './types.js';

type Phase = 'idle' | 'loading' | 'loaded' | 'failed' | 'ended';

/**
 * The reporting side of one adapter: routes what its engine says to the pending `load()` promise or to
 * the sink, and goes silent for good once the adapter is destroyed (an engine keeps firing callbacks
 * while it tears down; none of them may reach the element).
 *
 * - A fatal error while `load()` is pending rejects it (and is not sent to the sink); afterwards errors
 *   go to the sink. After the first fatal error the session reports nothing more: engines often raise
 *   the same failure twice (an event and a rejected promise), and the source is over anyway.
 * - `rendered()` takes the engine's own description of the rendition, matches it against the ladder, and
 *   reports only real changes. A confirmation arriving before the ladder is known is kept until `ready()`.
 */
export class AdapterSession {
  readonly #engine: EngineName;
  readonly #sink: EngineSink;
  #phase: Phase = 'idle';
  #qualities: readonly Quality[] = [];
  #renderedIndex: number | null = null;
  #early: { probe: RenditionProbe; decision: RenderedDecision | undefined } | null = null;
  #resolve: (() => void) | null = null;
  #reject: ((error: VodPlayerError) => void) | null = null;

  constructor(engine: EngineName, sink: EngineSink) {
    this.#engine = engine;
    this.#sink = sink;
  }

  /** True once `end()` ran: the adapter must not touch its engine's results any more. */
  get ended(): boolean {
    return this.#phase === 'ended';
  }

  /** True between `begin()` and the settling of its promise. */
  get loading(): boolean {
    return this.#phase === 'loading';
  }

  get qualities(): readonly Quality[] {
    return this.#qualities;
  }

  /** Starts the adapter's one load and returns its promise. A second load, or a load after `end()`, rejects. */
  begin(): Promise<void> {
    if (this.#phase !== 'idle') {
      const why = this.#phase === 'ended' ? 'has been destroyed' : 'has already loaded a source';
      return Promise.reject(
        new VodPlayerError('ENGINE_ERROR', `This ${this.#engine} adapter ${why}; create a new one.`, {
          fatal: true,
          detail: { engine: this.#engine },
        }),
      );
    }
    this.#phase = 'loading';
    return new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** The manifest is parsed: publish the ladder and resolve `load()`. Later calls are ignored. */
  ready(qualities: readonly Quality[]): void {
    if (this.#phase !== 'loading') return;
    this.#phase = 'loaded';
    this.#qualities = qualities;
    this.#sink.qualities(qualities);
    const resolve = this.#resolve;
    this.#settled();
    resolve?.();
    const early = this.#early;
    this.#early = null;
    if (early) this.rendered(early.probe, early.decision);
  }

  /**
   * The engine confirms the rendition it now plays; `decision` names the ABR decision that chose the
   * segment being rendered (absent for engines without vod-player's ABR).
   */
  rendered(probe: RenditionProbe, decision?: RenderedDecision): void {
    if (this.#phase === 'loading') this.#early = { probe, decision };
    if (this.#phase !== 'loaded') return;
    const quality = matchQuality(this.#qualities, probe);
    if (quality === null || quality.index === this.#renderedIndex) return;
    this.#renderedIndex = quality.index;
    this.#sink.qualityRendered(quality, decision);
  }

  /**
   * The index in `qualities` of the rendition the engine describes (for an error's `qualityIndex`),
   * null when unknown or not in the ladder.
   */
  qualityIndexOf(probe: RenditionProbe | null | undefined): number | null {
    if (!probe || this.#qualities.length === 0) return null;
    return matchQuality(this.#qualities, probe)?.index ?? null;
  }

  /** An engine error, already mapped. */
  report(error: VodPlayerError): void {
    if (this.#phase === 'ended' || this.#phase === 'failed') return;
    if (!error.fatal) {
      this.#sink.error(error);
      return;
    }
    const reject = this.#phase === 'loading' ? this.#reject : null;
    this.#phase = 'failed';
    this.#settled();
    if (reject) reject(error);
    else this.#sink.error(error);
  }

  /** The adapter is being destroyed: a pending `load()` rejects (non-fatal, `engineCode: 'aborted'`), then silence. */
  end(): void {
    if (this.#phase === 'ended') return;
    const reject = this.#phase === 'loading' ? this.#reject : null;
    this.#phase = 'ended';
    this.#settled();
    this.#early = null;
    reject?.(
      new VodPlayerError('ENGINE_ERROR', `${this.#engine}: load aborted because the adapter was destroyed.`, {
        fatal: false,
        detail: { engine: this.#engine, engineCode: 'aborted' },
      }),
    );
  }

  #settled(): void {
    this.#resolve = null;
    this.#reject = null;
  }
}
