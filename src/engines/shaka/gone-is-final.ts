import shaka from 'shaka-player/dist/shaka-player.compiled.js';

/** HTTP statuses that mean "not there" (a retry of the same URL cannot help). */
const GONE = new Set([404, 410]);

/**
 * shaka retries a 404 like a network error (only 401/403 are CRITICAL in its HTTP plugin), for as long
 * as the segment retry parameters allow an outage to last (~27 s here). This scheme plugin wraps shaka's
 * fetch plugin and makes a 404/410 CRITICAL at once, so the element's recovery excludes that rendition
 * and reloads. Registered once for http and https at APPLICATION priority (shaka's scheme registry is
 * global; only vod-player's adapters use shaka on the page).
 */
export function registerGoneIsFinal(): void {
  if (registered) return;
  registered = true;
  const plugin: shaka.extern.SchemePlugin = (uri, request, requestType, progressUpdated, headersReceived, config) => {
    // The fetch plugin returns a shaka.util.AbortableOperation (its typings say only IAbortableOperation).
    const operation = shaka.net.HttpFetchPlugin.parse(uri, request, requestType, progressUpdated, headersReceived, config) as shaka.util.AbortableOperation<shaka.extern.Response>;
    return operation.chain(undefined, (error: unknown) => {
      throw isGone(error) ? critical(error) : error;
    });
  };
  for (const scheme of ['http', 'https']) {
    shaka.net.NetworkingEngine.registerScheme(scheme, plugin, shaka.net.NetworkingEngine.PluginPriority.APPLICATION, true);
  }
}

let registered = false;

function isGone(error: unknown): error is shaka.util.Error {
  return (
    error instanceof shaka.util.Error &&
    error.code === shaka.util.Error.Code.BAD_HTTP_STATUS &&
    error.severity !== shaka.util.Error.Severity.CRITICAL &&
    GONE.has(error.data[1] as number)
  );
}

function critical(error: shaka.util.Error): shaka.util.Error {
  return new shaka.util.Error(shaka.util.Error.Severity.CRITICAL, error.category, error.code, ...(error.data as unknown[]));
}
