import type { ManifestResponse, PrefetchedManifest } from '../preload.js';

/** shaka's `shaka.extern.Request`, as much of it as the filters touch. */
export interface ShakaRequestLike {
  uris: string[];
  method: string;
}

/** shaka's `shaka.extern.Response`, as much of it as the filters touch. */
export interface ShakaResponseLike {
  uri: string;
  originalUri: string;
  headers: Record<string, string>;
}

export interface PrefetchFilterOptions {
  /** `shaka.net.NetworkingEngine.RequestType.MANIFEST`. */
  manifestType: number;
  /** A URL the page can fetch that answers `text` (`URL.createObjectURL(new Blob([text]))`). */
  createObjectUrl(text: string): string;
  revokeObjectUrl(url: string): void;
}

export interface PrefetchFilters {
  request(type: number, request: ShakaRequestLike): Promise<void> | void;
  response(type: number, response: ShakaResponseLike): void;
  /** Frees the object URL if the manifest request never completed. */
  dispose(): void;
}

/**
 * shaka request + response filters (per player) that answer the manifest request for the prefetched
 * URL from the prefetch: the request filter points it at an in-memory copy of the prefetched text
 * (an object URL, fetched by the same HTTP plugin), the response filter puts the real URLs and headers
 * back before the manifest parser reads them (`response.uri` is the base of relative URLs). shaka
 * runs its own retry logic around it: a retry after the in-memory request failed (a CSP without
 * `blob:`) goes to the real URL. Every other request, and the manifest when the prefetch failed,
 * is left alone.
 */
export function prefetchedManifestFilters(manifest: PrefetchedManifest, options: PrefetchFilterOptions): PrefetchFilters {
  let objectUrl: string | null = null;
  let prefetched: ManifestResponse | null = null;
  const release = (): void => {
    if (objectUrl !== null) options.revokeObjectUrl(objectUrl);
    objectUrl = null;
  };
  return {
    async request(type, request) {
      if (type !== options.manifestType) return;
      if (objectUrl !== null && request.uris.includes(objectUrl)) {
        // A retry: the in-memory answer did not work, so the real request goes out.
        const failed = objectUrl;
        request.uris = request.uris.map((uri) => (uri === failed ? manifest.url : uri));
        release();
        return;
      }
      const first = request.uris[0];
      if (request.method !== 'GET' || first === undefined) return;
      const pending = manifest.claim(first);
      if (pending === null) return;
      const response = await pending;
      if (response === null) return; // the prefetch failed: shaka fetches the manifest itself
      prefetched = response;
      objectUrl = options.createObjectUrl(response.text);
      request.uris = [objectUrl, ...request.uris.slice(1)];
    },
    response(type, response) {
      if (type !== options.manifestType || objectUrl === null || prefetched === null) return;
      if (response.uri !== objectUrl && response.originalUri !== objectUrl) return;
      response.uri = prefetched.url;
      response.originalUri = manifest.url;
      response.headers = { ...prefetched.headers };
      release();
    },
    dispose: release,
  };
}
