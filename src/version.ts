declare const __VOD_PLAYER_VERSION__: string | undefined;

/**
 * vod-player's version, from package.json at build time (Vite's `define`; the library build, the
 * site build and vitest all set it). Code run without that build step reads `0.0.0-dev`.
 */
export const PLAYER_VERSION: string = typeof __VOD_PLAYER_VERSION__ === 'string' ? __VOD_PLAYER_VERSION__ : '0.0.0-dev';
