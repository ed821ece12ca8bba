import { describe, expect, it } from 'vitest';
import { PrefetchedManifest, type PrefetchDeps } from '../../../../src/engines/preload.js';
import { prefetchedManifestFilters, type ShakaRequestLike, type ShakaResponseLike } from '../../../../src/engines/shaka/prefetch-filters.js';

const MPD_URL = 'https://cdn.example/v/manifest.mpd';
const FINAL_URL = 'https://edge.example/v/manifest.mpd';
const MPD = '<MPD type="static"></MPD>';
const MANIFEST = 0;
const SEGMENT = 1;

function setup(respond: () => Promise<Response>) {
  const deps: PrefetchDeps = { fetch: () => respond(), nowMs: () => 0 };
  const manifest = new PrefetchedManifest(MPD_URL, 'https://page.example/', 'same-origin', deps);
  const objects = new Map<string, string>();
  let next = 0;
  const filters = prefetchedManifestFilters(manifest, {
    manifestType: MANIFEST,
    createObjectUrl: (text) => {
      const url = `blob:https://page.example/${++next}`;
      objects.set(url, text);
      return url;
    },
    revokeObjectUrl: (url) => objects.delete(url),
  });
  return { filters, objects };
}

/** A redirected response, as fetch() reports it (`Response.url` cannot be set through the constructor). */
function redirected(body: string): Response {
  const response = new Response(body, { headers: { 'content-type': 'application/dash+xml' } });
  Object.defineProperty(response, 'url', { value: FINAL_URL });
  return response;
}

describe('prefetchedManifestFilters', () => {
  it('points the manifest request at the prefetched text, then gives the parser back the real URLs and headers', async () => {
    const { filters, objects } = setup(async () => redirected(MPD));
    const request: ShakaRequestLike = { uris: [MPD_URL], method: 'GET' };
    await filters.request(MANIFEST, request);
    const objectUrl = request.uris[0]!;
    expect(objects.get(objectUrl)).toBe(MPD);
    const response: ShakaResponseLike = { uri: objectUrl, originalUri: objectUrl, headers: {} };
    filters.response(MANIFEST, response);
    expect(response).toEqual({ uri: FINAL_URL, originalUri: MPD_URL, headers: { 'content-type': 'application/dash+xml' } });
    expect(objects.size).toBe(0); // released
  });

  it('leaves the request alone when the prefetch failed: shaka fetches the manifest itself', async () => {
    const { filters, objects } = setup(() => Promise.reject(new TypeError('Failed to fetch')));
    const request: ShakaRequestLike = { uris: [MPD_URL], method: 'GET' };
    await filters.request(MANIFEST, request);
    expect(request.uris).toEqual([MPD_URL]);
    expect(objects.size).toBe(0);
  });

  it('sends a retry after the in-memory request failed to the real URL', async () => {
    const { filters, objects } = setup(async () => new Response(MPD));
    const request: ShakaRequestLike = { uris: [MPD_URL], method: 'GET' };
    await filters.request(MANIFEST, request);
    expect(request.uris[0]).toMatch(/^blob:/);
    await filters.request(MANIFEST, request); // shaka's retry runs the filters again on the same request
    expect(request.uris).toEqual([MPD_URL]);
    expect(objects.size).toBe(0);
  });

  it('ignores segments, HEAD requests, other URLs and responses it did not answer', async () => {
    const { filters, objects } = setup(async () => new Response(MPD));
    const segment: ShakaRequestLike = { uris: [MPD_URL], method: 'GET' };
    await filters.request(SEGMENT, segment);
    const head: ShakaRequestLike = { uris: [MPD_URL], method: 'HEAD' };
    await filters.request(MANIFEST, head);
    const other: ShakaRequestLike = { uris: ['https://cdn.example/other.mpd'], method: 'GET' };
    await filters.request(MANIFEST, other);
    expect([segment.uris, head.uris, other.uris]).toEqual([[MPD_URL], [MPD_URL], ['https://cdn.example/other.mpd']]);
    const response: ShakaResponseLike = { uri: MPD_URL, originalUri: MPD_URL, headers: { a: 'b' } };
    filters.response(MANIFEST, response);
    expect(response).toEqual({ uri: MPD_URL, originalUri: MPD_URL, headers: { a: 'b' } });
    expect(objects.size).toBe(0);
  });
});
