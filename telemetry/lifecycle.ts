import { filter, fromEvent, map, merge, type Observable } from 'rxjs';

/** The page events telemetry reacts to (window and document in a browser; fakes in tests). */
export interface PageLike {
  readonly window: EventTarget;
  /** `document.visibilityState`. */
  visibilityState(): DocumentVisibilityState;
}

export type PageExit = 'pagehide' | 'hidden';

/**
 * `pagehide` (the page is being left: the session ends) and `visibilitychange` to hidden (it may
 * never come back: flush). Listened to on window, so listeners on document (web-vitals reports
 * its final values there) have run first.
 */
export function pageExits(page: PageLike): Observable<PageExit> {
  return merge(
    fromEvent(page.window, 'pagehide').pipe(map((): PageExit => 'pagehide')),
    fromEvent(page.window, 'visibilitychange').pipe(
      filter(() => page.visibilityState() === 'hidden'),
      map((): PageExit => 'hidden'),
    ),
  );
}

/** The browser says the network is back (`online` on window): delivery need not wait out its backoff. */
export function networkBack(page: PageLike): Observable<void> {
  return fromEvent(page.window, 'online').pipe(map((): void => undefined));
}

/** The page came back from the back/forward cache (`pageshow` with `persisted`). */
export function pageReturns(page: PageLike): Observable<void> {
  return fromEvent(page.window, 'pageshow').pipe(
    filter((event) => (event as Event & { persisted?: boolean }).persisted === true),
    map((): void => undefined),
  );
}

/** The real page, or null outside a browser. */
export function browserPage(): PageLike | null {
  if (typeof window === 'undefined' || typeof document === 'undefined') return null;
  return { window, visibilityState: () => document.visibilityState };
}
