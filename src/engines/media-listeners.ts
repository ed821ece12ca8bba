type Registration = [type: string, listener: EventListenerOrEventListenerObject, options: boolean | EventListenerOptions | undefined];

/**
 * Tracks the listeners added to the media element while an engine owns it, so that destroying the
 * adapter removes the ones the engine forgot. dash.js's VideoModel leaves a `loadedmetadata` listener
 * (the pending start-time seek) when it is reset before metadata: it kept the whole player alive (a
 * src swapped 100× grew the heap by 14 MiB) and would seek the next source. Returns the release.
 */
export function trackMediaListeners(media: EventTarget): () => void {
  const registrations: Registration[] = [];
  const hadOwn = Object.prototype.hasOwnProperty.call(media, 'addEventListener');
  const previous = media.addEventListener;
  media.addEventListener = function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    if (listener) registrations.push([type, listener, typeof options === 'object' ? { capture: options.capture ?? false } : options]);
    previous.call(this, type, listener, options);
  };
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (hadOwn) media.addEventListener = previous;
    else delete (media as { addEventListener?: unknown }).addEventListener;
    for (const [type, listener, options] of registrations) media.removeEventListener(type, listener, options);
    registrations.length = 0;
  };
}
