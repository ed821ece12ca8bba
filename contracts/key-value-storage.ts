/**
 * The key-value storage vocabulary: the part of the Web Storage API (`localStorage`) vod-player
 * uses, so code takes it as an argument and tests pass a Map-backed fake. `localStorage` meets it.
 * Every member may throw (storage disabled, blocked or full): callers guard their calls.
 *
 * Code takes the narrowest part it needs, e.g. `Pick<KeyValueStorage, 'getItem' | 'setItem'>`
 * for a store that only reads and writes its own keys; `length` and `key(index)` are for stores
 * that scan for keys (the telemetry queue adopts what other pages left).
 */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  /** How many keys are stored. */
  readonly length: number;
  /** The `index`-th key (in no set order), or null past the end. */
  key(index: number): string | null;
}
