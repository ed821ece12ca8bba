import type { Page } from '@playwright/test';
import type { LadderJson } from '../../origin/ladder/types.js';

/**
 * The fault matrix: each case, for each engine with vod-player's ABR, must end in either playback
 * reaching the end (with bounded stalls) or a typed fatal `vod-error` within a bounded time, never a
 * silent stall. `test/e2e/faults.spec.ts` runs it; `npm run bench:faults` runs the same spec and
 * prints the table (bench/faults.ts).
 *
 * Every case starts at START_SEC of the 120 s e2e ladder (2 s segments numbered from 1, so segment 49
 * holds 96 s), and faults hit segments a few seconds ahead of it: 24 s of media to reach the end.
 */
export const START_SEC = 96;
/** The first segment the faults hit: 104–106 s, a few segments after the start. */
export const FAULT_SEGMENT = 53;

export type Outcome = 'ended' | 'fatal';

export interface FaultCase {
  readonly id: string;
  /** What is done, in words (the README table's row). */
  readonly title: string;
  /** The outcome it must have in every engine. */
  readonly expect: Outcome;
  /** A fatal case: the code and the reason its `vod-error` must carry. */
  readonly fatal?: { readonly code: string; readonly fatalReason: string };
  /** Fault rules for the origin (the QA kit's CLI grammar), set before the page loads. */
  rules(ladder: LadderJson): string[];
  /** Something done in the page instead of (or besides) the origin: before load, or once playing. */
  readonly beforeLoad?: (page: Page) => Promise<void>;
  readonly whilePlaying?: (page: Page) => Promise<void>;
  /** Wait at most this long for the outcome, ms. */
  readonly budgetMs: number;
  /** Page errors the engine is known to throw that the case does not count (none so far). */
}

/** One run of a case, as bench:faults prints it. */
export interface FaultRunResult {
  engine: string;
  fault: string;
  title: string;
  expected: Outcome;
  outcome: Outcome | 'stuck';
  /** Fatal runs: the error's code and reason. */
  fatalCode: string | null;
  fatalReason: string | null;
  /** From the page load to the outcome, s. */
  outcomeSec: number;
  /** Stalls the viewer saw (vod-rebufferend durations, plus one still open), s. */
  stallSec: number;
  /** From each `vod-recovering` to its `vod-recovered`, summed, s; null when the player never had to recover. */
  recoverSec: number | null;
  recoveries: number;
  /** How many requests the origin faulted. */
  faultsFired: number;
  pageErrors: string[];
}

const seg = FAULT_SEGMENT;

export const FAULT_CASES: readonly FaultCase[] = [
  { id: '5xx-burst', title: '503 × 6 with Retry-After: 1', expect: 'ended', budgetMs: 60_000, rules: () => [`503@media:seg=${seg}-${seg + 2},count=6,retryAfter=1`] },
  { id: 'reset', title: 'connection reset mid-segment', expect: 'ended', budgetMs: 60_000, rules: () => [`reset@media:seg=${seg},count=1,bytes=20000`] },
  { id: 'outage-10s', title: '10 s outage', expect: 'ended', budgetMs: 75_000, rules: () => [`outage@media:seg=${seg},sec=10`] },
  { id: 'outage-60s', title: '60 s outage (past every engine’s budget)', expect: 'ended', budgetMs: 130_000, rules: () => [`outage@media:seg=${seg},sec=60`] },
  {
    id: '404-rung',
    title: '404 on the top rung',
    expect: 'ended',
    budgetMs: 75_000,
    rules: (ladder) => [`404@media+init:rung=${ladder.rungs.at(-1)!.id}`],
  },
  {
    id: '404-segment-all-rungs',
    title: '404 on one segment of every rung',
    expect: 'fatal',
    fatal: { code: 'SEGMENT_LOAD_FAILED', fatalReason: 'segment-unavailable' },
    budgetMs: 90_000,
    rules: () => [`404@media:seg=${seg}`],
  },
  { id: 'slow-first-byte', title: 'first byte after 5 s', expect: 'ended', budgetMs: 60_000, rules: () => [`slow@media:seg=${seg},ms=5000,count=1`] },
  { id: 'truncated', title: 'segment cut at half, twice', expect: 'ended', budgetMs: 60_000, rules: () => [`truncate@media:seg=${seg},fraction=0.5,count=2`] },
  { id: 'corrupt', title: 'corrupt segment bytes, twice', expect: 'ended', budgetMs: 75_000, rules: () => [`corrupt@media:seg=${seg},every=500,count=2`] },
  {
    // How the decode error seen on a Puffer trace began: a request abandoned in flight, then bad bytes.
    // The first request of the segment stalls after 20 kB (vod-player's ABR abandons it with hls.js and
    // dash.js; shaka has no abandonment hook and waits), the next one comes corrupt.
    id: 'abandon-corrupt',
    title: 'request stalls (abandoned), then its refetch is corrupt',
    expect: 'ended',
    budgetMs: 75_000,
    rules: () => [`stall@media:seg=${seg},sec=15,bytes=20000,count=1`, `corrupt@media:seg=${seg},every=500,count=1`],
  },
  {
    id: 'manifest-404',
    title: 'manifest 404',
    expect: 'fatal',
    fatal: { code: 'MANIFEST_LOAD_FAILED', fatalReason: 'manifest-unavailable' },
    budgetMs: 20_000,
    rules: () => ['404@manifest'],
  },
  {
    id: 'manifest-malformed',
    title: 'malformed manifest',
    expect: 'fatal',
    fatal: { code: 'MANIFEST_PARSE_FAILED', fatalReason: 'manifest-invalid' },
    budgetMs: 20_000,
    rules: () => ['replace@manifest:body=%3C%3Fnot a manifest'],
  },
  {
    id: 'manifest-change',
    title: 'manifest changes between loads (a corrupt segment forces a reload)',
    expect: 'ended',
    budgetMs: 75_000,
    rules: () => ['manifest-change@manifest', `corrupt@media:seg=${seg},every=500,count=1`],
  },
  {
    id: 'unsupported-codec',
    title: 'unsupported codec (HEVC)',
    expect: 'fatal',
    fatal: { code: 'CODEC_UNSUPPORTED', fatalReason: 'unsupported' },
    budgetMs: 20_000,
    rules: () => ['codec@manifest:codecs=hvc1.1.6.L93.B0'],
  },
  {
    id: 'quota-exceeded',
    title: 'QuotaExceededError on 2 video appends',
    expect: 'ended',
    budgetMs: 60_000,
    rules: () => [],
    beforeLoad: async (page) => {
      await page.addInitScript(injectQuotaExceeded, 2);
    },
  },
  {
    id: 'seek-past-end',
    title: 'seek past the end',
    expect: 'ended',
    budgetMs: 30_000,
    rules: () => [],
    whilePlaying: async (page) => {
      await page.evaluate(() => {
        const player = document.querySelector('vod-player') as HTMLElement & { currentTime: number };
        player.currentTime = 10_000;
      });
    },
  },
];

/**
 * In the page, before any engine: the 3rd and later video appends throw QuotaExceededError, `count`
 * times in all (what a full SourceBuffer does), as Chromium raises it.
 */
function injectQuotaExceeded(count: number): void {
  const original = SourceBuffer.prototype.appendBuffer;
  let appends = 0;
  let thrown = 0;
  const types = new WeakMap<SourceBuffer, string>();
  const addSourceBuffer = MediaSource.prototype.addSourceBuffer;
  MediaSource.prototype.addSourceBuffer = function (this: MediaSource, type: string): SourceBuffer {
    const buffer = addSourceBuffer.call(this, type);
    types.set(buffer, type);
    return buffer;
  };
  SourceBuffer.prototype.appendBuffer = function (this: SourceBuffer, data: BufferSource): void {
    if ((types.get(this) ?? '').startsWith('video/') && ++appends > 2 && thrown < count) {
      thrown++;
      Object.assign(window, { __quotaThrown: thrown });
      throw new DOMException("Failed to execute 'appendBuffer' on 'SourceBuffer': The SourceBuffer is full.", 'QuotaExceededError');
    }
    original.call(this, data);
  };
}
