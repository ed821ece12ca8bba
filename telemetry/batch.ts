import { Observable, asyncScheduler, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';

export interface BatchLimits {
  /** Most items in a batch. */
  maxCount: number;
  /** Most bytes in a batch (as measured by `sizeOf`); a single larger item goes alone. */
  maxBytes: number;
  /** Longest an item waits for its batch to fill, milliseconds. */
  maxDelayMs: number;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of an item as JSON. */
export function jsonBytes(item: unknown): number {
  return encoder.encode(JSON.stringify(item)).byteLength;
}

/**
 * The items from `start` that fit one request: at most `maxCount`, at most `maxBytes` as JSON,
 * but always at least one (a single oversized item goes alone).
 */
export function takeFitting<T>(items: readonly T[], start: number, maxCount: number, maxBytes: number): T[] {
  const out: T[] = [];
  let bytes = 0;
  for (let i = start; i < items.length && out.length < maxCount; i += 1) {
    const item = items[i] as T;
    const size = jsonBytes(item);
    if (out.length > 0 && bytes + size > maxBytes) break;
    out.push(item);
    bytes += size;
  }
  return out;
}

/**
 * Groups items into batches by count, size and time: a batch is emitted when it holds
 * `maxCount` items, when the next item would take it past `maxBytes`, or `maxDelayMs` after its
 * first item, whichever comes first; what is left is emitted on completion. Timers run on
 * `scheduler`, so tests drive it with virtual time.
 */
export function batchBy<T>(
  limits: BatchLimits,
  scheduler: SchedulerLike = asyncScheduler,
  sizeOf: (item: T) => number = jsonBytes,
): OperatorFunction<T, T[]> {
  return (source) =>
    new Observable<T[]>((subscriber) => {
      let batch: T[] = [];
      let bytes = 0;
      let timer: Subscription | null = null;
      const emit = (): void => {
        timer?.unsubscribe();
        timer = null;
        if (batch.length === 0) return;
        const out = batch;
        batch = [];
        bytes = 0;
        subscriber.next(out);
      };
      const subscription = source.subscribe({
        next(item) {
          const size = sizeOf(item);
          if (batch.length > 0 && bytes + size > limits.maxBytes) emit();
          batch.push(item);
          bytes += size;
          if (batch.length >= limits.maxCount || bytes >= limits.maxBytes) emit();
          else timer ??= scheduler.schedule(emit, limits.maxDelayMs);
        },
        error(error: unknown) {
          emit();
          subscriber.error(error);
        },
        complete() {
          emit();
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        timer?.unsubscribe();
      };
    });
}
