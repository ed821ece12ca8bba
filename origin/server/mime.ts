const BY_EXTENSION: Readonly<Record<string, string>> = {
  m3u8: 'application/vnd.apple.mpegurl',
  mpd: 'application/dash+xml',
  m4s: 'video/iso.segment',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  m4a: 'audio/mp4',
  cmfv: 'video/mp4',
  cmfa: 'audio/mp4',
  ts: 'video/mp2t',
  aac: 'audio/aac',
  webm: 'video/webm',
  vtt: 'text/vtt; charset=utf-8',
  ttml: 'application/ttml+xml',
  json: 'application/json; charset=utf-8',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
  avif: 'image/avif',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
  wasm: 'application/wasm',
  txt: 'text/plain; charset=utf-8',
};

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/**
 * Content-Type for a ladder path, by extension. An `.mp4` under an `audio/` folder
 * (the audio init segment) is `audio/mp4`; media segments stay `video/iso.segment` either way.
 */
export function contentTypeFor(path: string): string {
  const ext = extensionOf(path);
  if (ext === 'mp4' && /(^|\/)audio\//.test(path)) return 'audio/mp4';
  return BY_EXTENSION[ext] ?? DEFAULT_CONTENT_TYPE;
}

/** Lower-case extension without the dot, '' when none. */
export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}
