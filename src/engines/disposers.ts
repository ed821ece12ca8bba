/** Undoes one thing: removes a listener, clears a timer. */
export type Disposer = () => void;

/**
 * Collects the `off` of every `on` an adapter makes, so `destroy()` can undo them all in one call.
 * Each disposer runs once; one that throws does not stop the others.
 */
export class Disposers {
  #pending: Disposer[] = [];

  add(dispose: Disposer): void {
    this.#pending.push(dispose);
  }

  /** `target.addEventListener(type, listener)` now, the matching `removeEventListener` on `disposeAll()`. */
  listen<K extends keyof HTMLMediaElementEventMap>(
    target: HTMLMediaElement,
    type: K,
    listener: (event: HTMLMediaElementEventMap[K]) => void,
  ): void {
    target.addEventListener(type, listener);
    this.add(() => target.removeEventListener(type, listener));
  }

  disposeAll(): void {
    const pending = this.#pending;
    this.#pending = [];
    for (const dispose of pending.reverse()) {
      try {
        dispose();
      } catch {
        // Keep going: a listener that cannot be removed must not keep the others attached.
      }
    }
  }
}
