/**
 * Requests without a session (no `/s/<id>/` prefix, no `x-vod-session` header) share one link and
 * one fault state under this key. It is not a valid session id (`isSessionId('')` is false), so no
 * client can name it through the control API; only the defaults (CLI, `createOrigin` options) and
 * a profile query on a session-less manifest URL reach it.
 */
export const NO_SESSION_KEY = '';

/** The key a request's per-session state lives under. */
export function sessionKey(session: string | null): string {
  return session ?? NO_SESSION_KEY;
}
