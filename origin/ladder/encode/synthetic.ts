import { existsSync } from 'node:fs';
import { DEFAULT_SYNTHETIC } from '../defaults.js';
import { LadderError } from '../errors.js';
import type { SourceInfo } from '../types.js';

/** Options of the synthetic source (a moving test pattern with noise, a tone and a burnt-in clock). */
export interface SyntheticOptions {
  /** Defaults to 120. */
  durationSec?: number;
  /** Defaults to 1920. */
  width?: number;
  /** Defaults to 1080. */
  height?: number;
  /** Defaults to 25. */
  frameRate?: number;
}

export type ResolvedSyntheticOptions = Required<SyntheticOptions>;

/** Fills defaults and checks ranges. Pure. */
export function resolveSyntheticOptions(options: SyntheticOptions = {}): ResolvedSyntheticOptions {
  const resolved = { ...DEFAULT_SYNTHETIC, ...definedOnly(options) };
  const { durationSec, width, height, frameRate } = resolved;
  if (!(durationSec > 0 && durationSec <= 6 * 3600)) throw new LadderError('INVALID_OPTIONS', `Bad synthetic duration: ${durationSec} s.`);
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 16 && height >= 16 && width <= 7680 && height <= 4320)) {
    throw new LadderError('INVALID_OPTIONS', `Bad synthetic size: ${width}x${height}.`);
  }
  if (width % 2 !== 0 || height % 2 !== 0) throw new LadderError('INVALID_OPTIONS', `Synthetic size must be even: ${width}x${height}.`);
  if (!(frameRate > 0 && frameRate <= 120)) throw new LadderError('INVALID_OPTIONS', `Bad synthetic frame rate: ${frameRate}.`);
  return resolved;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** SourceInfo of the synthetic source, known without probing. Pure. */
export function syntheticSourceInfo(options: ResolvedSyntheticOptions): SourceInfo {
  return { width: options.width, height: options.height, durationSec: options.durationSec, frameRate: options.frameRate, hasAudio: true };
}

/** Fonts tried for drawtext, in order (Debian/Ubuntu, Fedora, Alpine, macOS). */
export const FONT_CANDIDATES: readonly string[] = Object.freeze([
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf',
  '/usr/share/fonts/dejavu/DejaVuSansMono.ttf',
  '/usr/share/fonts/dejavu-sans-mono-fonts/DejaVuSansMono.ttf',
  '/usr/share/fonts/TTF/DejaVuSansMono.ttf',
  '/System/Library/Fonts/Menlo.ttc',
]);

/**
 * The first font file that exists, or null (then nothing is burnt in). Paths holding a quote,
 * colon or backslash are skipped: they would need filtergraph escaping.
 */
export function findFontFile(exists: (path: string) => boolean = existsSync, candidates = FONT_CANDIDATES): string | null {
  return candidates.find((path) => !/[':\\]/.test(path) && exists(path)) ?? null;
}
