import type { FileKind, RequestLogEntry } from './types.js';

/** Entries kept by default before the oldest are dropped. */
export const DEFAULT_LOG_LIMIT = 100_000;

export interface RequestLogFilter {
  /** A session id, or null for requests without one. Omitted: every session. */
  session?: string | null;
  /** One kind or several. Omitted: every kind. */
  kind?: FileKind | readonly FileKind[];
  /** Only entries with a larger id (for polling: pass the last id you saw). */
  sinceId?: number;
  /** Only this HTTP method, e.g. `GET` (preflights are logged as `OPTIONS`). */
  method?: string;
}

export type RequestLogListener = (entry: RequestLogEntry) => void;

/**
 * The origin's per-request log: a bounded, append-only list of completed requests, oldest first.
 *
 * An entry gets its `id` when it is added, that is when its request completes, so ids grow in
 * log order and `entries({ sinceId })` never misses a request that finished late. Stored entries
 * are frozen copies.
 */
export class RequestLog {
  readonly limit: number;
  #items: RequestLogEntry[] = [];
  /** Index of the oldest live entry in `#items` (dropped ones are compacted away lazily). */
  #head = 0;
  #lastId = 0;
  readonly #listeners = new Set<RequestLogListener>();

  constructor(limit: number = DEFAULT_LOG_LIMIT) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`log limit must be a positive integer, got ${limit}`);
    this.limit = limit;
  }

  /** Number of entries held. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Id of the last entry ever added (0 when none), even if it was cleared or dropped since. */
  get lastId(): number {
    return this.#lastId;
  }

  /** Adds a completed request, assigning its id; tells listeners. Returns the stored entry. */
  add(entry: Omit<RequestLogEntry, 'id'>): RequestLogEntry {
    this.#lastId += 1;
    const stored: RequestLogEntry = Object.freeze({ ...entry, id: this.#lastId });
    this.#items.push(stored);
    if (this.size > this.limit) this.#dropOldest();
    for (const listener of [...this.#listeners]) {
      try {
        listener(stored);
      } catch (error) {
        console.error('[origin] request log listener threw', error);
      }
    }
    return stored;
  }

  /** Entries matching `filter`, oldest first. */
  entries(filter: RequestLogFilter = {}): RequestLogEntry[] {
    const kinds = filter.kind === undefined ? null : new Set<FileKind>(typeof filter.kind === 'string' ? [filter.kind] : filter.kind);
    const start = filter.sinceId === undefined ? this.#head : this.#firstIndexAfter(filter.sinceId);
    const out: RequestLogEntry[] = [];
    for (let i = start; i < this.#items.length; i += 1) {
      const entry = this.#items[i];
      if (entry === undefined) continue;
      if (filter.session !== undefined && entry.session !== filter.session) continue;
      if (kinds !== null && !kinds.has(entry.kind)) continue;
      if (filter.method !== undefined && entry.method !== filter.method) continue;
      out.push(entry);
    }
    return out;
  }

  /**
   * Removes entries: all of them with no argument, else those of one session
   * (`null` = requests without a session). Returns how many were removed. Ids keep growing.
   */
  clear(session?: string | null): number {
    const before = this.size;
    this.#items = session === undefined ? [] : this.#items.slice(this.#head).filter((entry) => entry.session !== session);
    this.#head = 0;
    return before - this.size;
  }

  /** Calls `listener` with every entry added from now on; returns the unsubscribe function. */
  onEntry(listener: RequestLogListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #dropOldest(): void {
    this.#head += 1;
    // Compact once the dead prefix is as long as the limit: amortised O(1) per add.
    if (this.#head >= this.limit) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Binary search: ids grow along `#items`. */
  #firstIndexAfter(sinceId: number): number {
    let low = this.#head;
    let high = this.#items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.#items[mid]?.id ?? Infinity) <= sinceId) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
