import type { PrefetchedManifest } from '../preload.js';

/** What dash.js's HTTPLoader hands its XHRLoader: a CommonMediaRequest with dash.js's own request in `customData`. */
export interface DashLoaderRequest {
  url: string;
  method?: string;
  customData?: {
    request?: {
      type?: string;
      mediaType?: string;
      representation?: { bandwidth?: number; height?: number } | null;
    };
    onloadend?: () => void;
    onprogress?: (event: { loaded: number; total: number; lengthComputable: boolean }) => void;
    abort?: () => void;
  };
}

/** The CommonMediaResponse the XHRLoader fills in (as its `xhr.onload` does). */
export interface DashLoaderResponse {
  url?: string;
  status?: number;
  statusText?: string;
  headers?: Record<string, string>;
  data?: unknown;
}

/** dash.js's XHRLoader, as much of it as the extension calls (`this.parent`). */
export interface DashXhrLoaderLike {
  load(request: DashLoaderRequest, response: DashLoaderResponse): unknown;
}

/** dash.js's request type of the MPD (`HTTPRequest.MPD_TYPE`). */
const MPD_TYPE = 'MPD';
/** dash.js's request types of segments (`HTTPRequest.MEDIA_SEGMENT_TYPE`, `INIT_SEGMENT_TYPE`). */
const SEGMENT_TYPES = new Set(['MediaSegment', 'InitializationSegment']);

/** A video segment the origin says is gone (404, 410): its URL, status and rendition. */
export interface GoneSegment {
  url: string;
  status: number;
  rendition: { bitrateBps: number; height: number } | null;
}

export interface DashLoaderExtensionOptions {
  /** Answer the MPD request from this prefetch. */
  manifest?: PrefetchedManifest;
  /**
   * Called when a video segment answers 404 or 410, before dash.js retries it (it retries every failure
   * for as long as an outage may last, ~27 s, which is far too long for a file that is not there).
   */
  onVideoSegmentGone?: (segment: GoneSegment) => void;
}

/**
 * The dash.js `XHRLoader` extension of the adapter (`player.extend('XHRLoader', extension, true)`, per
 * player, before `initialize()`): the manifest prefetch (`prefetchedXhrLoaderExtension`) and the
 * gone-segment watch, as the options ask.
 */
export function dashXhrLoaderExtension(options: DashLoaderExtensionOptions): (this: { parent: DashXhrLoaderLike }) => DashXhrLoaderLike {
  const prefetch = options.manifest ? prefetchedXhrLoaderExtension(options.manifest) : null;
  const onGone = options.onVideoSegmentGone;
  return function extension(this: { parent: DashXhrLoaderLike }): DashXhrLoaderLike {
    const inner = prefetch ? prefetch.call(this) : this.parent;
    const innerLoad = inner.load.bind(inner);
    return {
      load(request: DashLoaderRequest, response: DashLoaderResponse): unknown {
        const custom = request.customData;
        const fragment = custom?.request;
        if (onGone && custom && fragment && fragment.mediaType === 'video' && SEGMENT_TYPES.has(fragment.type ?? '')) {
          const onloadend = custom.onloadend;
          custom.onloadend = () => {
            const status = response.status;
            if (status === 404 || status === 410) {
              const representation = fragment.representation;
              onGone({
                url: request.url,
                status,
                rendition:
                  typeof representation?.bandwidth === 'number'
                    ? { bitrateBps: representation.bandwidth, height: representation.height ?? 0 }
                    : null,
              });
            }
            onloadend?.();
          };
        }
        return innerLoad(request, response);
      },
    };
  };
}

/**
 * A dash.js `XHRLoader` extension (`player.extend('XHRLoader', extension, true)`, per player, before
 * `initialize()`) that answers the MPD request for the prefetched URL from the prefetch, the way
 * XHRLoader's `onload` would (url after redirects, status, headers, text), then lets dash.js's
 * HTTPLoader finish it (`onloadend`: response interceptors, metrics, success). The URL compared is
 * the one after dash.js's request interceptors, so a request they changed is not answered. Every
 * other request, and the MPD when the prefetch failed, goes to dash.js's XHRLoader.
 */
export function prefetchedXhrLoaderExtension(manifest: PrefetchedManifest): (this: { parent: DashXhrLoaderLike }) => DashXhrLoaderLike {
  return function extension(this: { parent: DashXhrLoaderLike }): DashXhrLoaderLike {
    // dash.js then copies these methods over the parent's own: keep the original to call it.
    const parent = this.parent;
    const parentLoad = parent.load.bind(parent);
    return {
      load(request: DashLoaderRequest, response: DashLoaderResponse): unknown {
        const custom = request.customData;
        const isMpd = custom?.request?.type === MPD_TYPE && (request.method ?? 'GET') === 'GET';
        const pending = isMpd ? manifest.claim(request.url) : null;
        if (pending === null || custom === undefined) return parentLoad(request, response);
        let aborted = false;
        custom.abort = () => {
          aborted = true;
        };
        void pending.then((prefetched) => {
          if (aborted) return;
          if (prefetched === null) {
            parentLoad(request, response);
            return;
          }
          response.url = prefetched.url;
          response.status = prefetched.status;
          response.statusText = prefetched.statusText;
          response.headers = { ...prefetched.headers };
          response.data = prefetched.text;
          // Read at call time: dash.js clears them on abort.
          custom.onprogress?.({ loaded: prefetched.bytes, total: prefetched.bytes, lengthComputable: true });
          custom.onloadend?.();
        });
        return true;
      },
    };
  };
}
