import type { ThroughputSample } from '../../abr/index.js';

/**
 * What Resource Timing says about one finished request: where its bytes came from and how long
 * the body took, so the ABR core can tell a fast link from a cache hit (hls.js #5826, shaka #2766)
 * instead of guessing from a fixed time.
 *
 *  - `transferSize === 0` with a body: served from the HTTP cache (measures nothing);
 *  - `transferSize > 0`: crossed the network, however fast (a 240p segment on a 100 Mbps link
 *    arrives in 8 ms and is the best evidence there is);
 *  - `responseEnd − responseStart`: the body's transfer, first byte to last.
 * A cross-origin response without `Timing-Allow-Origin` reports zeros for all of these
 * (`responseStart === 0`): then nothing is known and the sample is left as the engine gave it.
 * vod-origin sends `Timing-Allow-Origin: *`; a CDN should too.
 */
export interface ResourceTimingSource {
  /** The latest entry for this absolute URL, or null. */
  entryFor(url: string): ResourceTimingLike | null;
  dispose(): void;
}

/** The fields of PerformanceResourceTiming read here. */
export interface ResourceTimingLike {
  readonly name: string;
  readonly startTime: number;
  readonly responseStart: number;
  readonly responseEnd: number;
  readonly transferSize: number;
  readonly decodedBodySize: number;
}

/** Entries kept by URL: more than the requests in flight and just finished, fewer than a session's. */
const KEPT_ENTRIES = 64;

/**
 * Resource Timing through a PerformanceObserver, so the page's 250-entry timeline buffer filling
 * up (a long session fetches more segments than that) loses nothing; `takeRecords()` collects
 * entries not yet delivered, so a lookup right after the engine's "loaded" event finds its request.
 * Falls back to `performance.getEntriesByName`. Null where the browser has neither.
 */
export function observeResourceTiming(perf: Performance | undefined = globalThis.performance): ResourceTimingSource | null {
  if (perf === undefined || typeof perf.getEntriesByName !== 'function') return null;
  // Keyed without the query: CMCD in query mode adds `?CMCD=…` to the URL the engine reports.
  const byUrl = new Map<string, ResourceTimingLike>();
  const keep = (entries: readonly PerformanceEntry[]): void => {
    for (const entry of entries) {
      if (!isResourceTiming(entry)) continue;
      const key = withoutQuery(entry.name);
      byUrl.delete(key);
      byUrl.set(key, entry);
      if (byUrl.size > KEPT_ENTRIES) byUrl.delete(byUrl.keys().next().value as string);
    }
  };
  let observer: PerformanceObserver | null = null;
  try {
    if (typeof PerformanceObserver === 'function') {
      observer = new PerformanceObserver((list) => keep(list.getEntries()));
      observer.observe({ type: 'resource', buffered: false });
    }
  } catch {
    observer = null;
  }
  return {
    entryFor(url) {
      if (observer !== null) keep(observer.takeRecords());
      const observed = byUrl.get(withoutQuery(url));
      if (observed !== undefined) return observed;
      const listed = perf.getEntriesByName(url, 'resource');
      const last = listed[listed.length - 1];
      return last !== undefined && isResourceTiming(last) ? last : null;
    },
    dispose() {
      observer?.disconnect();
      observer = null;
      byUrl.clear();
    },
  };
}

/**
 * `sample` with what Resource Timing knows about `url` folded in: `fromCache`, and `ttfbMs` set so
 * that the transfer the core measures (duration − ttfb) is the body's `responseEnd − responseStart`.
 * Unchanged when the URL is unknown, no entry exists, or the entry hides its timing (cross-origin
 * without Timing-Allow-Origin). The engine's duration is kept: it is what the player waited.
 */
export function refineSample(sample: ThroughputSample, url: string | undefined, source: ResourceTimingSource | null): ThroughputSample {
  if (source === null || url === undefined || url === '' || sample.kind === 'init') return sample;
  const entry = source.entryFor(url);
  if (entry === null || !(entry.responseStart > 0) || !(entry.responseEnd >= entry.responseStart)) return sample;
  const fromCache = entry.transferSize === 0 && entry.decodedBodySize > 0;
  if (fromCache) return { ...sample, fromCache: true };
  const transferMs = entry.responseEnd - entry.responseStart;
  const ttfbMs = Math.max(0, sample.durationMs - transferMs);
  return { ...sample, fromCache: false, ttfbMs };
}

function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

function isResourceTiming(entry: PerformanceEntry): entry is PerformanceEntry & ResourceTimingLike {
  return entry.entryType === 'resource' && typeof (entry as Partial<ResourceTimingLike>).transferSize === 'number';
}
