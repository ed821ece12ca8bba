import { describe, expect, it, vi } from 'vitest';
import {
  dashXhrLoaderExtension,
  prefetchedXhrLoaderExtension,
  type DashLoaderExtensionOptions,
  type DashLoaderRequest,
  type DashLoaderResponse,
  type DashXhrLoaderLike,
} from '../../../../src/engines/dashjs/prefetch-loader.js';
import { PrefetchedManifest, type PrefetchDeps } from '../../../../src/engines/preload.js';

const MPD_URL = 'https://cdn.example/v/manifest.mpd';
const MPD = '<?xml version="1.0"?><MPD type="static"></MPD>';

function prefetch(respond: () => Promise<Response>): PrefetchedManifest {
  const deps: PrefetchDeps = { fetch: () => respond(), nowMs: () => 0 };
  return new PrefetchedManifest(MPD_URL, 'https://page.example/', 'same-origin', deps);
}

/**
 * dash.js's `extend(name, child, override = true)`: the child factory is called with the parent as
 * `this.parent`, then its methods are copied over the parent's own (so calling `this.parent.load`
 * afterwards would call the child).
 */
function extendXhrLoader(manifest: PrefetchedManifest) {
  const parent = { load: vi.fn((_request: DashLoaderRequest, _response: DashLoaderResponse): unknown => true) };
  const original = parent.load;
  const child = prefetchedXhrLoaderExtension(manifest).call({ parent });
  Object.assign(parent, child);
  return { loader: parent as DashXhrLoaderLike, original };
}

function mpdRequest(url = MPD_URL, type = 'MPD'): DashLoaderRequest & { customData: NonNullable<DashLoaderRequest['customData']> } {
  return { url, method: 'GET', customData: { request: { type }, onloadend: vi.fn(), onprogress: vi.fn() } };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('prefetchedXhrLoaderExtension', () => {
  it("answers dash.js's MPD request from the prefetch the way XHRLoader's onload would, then lets HTTPLoader finish it", async () => {
    const { loader, original } = extendXhrLoader(prefetch(async () => new Response(MPD, { statusText: 'OK', headers: { 'Content-Type': 'application/dash+xml' } })));
    const request = mpdRequest();
    const response: DashLoaderResponse = {};
    loader.load(request, response);
    await settle();
    expect(original).not.toHaveBeenCalled();
    expect(response).toEqual({ url: MPD_URL, status: 200, statusText: 'OK', headers: { 'content-type': 'application/dash+xml' }, data: MPD });
    expect(request.customData.onprogress).toHaveBeenCalledWith({ loaded: MPD.length, total: MPD.length, lengthComputable: true });
    expect(request.customData.onloadend).toHaveBeenCalledTimes(1);
  });

  it("falls back to dash.js's own XHRLoader when the prefetch failed", async () => {
    const { loader, original } = extendXhrLoader(prefetch(async () => new Response('gone', { status: 410 })));
    const request = mpdRequest();
    const response: DashLoaderResponse = {};
    loader.load(request, response);
    await settle();
    expect(original).toHaveBeenCalledWith(request, response);
    expect(request.customData.onloadend).not.toHaveBeenCalled();
    expect(response).toEqual({});
  });

  it('leaves segments, other URLs (e.g. changed by a request interceptor) and a second MPD request to XHRLoader', async () => {
    const { loader, original } = extendXhrLoader(prefetch(async () => new Response(MPD)));
    loader.load(mpdRequest(MPD_URL, 'MediaSegment'), {});
    loader.load(mpdRequest(`${MPD_URL}?CMCD=sid%3D%22x%22`), {});
    const first = mpdRequest();
    loader.load(first, {});
    loader.load(mpdRequest(), {});
    await settle();
    expect(original).toHaveBeenCalledTimes(3);
    expect(first.customData.onloadend).toHaveBeenCalledTimes(1);
  });

  it('does not answer a request dash.js aborted meanwhile', async () => {
    let answer: (response: Response) => void = () => undefined;
    const { loader, original } = extendXhrLoader(prefetch(() => new Promise((resolve) => (answer = resolve))));
    const request = mpdRequest();
    loader.load(request, {});
    request.customData.abort!();
    answer(new Response(MPD));
    await settle();
    expect(request.customData.onloadend).not.toHaveBeenCalled();
    expect(original).not.toHaveBeenCalled();
  });
});

describe('dashXhrLoaderExtension', () => {
  function extendWith(options: DashLoaderExtensionOptions) {
    const parent = { load: vi.fn((_request: DashLoaderRequest, _response: DashLoaderResponse): unknown => true) };
    const original = parent.load;
    Object.assign(parent, dashXhrLoaderExtension(options).call({ parent }));
    return { loader: parent as DashXhrLoaderLike, original };
  }
  function segmentRequest(mediaType: string, type = 'MediaSegment'): DashLoaderRequest & { customData: NonNullable<DashLoaderRequest['customData']> } {
    return {
      url: `https://cdn.example/v/${mediaType}/seg-5.m4s`,
      customData: { request: { type, mediaType, representation: { bandwidth: 3_000_000, height: 720 } }, onloadend: vi.fn() },
    };
  }

  it('tells of a video segment answered 404 or 410 with its rendition, then lets dash.js go on', () => {
    const gone = vi.fn();
    const { loader, original } = extendWith({ onVideoSegmentGone: gone });
    for (const [status, type] of [[404, 'MediaSegment'], [410, 'InitializationSegment']] as const) {
      const request = segmentRequest('video', type);
      const response: DashLoaderResponse = {};
      loader.load(request, response);
      expect(original).toHaveBeenLastCalledWith(request, response);
      response.status = status; // XHRLoader's onload fills the response, then calls onloadend
      request.customData.onloadend!();
      expect(gone).toHaveBeenLastCalledWith({ url: request.url, status, rendition: { bitrateBps: 3_000_000, height: 720 } });
    }
  });

  it('says nothing of other statuses, of audio, or of the MPD', () => {
    const gone = vi.fn();
    const { loader } = extendWith({ onVideoSegmentGone: gone });
    const cases: Array<[DashLoaderRequest & { customData: NonNullable<DashLoaderRequest['customData']> }, number]> = [
      [segmentRequest('video'), 503],
      [segmentRequest('video'), 200],
      [segmentRequest('audio'), 404],
      [mpdRequest(), 404],
    ];
    for (const [request, status] of cases) {
      const response: DashLoaderResponse = {};
      loader.load(request, response);
      response.status = status;
      request.customData.onloadend?.();
    }
    expect(gone).not.toHaveBeenCalled();
  });

  it('answers the MPD from the prefetch too', async () => {
    const { loader, original } = extendWith({ manifest: prefetch(async () => new Response(MPD)), onVideoSegmentGone: vi.fn() });
    const request = mpdRequest();
    const response: DashLoaderResponse = {};
    loader.load(request, response);
    await settle();
    expect(original).not.toHaveBeenCalled();
    expect(response.data).toBe(MPD);
  });
});
