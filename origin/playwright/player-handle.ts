import type { Locator, Page } from '@playwright/test';

/** One rendition as the kit reports it. */
export interface QualitySnapshot {
  index: number;
  label: string;
  height: number;
  width: number;
  bitrateBps: number;
}

/** One confirmed switch, as `vod-qualitychange` reported it. */
export interface SwitchRecord {
  from: QualitySnapshot | null;
  to: QualitySnapshot;
  auto: boolean;
  reason: string;
  /** `performance.now()` in the page when it happened, ms. */
  atMs: number;
}

/** What the player looks like to a viewer right now. */
export interface PlayerState {
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
  errors: Array<{ code: string; fatal: boolean; message: string }>;
  /** The engine's bandwidth estimate, bits/s. */
  bandwidthEstimateBps: number | null;
}

interface PageRecorder {
  switches: SwitchRecord[];
  errors: Array<{ code: string; fatal: boolean; message: string }>;
  stallStarts: number;
}

/**
 * Installs, before any page script runs, listeners that record every switch, stall and error of
 * any `<vod-player>` (the events bubble and are composed, so `document` hears them all).
 */
export async function installRecorder(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const recorder: PageRecorder = { switches: [], errors: [], stallStarts: 0 };
    Object.assign(window, { __vodKit: recorder });
    const snapshot = (q: Record<string, unknown> | null) =>
      q && { index: q.index, label: q.label, height: q.height, width: q.width, bitrateBps: q.bitrateBps };
    document.addEventListener('vod-qualitychange', (event) => {
      const detail = (event as CustomEvent).detail as Record<string, unknown>;
      if (detail.from === null) return; // the initial rendition is not a switch
      recorder.switches.push({
        from: snapshot(detail.from as Record<string, unknown>),
        to: snapshot(detail.to as Record<string, unknown>),
        auto: detail.auto,
        reason: detail.reason,
        atMs: performance.now(),
      } as SwitchRecord);
    });
    document.addEventListener('vod-error', (event) => {
      const error = ((event as CustomEvent).detail as { error: { code: string; fatal: boolean; message: string } }).error;
      recorder.errors.push({ code: error.code, fatal: error.fatal, message: error.message });
    });
    document.addEventListener('vod-rebufferstart', () => {
      recorder.stallStarts += 1;
    });
  });
}

/** A handle on one `<vod-player>` in a page: read its state, load sources, pin qualities. */
export class PlayerHandle {
  readonly page: Page;
  readonly locator: Locator;
  /** Page time (`performance.now()` ms) of the last `mark()`; matchers look at what came after it. */
  markMs = 0;

  constructor(page: Page, selector = 'vod-player') {
    this.page = page;
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
      const recorder = (window as unknown as { __vodKit?: PageRecorder }).__vodKit;
      const snap = (q: QualitySnapshot | null) =>
        q && { index: q.index, label: q.label, height: q.height, width: q.width, bitrateBps: q.bitrateBps };
      const stats = el.rebufferStats;
      return {
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
        errors: recorder ? [...recorder.errors] : [],
        bandwidthEstimateBps: el.bandwidthEstimateBps,
      };
    });
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
