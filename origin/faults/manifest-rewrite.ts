import type { CodecFault, ManifestChangeFault } from './types.js';

/**
 * The text rewrites behind the `manifest-change` and `codec` faults, on HLS multivariant
 * playlists and DASH MPDs. Line-based for HLS, tag-based for the MPD (no XML parser: these are the
 * ladder's own manifests, and every expression here is built from literals with `[^…]*` runs,
 * linear on any input). A manifest a rewrite does not apply to (a media playlist, an unknown
 * format, a single video rung) comes back unchanged. Pure.
 */

export type ManifestFormat = 'hls-multivariant' | 'hls-media' | 'dash';

/** What `text` is, from its content; null when neither an HLS playlist nor an MPD. */
export function manifestFormat(text: string): ManifestFormat | null {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('#EXTM3U')) return /^#EXT-X-STREAM-INF:/m.test(text) ? 'hls-multivariant' : 'hls-media';
  if (/<MPD[\s>]/.test(text)) return 'dash';
  return null;
}

/** `text` as the fault serves it. */
export function rewriteManifest(fault: ManifestChangeFault | CodecFault, text: string): string {
  const format = manifestFormat(text);
  if (format === 'hls-multivariant') return fault.type === 'codec' ? setHlsVideoCodecs(text, fault.codecs) : dropTopHlsRung(text);
  if (format === 'dash') return fault.type === 'codec' ? setDashVideoCodecs(text, fault.codecs) : dropTopDashRung(text);
  return text;
}

// ---- HLS ------------------------------------------------------------------------------------

interface Variant {
  /** Line index of the `#EXT-X-STREAM-INF` tag. */
  readonly tagLine: number;
  /** Line index of its URI. */
  readonly uriLine: number;
  readonly uri: string;
  readonly bandwidth: number;
}

/**
 * Without the variant streams of the top rung: every `#EXT-X-STREAM-INF` (and its URI) whose URI
 * is the one of the highest-BANDWIDTH variant (a rung listed once per audio group goes whole).
 * Unchanged when that would leave no variant.
 */
export function dropTopHlsRung(text: string): string {
  const lines = text.split('\n');
  const variants = hlsVariants(lines);
  const top = variants.reduce<Variant | null>((best, variant) => (best === null || variant.bandwidth > best.bandwidth ? variant : best), null);
  if (top === null) return text;
  const dropped = variants.filter((variant) => variant.uri === top.uri);
  if (dropped.length === variants.length) return text;
  const gone = new Set(dropped.flatMap((variant) => [variant.tagLine, variant.uriLine]));
  return lines.filter((_line, index) => !gone.has(index)).join('\n');
}

/**
 * Every `#EXT-X-STREAM-INF` and `#EXT-X-I-FRAME-STREAM-INF` with its video codecs replaced by
 * `codecs` (the entries of CODECS that are not audio or text; audio entries stay), or CODECS
 * added when a variant has none.
 */
export function setHlsVideoCodecs(text: string, codecs: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (!line.startsWith('#EXT-X-STREAM-INF:') && !line.startsWith('#EXT-X-I-FRAME-STREAM-INF:')) return line;
      const match = /([:,])CODECS="([^"]*)"/.exec(line);
      if (match === null) return `${line.replace(/\r$/, '')},CODECS="${codecs}"${line.endsWith('\r') ? '\r' : ''}`;
      const replaced = replaceVideoCodecs(match[2] ?? '', codecs);
      return `${line.slice(0, match.index)}${match[1] ?? ''}CODECS="${replaced}"${line.slice(match.index + match[0].length)}`;
    })
    .join('\n');
}

function hlsVariants(lines: readonly string[]): Variant[] {
  const variants: Variant[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (!line.startsWith('#EXT-X-STREAM-INF:')) continue;
    let uriLine = i + 1;
    while (uriLine < lines.length && isSkippable(lines[uriLine] ?? '')) uriLine += 1;
    if (uriLine >= lines.length) break;
    const bandwidth = Number(/[:,]BANDWIDTH=(\d+)/.exec(line)?.[1] ?? 0);
    variants.push({ tagLine: i, uriLine, uri: (lines[uriLine] ?? '').trim(), bandwidth });
    i = uriLine;
  }
  return variants;
}

/** A blank line or a comment between a STREAM-INF tag and its URI (other `#EXT` tags are not skipped). */
function isSkippable(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || (trimmed.startsWith('#') && !trimmed.startsWith('#EXT'));
}

// ---- DASH -----------------------------------------------------------------------------------

interface Element {
  readonly start: number;
  /** Index just past the element (its closing tag, or `/>`). */
  readonly end: number;
  /** The opening tag, `<Name …>` or `<Name …/>`. */
  readonly openTag: string;
}

/**
 * Without the video Representation that has the highest `@bandwidth` (and the whitespace before
 * it); its AdaptationSet's `maxWidth`, `maxHeight` and `maxBandwidth`, where given, become those
 * of the Representations left. Unchanged when there is only one video Representation, or the top
 * one is alone in its AdaptationSet.
 */
export function dropTopDashRung(text: string): string {
  const sets = elements(text, 'AdaptationSet', 0, text.length).filter((set) => isVideoSet(text, set));
  let top: { set: Element; representation: Element; bandwidth: number } | null = null;
  let videoCount = 0;
  for (const set of sets) {
    for (const representation of elements(text, 'Representation', set.start + set.openTag.length, set.end)) {
      videoCount += 1;
      const bandwidth = Number(attribute(representation.openTag, 'bandwidth') ?? 0);
      if (top === null || bandwidth > top.bandwidth) top = { set, representation, bandwidth };
    }
  }
  if (top === null || videoCount < 2) return text;
  const { set, representation } = top;
  const left = elements(text, 'Representation', set.start + set.openTag.length, set.end).filter((other) => other.start !== representation.start);
  if (left.length === 0) return text;

  let cutStart = representation.start;
  while (cutStart > 0 && /[ \t]/.test(text[cutStart - 1] ?? '')) cutStart -= 1;
  if (text[cutStart - 1] === '\n') cutStart -= 1;
  if (text[cutStart - 1] === '\r') cutStart -= 1;

  let openTag = set.openTag;
  const maxOf = (name: string): number => Math.max(...left.map((other) => Number(attribute(other.openTag, name) ?? 0)));
  for (const [setName, repName] of [
    ['maxWidth', 'width'],
    ['maxHeight', 'height'],
    ['maxBandwidth', 'bandwidth'],
  ] as const) {
    const value = maxOf(repName);
    if (attribute(openTag, setName) !== null && value > 0) openTag = setAttribute(openTag, setName, String(value));
  }
  return text.slice(0, set.start) + openTag + text.slice(set.start + set.openTag.length, cutStart) + text.slice(representation.end);
}

/**
 * In every video AdaptationSet, `@codecs` on the set and on each Representation replaced by
 * `codecs`; added to each Representation when neither has one.
 */
export function setDashVideoCodecs(text: string, codecs: string): string {
  const sets = elements(text, 'AdaptationSet', 0, text.length).filter((set) => isVideoSet(text, set));
  let out = '';
  let at = 0;
  for (const set of sets) {
    const setHasCodecs = attribute(set.openTag, 'codecs') !== null;
    out += text.slice(at, set.start) + (setHasCodecs ? setAttribute(set.openTag, 'codecs', codecs) : set.openTag);
    at = set.start + set.openTag.length;
    for (const representation of elements(text, 'Representation', at, set.end)) {
      const hasCodecs = attribute(representation.openTag, 'codecs') !== null;
      const openTag = hasCodecs || !setHasCodecs ? setAttribute(representation.openTag, 'codecs', codecs) : representation.openTag;
      out += text.slice(at, representation.start) + openTag;
      at = representation.start + representation.openTag.length;
    }
  }
  return out + text.slice(at);
}

/** The `<name …>` elements between `from` and `to` (not nested in each other, as AdaptationSets and Representations are not). */
function elements(text: string, name: string, from: number, to: number): Element[] {
  const found: Element[] = [];
  const opening = new RegExp(`<${name}[\\s/>]`, 'g');
  opening.lastIndex = from;
  for (let match = opening.exec(text); match !== null && match.index < to; match = opening.exec(text)) {
    const tagEnd = text.indexOf('>', match.index);
    if (tagEnd < 0 || tagEnd >= to) break;
    const openTag = text.slice(match.index, tagEnd + 1);
    let end = tagEnd + 1;
    if (!openTag.endsWith('/>')) {
      const closing = text.indexOf(`</${name}>`, end);
      end = closing < 0 || closing >= to ? to : closing + name.length + 3;
    }
    found.push({ start: match.index, end, openTag });
    opening.lastIndex = end;
  }
  return found;
}

/** An AdaptationSet of video: `contentType="video"`, a `video/` mimeType on it or its first Representation, or a video codec. */
function isVideoSet(text: string, set: Element): boolean {
  const contentType = attribute(set.openTag, 'contentType');
  if (contentType !== null) return contentType === 'video';
  const first = elements(text, 'Representation', set.start + set.openTag.length, set.end)[0];
  const mimeType = attribute(set.openTag, 'mimeType') ?? (first === undefined ? null : attribute(first.openTag, 'mimeType'));
  if (mimeType !== null) return mimeType.startsWith('video/');
  const codecs = attribute(set.openTag, 'codecs') ?? (first === undefined ? null : attribute(first.openTag, 'codecs'));
  return codecs !== null && codecs.split(',').some((codec) => !isAudioOrTextCodec(codec));
}

function attribute(tag: string, name: string): string | null {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;
}

/** `tag` with `name="value"`, replacing the attribute or adding it before the tag's end. */
function setAttribute(tag: string, name: string, value: string): string {
  const existing = new RegExp(`(\\s${name}=")[^"]*(")`);
  if (existing.test(tag)) return tag.replace(existing, `$1${value}$2`);
  const close = tag.endsWith('/>') ? tag.length - 2 : tag.length - 1;
  return `${tag.slice(0, close).replace(/\s*$/, '')} ${name}="${value}"${tag.slice(close)}`;
}

// ---- codecs ---------------------------------------------------------------------------------

/** Sample entries (RFC 6381 first part) of audio and text tracks; anything else counts as video. */
const AUDIO_OR_TEXT = new Set([
  'mp4a', 'ac-3', 'ec-3', 'ac-4', 'opus', 'flac', 'fla', 'mp3', '.mp3', 'alac', 'vorbis',
  'dtsc', 'dtse', 'dtsh', 'dtsl', 'dtsx', 'mha1', 'mha2', 'mhm1', 'mhm2', 'wvtt', 'stpp', 'tx3g', 'c608', 'c708',
]);

export function isAudioOrTextCodec(codec: string): boolean {
  const entry = (codec.trim().split('.')[0] ?? '').toLowerCase();
  return AUDIO_OR_TEXT.has(entry) || AUDIO_OR_TEXT.has(codec.trim().toLowerCase());
}

/** A CODECS list with its video entries replaced by `codecs` (once, where the first one was); audio and text entries stay. */
export function replaceVideoCodecs(list: string, codecs: string): string {
  const entries = list.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const out: string[] = [];
  let placed = false;
  for (const entry of entries) {
    if (isAudioOrTextCodec(entry)) out.push(entry);
    else if (!placed) {
      out.push(codecs);
      placed = true;
    }
  }
  if (!placed) out.unshift(codecs);
  return out.join(',');
}
