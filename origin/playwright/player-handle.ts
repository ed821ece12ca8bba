import type { Locator, Page } from '@playwright/test';
import type { ErrorRecord, PlayerRecording, QualitySnapshot, StallRecord, SwitchRecord } from './recording.js';
import { buildTimeline, type Timeline } from './timeline.js';

export type { ErrorRecord, PlayerRecording, QualitySnapshot, StallRecord, SwitchRecord } from './recording.js';

/** What the player looks like to a viewer right now. */
export interface PlayerState {
  /** Page time of this snapshot (`performance.now()`), ms. */
  atMs: number;
  engine: string | null;
  quality: QualitySnapshot | null;
  qualities: QualitySnapshot[];
  autoQuality: boolean;
  currentTimeSec: number;
  paused: boolean;
  ended: boolean;
  bufferAheadSec: number;
  /** Finished and open stalls, counted as a viewer sees them (waiting or frozen picture). */
  rebufferCount: number;
  rebufferSec: number;
  /** A stall is open now. */
  stalled: boolean;
  /** Confirmed switches since the page loaded (the initial rendition excluded). */
  switches: SwitchRecord[];
  /** Stalls since the page loaded, with their cause, start and (once over) end. */
  stalls: StallRecord[];
  errors: ErrorRecord[];
  /** The engine's bandwidth estimate, bits/s. */
  bandwidthEstimateBps: number | null;
}

/** The page-side store; `PlayerRecording` without the final snapshot. */
type PageRecorder = Omit<PlayerRecording, 'nowMs' | 'final'>;

/**
 * Installs, before any page script runs, listeners that record every engine, ready, switch, stall
 * (start and end) and error of any `<vod-player>` (the events bubble and are composed, so
 * `document` hears them all), each with its page time.
 */
export async function installRecorder(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const recorder: PageRecorder = { engines: [], ready: [], starts: [], switches: [], stalls: [], errors: [] };
    Object.assign(window, { __vodKit: recorder });
    const snapshot = (q: Record<string, unknown> | null) =>
      q && { index: q.index, label: q.label, height: q.height, width: q.width, bitrateBps: q.bitrateBps };
    const positionOf = (event: Event): number | null => {
      const time = (event.target as { currentTime?: unknown } | null)?.currentTime;
      return typeof time === 'number' && Number.isFinite(time) ? time : null;
    };
    document.addEventListener('vod-enginechange', (event) => {
      const detail = (event as CustomEvent).detail as { engine: string };
      recorder.engines.push({ engine: detail.engine, atMs: performance.now() });
    });
    document.addEventListener('vod-ready', (event) => {
      const detail = (event as CustomEvent).detail as { loadToReadyMs: number };
      recorder.ready.push({ loadToReadyMs: detail.loadToReadyMs, atMs: performance.now() });
    });
    document.addEventListener('vod-qualitychange', (event) => {
      const detail = (event as CustomEvent).detail as Record<string, unknown>;
      const to = snapshot(detail.to as Record<string, unknown>) as QualitySnapshot;
      if (detail.from === null) {
        recorder.starts.push({ quality: to, atMs: performance.now() }); // the initial rendition is not a switch
        return;
      }
      recorder.switches.push({
        from: snapshot(detail.from as Record<string, unknown>),
        to,
        auto: detail.auto,
        reason: detail.reason,
        atMs: performance.now(),
        positionSec: positionOf(event),
      } as SwitchRecord);
    });
    document.addEventListener('vod-error', (event) => {
      const error = ((event as CustomEvent).detail as { error: { code: string; fatal: boolean; message: string } }).error;
      recorder.errors.push({ code: error.code, fatal: error.fatal, message: error.message, atMs: performance.now() });
    });
    document.addEventListener('vod-rebufferstart', (event) => {
      const detail = (event as CustomEvent).detail as { positionSec: number; cause: 'waiting' | 'frozen'; startedAtMs: number };
      recorder.stalls.push({ cause: detail.cause, startMs: detail.startedAtMs, positionSec: detail.positionSec, endMs: null, durationMs: null });
    });
    document.addEventListener('vod-rebufferend', (event) => {
      const detail = (event as CustomEvent).detail as { durationMs: number };
      const open = [...recorder.stalls].reverse().find((stall) => stall.endMs === null);
      if (!open) return;
      open.endMs = performance.now();
      open.durationMs = detail.durationMs;
    });
  });
}

/** A handle on one `<vod-player>` in a page: read its state, load sources, pin qualities. */
export class PlayerHandle {
  readonly page: Page;
  readonly selector: string;
  readonly locator: Locator;
  /** Page time (`performance.now()` ms) of the last `mark()`; matchers look at what came after it. */
  markMs = 0;

  constructor(page: Page, selector = 'vod-player') {
    this.page = page;
    this.selector = selector;
    this.locator = page.locator(selector).first();
  }

  /** A snapshot of what the viewer sees, plus the switch and error history. */
  async state(): Promise<PlayerState> {
    return this.locator.evaluate((element) => {
      type El = HTMLElement & {
        engineName: string | null;
        quality: QualitySnapshot | null;
        qualities: QualitySnapshot[];
        autoQuality: boolean;
        currentTime: number;
        paused: boolean;
        ended: boolean;
        bufferAheadSec: number;
        bandwidthEstimateBps: number | null;
        rebufferStats: { count: number; totalMs: number; stalled: boolean; openSinceMs: number | null };
      };
      const el = element as El;
      if (!Array.isArray(el.qualities) || el.rebufferStats === undefined) {
        throw new Error(`<${el.localName}> is not an upgraded vod-player (is the player's script loaded and defined?)`);
      }
      const recorder = (window as unknown as { __vodKit?: Omit<PlayerRecording, 'nowMs' | 'final'> }).__vodKit;
      const snap = (q: QualitySnapshot | null) =>
        q && { index: q.index, label: q.label, height: q.height, width: q.width, bitrateBps: q.bitrateBps };
      const stats = el.rebufferStats;
      return {
        atMs: performance.now(),
        engine: el.engineName,
        quality: snap(el.quality),
        qualities: el.qualities.map((q) => snap(q)!),
        autoQuality: el.autoQuality,
        currentTimeSec: el.currentTime,
        paused: el.paused,
        ended: el.ended,
        bufferAheadSec: el.bufferAheadSec,
        rebufferCount: stats.count + (stats.stalled ? 1 : 0),
        rebufferSec: (stats.totalMs + (stats.stalled && stats.openSinceMs !== null ? performance.now() - stats.openSinceMs : 0)) / 1000,
        stalled: stats.stalled,
        switches: recorder ? [...recorder.switches] : [],
        stalls: recorder ? recorder.stalls.map((stall) => ({ ...stall })) : [],
        errors: recorder ? [...recorder.errors] : [],
        bandwidthEstimateBps: el.bandwidthEstimateBps,
      };
    });
  }

  /**
   * Everything the page recorder saw since the page loaded (engines, ready, switches, stalls with
   * their ends, errors; page times), plus where the element stands now. Does not wait for the
   * element: `final` is null when there is none. Rejects when the page is gone.
   */
  async recording(): Promise<PlayerRecording> {
    return this.page.evaluate((selector) => {
      type El = HTMLElement & {
        quality: QualitySnapshot | null;
        currentTime: number;
        bufferAheadSec: number;
        paused: boolean;
        ended: boolean;
      };
      const empty = { engines: [], ready: [], starts: [], switches: [], stalls: [], errors: [] };
      const recorder = (window as unknown as { __vodKit?: Omit<PlayerRecording, 'nowMs' | 'final'> }).__vodKit ?? empty;
      let el: El | null = null;
      try {
        el = document.querySelector(selector) as El | null; // a Playwright-only selector is not CSS
      } catch {
        el = document.querySelector('vod-player') as El | null;
      }
      const q = el?.quality ?? null;
      return {
        nowMs: performance.now(),
        engines: [...recorder.engines],
        ready: [...recorder.ready],
        starts: [...recorder.starts],
        switches: [...recorder.switches],
        stalls: recorder.stalls.map((stall) => ({ ...stall })),
        errors: [...recorder.errors],
        final:
          el === null || typeof el.currentTime !== 'number' // absent, or not upgraded into a vod-player
            ? null
            : {
                quality: q && { index: q.index, label: q.label, height: q.height, width: q.width, bitrateBps: q.bitrateBps },
                positionSec: el.currentTime,
                bufferAheadSec: el.bufferAheadSec,
                paused: el.paused,
                ended: el.ended,
              },
      };
    }, this.selector);
  }

  /** The quality and stall timeline so far (see `buildTimeline`, `timelineText`). */
  async timeline(): Promise<Timeline> {
    return buildTimeline(await this.recording());
  }

  /** Remembers "now" so that `toSwitchDown`/`toSwitchUp` only look at switches after this point. */
  async mark(): Promise<number> {
    this.markMs = await this.page.evaluate(() => performance.now());
    return this.markMs;
  }

  /** Sets `engine` and `src` on the element (autoplaying muted). */
  async load(src: string, options: { engine?: string; startTimeSec?: number } = {}): Promise<void> {
    await this.locator.evaluate(
      (element, { src, engine, startTimeSec }) => {
        const el = element as HTMLElement & { src: string; engine: string; autoplay: boolean; muted: boolean };
        el.muted = true;
        el.autoplay = true;
        el.engine = engine ?? 'auto';
        if (startTimeSec !== undefined) el.setAttribute('start-time', String(startTimeSec));
        el.src = src;
      },
      { src, engine: options.engine, startTimeSec: options.startTimeSec },
    );
  }

  /** Pins the rendition with this label (`720p`), height or index; `'auto'` returns to ABR. */
  async pin(quality: string | number | 'auto'): Promise<void> {
    const state = await this.state();
    const index: number | 'auto' | undefined = quality === 'auto' ? 'auto' : findQuality(state.qualities, quality)?.index;
    if (index === undefined) throw new Error(`No quality ${String(quality)} in ${state.qualities.map((q) => q.label).join(', ')}`);
    await this.locator.evaluate((element, i) => (element as HTMLElement & { setQuality(i: number | 'auto'): void }).setQuality(i), index);
  }

  /** Resolves once playback has reached `timeSec` (media time). */
  async waitForTime(timeSec: number, timeoutMs = 30_000): Promise<void> {
    await this.locator.evaluate(
      (element, { timeSec, timeoutMs }) =>
        new Promise<void>((resolve, reject) => {
          const el = element as HTMLElement & { currentTime: number };
          const deadline = performance.now() + timeoutMs;
          const check = (): void => {
            if (el.currentTime >= timeSec) return resolve();
            if (performance.now() > deadline) return reject(new Error(`currentTime ${el.currentTime.toFixed(1)} < ${timeSec} after ${timeoutMs} ms`));
            setTimeout(check, 100);
          };
          check();
        }),
      { timeSec, timeoutMs },
    );
  }
}

/** A quality by label (`720p`), height (720) or `{ index }`. */
export function findQuality(qualities: readonly QualitySnapshot[], wanted: string | number): QualitySnapshot | undefined {
  if (typeof wanted === 'number') return qualities.find((q) => q.height === wanted) ?? qualities.find((q) => q.index === wanted);
  return qualities.find((q) => q.label === wanted) ?? qualities.find((q) => `${q.height}p` === wanted);
}
