import { FORWARDED_MEDIA_EVENTS } from '../events.js';

/** The element's side of the bridge: it re-dispatches media events and reflects state as attributes. */
export interface MediaEventTarget extends EventTarget {
  toggleAttribute(name: string, force?: boolean): boolean;
}

export interface MediaEventHandlers {
  loadedMetadata(): void;
  canPlay(): void;
}

/**
 * Re-dispatches the standard media events on the element (`play`, `timeupdate`, …), reflects
 * `paused`/`ended` as attributes, and hands `loadedmetadata`/`canplay` to the playback controller.
 * The listeners live as long as the media, which lives in the element's shadow root.
 */
export function bridgeMediaEvents(media: HTMLVideoElement, host: MediaEventTarget, handlers: MediaEventHandlers): void {
  for (const type of FORWARDED_MEDIA_EVENTS) media.addEventListener(type, () => host.dispatchEvent(new Event(type)));
  const reflect = (): void => {
    host.toggleAttribute('paused', media.paused);
    host.toggleAttribute('ended', media.ended);
  };
  for (const type of ['play', 'pause', 'ended', 'emptied']) media.addEventListener(type, reflect);
  media.addEventListener('loadedmetadata', () => handlers.loadedMetadata());
  media.addEventListener('canplay', () => handlers.canPlay());
  host.toggleAttribute('paused', true);
}
