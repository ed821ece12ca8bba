import type { ReactiveController } from 'lit';

/** The element as a controller sees it: an event target with attributes, controllers and an update count. */
export class FakeHost extends EventTarget {
  readonly controllers: ReactiveController[] = [];
  readonly attributes = new Map<string, string>();
  readonly events: CustomEvent[] = [];
  updates = 0;
  clientHeight = 360;

  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }
  removeController(): void {}
  requestUpdate(): void {
    this.updates++;
  }
  get updateComplete(): Promise<boolean> {
    return Promise.resolve(true);
  }
  toggleAttribute(name: string, force?: boolean): boolean {
    const on = force ?? !this.attributes.has(name);
    if (on) this.attributes.set(name, '');
    else this.attributes.delete(name);
    return on;
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  removeAttribute(name: string): void {
    this.attributes.delete(name);
  }
  override dispatchEvent(event: Event): boolean {
    if (event instanceof CustomEvent) this.events.push(event);
    return super.dispatchEvent(event);
  }
  /** The `vod-*` events so far, as `type` strings. */
  get eventTypes(): string[] {
    return this.events.map((event) => event.type);
  }
  detailsOf<T>(type: string): T[] {
    return this.events.filter((event) => event.type === type).map((event) => event.detail as T);
  }
  connect(): void {
    for (const controller of this.controllers) controller.hostConnected?.();
  }
  disconnect(): void {
    for (const controller of this.controllers) controller.hostDisconnected?.();
  }
}

/** A `<video>` as far as the controller reads it. */
export class FakeMedia extends EventTarget {
  readyState = 0;
  duration = Number.NaN;
  currentTime = 0;
  /** What has been buffered, as `TimeRanges` reads. */
  bufferedRanges: Array<[number, number]> = [];
  get buffered(): { length: number; start(i: number): number; end(i: number): number } {
    const ranges = this.bufferedRanges;
    return { length: ranges.length, start: (i) => ranges[i]![0], end: (i) => ranges[i]![1] };
  }
  paused = true;
  ended = false;
  playCalls = 0;
  playResult: () => Promise<void> = () => Promise.resolve();

  play(): Promise<void> {
    this.playCalls++;
    return this.playResult();
  }
  pause(): void {
    this.paused = true;
  }
  /** The media learned its duration: readyState HAVE_METADATA and `loadedmetadata`. */
  metadata(durationSec: number): void {
    this.readyState = 1;
    this.duration = durationSec;
    this.dispatchEvent(new Event('loadedmetadata'));
  }
  fire(type: string): void {
    this.dispatchEvent(new Event(type));
  }
}
