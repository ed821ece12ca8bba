import type { PartialAbrConfig } from '../../abr/index.js';
import {
  parseAbrMode,
  parseCrossOrigin,
  parseEngine,
  parsePreload,
  parseRungCap,
  parseRecoveryWindow,
  parseStartTime,
  DEFAULT_RECOVERY_WINDOW_SEC,
  type AbrMode,
  type EngineChoice,
  type Parsed,
  type PreloadChoice,
} from '../attributes.js';
import type { EngineConfig, EngineSetupHook } from '../engines/engine-config.js';
import type { VodPlayerError } from '../errors.js';

/**
 * What the playback controller reads when a source loads: the element's attributes and properties,
 * parsed once when they change (never per decision), invalid values already replaced by their
 * documented fallbacks.
 */
export interface PlaybackSettings {
  src: string;
  /** MIME type of `src`, or '' for "from the URL". */
  type: string;
  engine: EngineChoice;
  preload: PreloadChoice;
  autoplay: boolean;
  /** `start-time`, seconds, or null for "from the start (or the resume position)". */
  startTimeSec: number | null;
  crossOrigin: 'anonymous' | 'use-credentials' | null;
  abrMode: AbrMode;
  abrMinRung: number | null;
  abrMaxRung: number | null;
  abrCapToSize: boolean;
  abrConfig: PartialAbrConfig | null;
  engineConfig: EngineConfig | null;
  engineSetup: EngineSetupHook | null;
  /** `recovery-window`, seconds; 0: recovery off (see `recovery/policy.ts`). */
  recoveryWindowSec: number;
}

export const DEFAULT_PLAYBACK_SETTINGS: Readonly<PlaybackSettings> = Object.freeze({
  src: '',
  type: '',
  engine: 'auto',
  preload: 'metadata',
  autoplay: false,
  startTimeSec: null,
  crossOrigin: null,
  abrMode: 'vod',
  abrMinRung: null,
  abrMaxRung: null,
  abrCapToSize: false,
  abrConfig: null,
  engineConfig: null,
  engineSetup: null,
  recoveryWindowSec: DEFAULT_RECOVERY_WINDOW_SEC,
});

/** The element's raw properties, as an embedder or the HTML parser set them. */
export interface PlaybackProperties {
  src: string;
  type: string;
  engine: string;
  preload: string | null;
  autoplay: boolean;
  startTime: string | number | null;
  crossorigin: string | null;
  abr: string;
  abrMinRung: string | number | null;
  abrMaxRung: string | number | null;
  abrCapToSize: boolean;
  abrConfig: PartialAbrConfig | null;
  engineConfig: EngineConfig | null;
  engineSetup: EngineSetupHook | null;
  recoveryWindow: string | number | null;
}

/**
 * Parses the properties in `changed` into `settings` (in place) and returns the errors of the invalid
 * ones, each a non-fatal INVALID_ATTRIBUTE to report once.
 */
export function applyChangedProperties(
  settings: PlaybackSettings,
  properties: PlaybackProperties,
  changed: ReadonlySet<PropertyKey> | ReadonlyMap<PropertyKey, unknown>,
): VodPlayerError[] {
  const errors: VodPlayerError[] = [];
  const take = <T>(parsed: Parsed<T>, fallback: T): T => {
    if (parsed.ok) return parsed.value;
    errors.push(parsed.error);
    return fallback;
  };
  if (changed.has('src')) settings.src = properties.src;
  if (changed.has('type')) settings.type = properties.type;
  if (changed.has('engine')) settings.engine = take(parseEngine(properties.engine), 'auto');
  if (changed.has('preload')) settings.preload = take(parsePreload(properties.preload), 'metadata');
  if (changed.has('autoplay')) settings.autoplay = properties.autoplay;
  if (changed.has('startTime')) settings.startTimeSec = take(parseStartTime(properties.startTime), null);
  if (changed.has('crossorigin')) settings.crossOrigin = parseCrossOrigin(properties.crossorigin);
  if (changed.has('abr')) settings.abrMode = take(parseAbrMode(properties.abr), 'vod');
  if (changed.has('abrMinRung')) settings.abrMinRung = take(parseRungCap('abr-min-rung', properties.abrMinRung), null);
  if (changed.has('abrMaxRung')) settings.abrMaxRung = take(parseRungCap('abr-max-rung', properties.abrMaxRung), null);
  if (changed.has('abrCapToSize')) settings.abrCapToSize = properties.abrCapToSize;
  if (changed.has('abrConfig')) settings.abrConfig = properties.abrConfig;
  if (changed.has('engineConfig')) settings.engineConfig = properties.engineConfig;
  if (changed.has('engineSetup')) settings.engineSetup = properties.engineSetup;
  if (changed.has('recoveryWindow')) {
    settings.recoveryWindowSec = take(parseRecoveryWindow(properties.recoveryWindow), DEFAULT_RECOVERY_WINDOW_SEC);
  }
  return errors;
}

/**
 * The source settings of `properties` parsed without reporting anything (invalid values take their
 * fallbacks, as in `applyChangedProperties`, which reports them at the next update): what the element
 * can preload from as soon as it is connected, before its first update parses them.
 */
export function sourceSettingsOf(
  properties: Pick<PlaybackProperties, 'src' | 'type' | 'engine' | 'preload' | 'autoplay' | 'crossorigin' | 'engineConfig' | 'engineSetup'>,
): Pick<PlaybackSettings, 'src' | 'type' | 'engine' | 'preload' | 'autoplay' | 'crossOrigin' | 'engineConfig' | 'engineSetup'> {
  const engine = parseEngine(properties.engine);
  const preload = parsePreload(properties.preload);
  return {
    src: properties.src,
    type: properties.type,
    engine: engine.ok ? engine.value : 'auto',
    preload: preload.ok ? preload.value : 'metadata',
    autoplay: properties.autoplay,
    crossOrigin: parseCrossOrigin(properties.crossorigin),
    engineConfig: properties.engineConfig,
    engineSetup: properties.engineSetup,
  };
}
