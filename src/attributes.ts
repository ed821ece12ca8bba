import { VodPlayerError } from './errors.js';

/** Values of the `engine` attribute. */
export const ENGINE_CHOICES = ['auto', 'hls.js', 'dash.js', 'shaka'] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];

/** Values of the `preload` attribute, as on `<video>`. */
export const PRELOAD_CHOICES = ['none', 'metadata', 'auto'] as const;
export type PreloadChoice = (typeof PRELOAD_CHOICES)[number];

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: VodPlayerError };

function invalid(attribute: string, message: string): { ok: false; error: VodPlayerError } {
  return { ok: false, error: new VodPlayerError('INVALID_ATTRIBUTE', message, { fatal: false, detail: { attribute } }) };
}

/** `engine`: missing or empty means `auto`; anything else must be one of ENGINE_CHOICES. */
export function parseEngine(value: string | null | undefined): Parsed<EngineChoice> {
  const normalized = (value ?? '').trim().toLowerCase();
  if (normalized === '') return { ok: true, value: 'auto' };
  const found = ENGINE_CHOICES.find((choice) => choice === normalized);
  if (found) return { ok: true, value: found };
  return invalid('engine', `engine="${value}" is not one of ${ENGINE_CHOICES.join(', ')}; using auto.`);
}

/** `start-time`: a finite number of seconds ≥ 0; missing means "from the start" (null). */
export function parseStartTime(value: string | number | null | undefined): Parsed<number | null> {
  if (value === null || value === undefined || value === '') return { ok: true, value: null };
  const seconds = typeof value === 'number' ? value : Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return { ok: true, value: seconds };
  return invalid('start-time', `start-time="${value}" is not a number of seconds ≥ 0; starting from 0.`);
}

/** `preload`: as on `<video>`, an empty value means `auto`, an unknown one `metadata`. */
export function parsePreload(value: string | null | undefined): Parsed<PreloadChoice> {
  if (value === null || value === undefined) return { ok: true, value: 'metadata' };
  const normalized = value.trim().toLowerCase();
  if (normalized === '') return { ok: true, value: 'auto' };
  const found = PRELOAD_CHOICES.find((choice) => choice === normalized);
  if (found) return { ok: true, value: found };
  return invalid('preload', `preload="${value}" is not one of ${PRELOAD_CHOICES.join(', ')}; using metadata.`);
}

/** `crossorigin`: as on `<video>`, `use-credentials` or anything else meaning `anonymous`. */
export function parseCrossOrigin(value: string | null | undefined): 'anonymous' | 'use-credentials' | null {
  if (value === null || value === undefined) return null;
  return value.trim().toLowerCase() === 'use-credentials' ? 'use-credentials' : 'anonymous';
}

/** `volume`: a number in [0, 1]. */
export function parseVolume(value: number): Parsed<number> {
  if (Number.isFinite(value) && value >= 0 && value <= 1) return { ok: true, value };
  return invalid('volume', `volume=${value} is outside [0, 1]; unchanged.`);
}

/** `currentTime`: a finite number of seconds ≥ 0. */
export function parseCurrentTime(value: number): Parsed<number> {
  if (Number.isFinite(value) && value >= 0) return { ok: true, value };
  return invalid('currentTime', `currentTime=${value} is not a number of seconds ≥ 0; unchanged.`);
}

/** `playbackRate`: a finite number > 0 and ≤ 16 (Chromium's range). */
export function parsePlaybackRate(value: number): Parsed<number> {
  if (Number.isFinite(value) && value > 0 && value <= 16) return { ok: true, value };
  return invalid('playbackRate', `playbackRate=${value} is outside (0, 16]; unchanged.`);
}

/** Who chooses the rendition in auto mode: vod-player's own ABR (default) or the engine's. */
export type AbrMode = 'vod' | 'engine';
const ABR_MODES: readonly AbrMode[] = ['vod', 'engine'];

/** `abr`: `vod` (default) or `engine`. */
export function parseAbrMode(value: string | null | undefined): Parsed<AbrMode> {
  const normalized = (value ?? '').trim().toLowerCase();
  if (normalized === '') return { ok: true, value: 'vod' };
  const found = ABR_MODES.find((mode) => mode === normalized);
  if (found) return { ok: true, value: found };
  return invalid('abr', `abr="${value}" is not one of ${ABR_MODES.join(', ')}; using vod.`);
}

/** `abr-min-rung` / `abr-max-rung`: a rung index (integer ≥ 0) into `qualities`; missing means no cap (null). */
export function parseRungCap(attribute: string, value: string | number | null | undefined): Parsed<number | null> {
  if (value === null || value === undefined || value === '') return { ok: true, value: null };
  const rung = typeof value === 'number' ? value : Number(value);
  if (Number.isInteger(rung) && rung >= 0) return { ok: true, value: rung };
  return invalid(attribute, `${attribute}="${value}" is not a rung index (an integer ≥ 0); ignored.`);
}

/** Default of `recovery-window`: 5 minutes. */
export const DEFAULT_RECOVERY_WINDOW_SEC = 300;

/** `recovery-window`: seconds (0 to 3600) the player keeps recovering from one run of failures; 0 turns recovery off. */
export function parseRecoveryWindow(value: string | number | null | undefined): Parsed<number> {
  if (value === null || value === undefined || value === '') return { ok: true, value: DEFAULT_RECOVERY_WINDOW_SEC };
  const seconds = typeof value === 'number' ? value : Number(value);
  if (Number.isFinite(seconds) && seconds >= 0 && seconds <= 3600) return { ok: true, value: seconds };
  return invalid(
    'recovery-window',
    `recovery-window="${value}" is not a number of seconds in 0..3600; using ${DEFAULT_RECOVERY_WINDOW_SEC}.`,
  );
}
