import type { MediaPlayerClass, MediaPlayerSettingClass } from 'dashjs';
import type Hls from 'hls.js';
import type { HlsConfig } from 'hls.js';
import type shaka from 'shaka-player/dist/shaka-player.compiled.js';
import { VodPlayerError } from '../errors.js';
import type { EngineName } from './types.js';

/**
 * Engine configuration passthrough: the embedder's own engine settings (`player.engineConfig`) and
 * a setup hook (`player.engineSetup`). Pure: merging and protecting keys; the adapters apply it.
 */

/** Every property optional, all the way down (functions and arrays are taken whole). */
export type DeepPartial<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly unknown[]
    ? T
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> }
      : T;

/**
 * Settings for each engine, each in that engine's own shape, merged over vod-player's before the
 * engine loads (the embedder wins, except for the few keys each adapter keeps; see `embedderConfig`).
 */
export interface EngineConfig {
  /** hls.js `new Hls(config)`: e.g. `xhrSetup`, `fetchSetup`, `emeEnabled`, `drmSystems`, `maxBufferLength`. */
  hlsjs?: Partial<HlsConfig>;
  /** dash.js `player.updateSettings(settings)`: e.g. `{ streaming: { buffer: { bufferTimeAtTopQuality: 60 } } }`. */
  dashjs?: MediaPlayerSettingClass;
  /** shaka `player.configure(config)`: e.g. `{ drm: { servers: { 'com.widevine.alpha': url } } }`. */
  shaka?: DeepPartial<shaka.extern.PlayerConfiguration>;
}

/** What `engineSetup` is called with: the engine instance, configured, before it loads the source. */
export type EngineSetupContext =
  | { engine: 'hls.js'; instance: Hls; media: HTMLVideoElement; src: string }
  | { engine: 'dash.js'; instance: MediaPlayerClass; media: HTMLVideoElement; src: string }
  | { engine: 'shaka'; instance: shaka.Player; media: HTMLVideoElement; src: string }
  | { engine: 'native'; instance: null; media: HTMLVideoElement; src: string };

/**
 * Called once per source with the engine instance after vod-player and `engineConfig` configured it
 * and before it starts loading: the place for request filters (shaka
 * `getNetworkingEngine().registerRequestFilter`, dash.js `addRequestInterceptor`), DRM, or engine
 * events. Loading waits for a returned promise; a throw or rejection is a fatal `ENGINE_ERROR`.
 */
export type EngineSetupHook = (context: EngineSetupContext) => void | Promise<void>;

/**
 * The embedder's settings for one engine (its `engineConfig` entry, e.g. `engineConfig.hlsjs`) without
 * the keys vod-player keeps (`protectedPaths`, dotted, e.g. `abrController`), and the full names of
 * the keys it dropped (`hlsjs.abrController`) so that the adapter can report them. Each engine
 * folder lists its own protected paths (`<engine>/embedder-config.ts`); a load without vod-player's
 * ABR protects fewer.
 */
export function embedderConfig<T extends object>(
  entryName: keyof EngineConfig,
  entry: T | null | undefined,
  protectedPaths: readonly string[],
): { config: T | undefined; ignored: string[] } {
  if (!isPlainObject(entry)) return { config: undefined, ignored: [] };
  const { config, removed } = withoutPaths(entry, protectedPaths);
  return { config, ignored: removed.map((path) => `${entryName}.${path}`) };
}

/** The non-fatal error an adapter reports for embedder keys it had to ignore. */
export function ignoredKeysError(engine: EngineName, ignored: readonly string[]): VodPlayerError {
  const one = ignored.length === 1;
  return new VodPlayerError(
    'INVALID_ATTRIBUTE',
    `engineConfig ${ignored.join(', ')} ${one ? 'is' : 'are'} set by vod-player (its ABR plug-in or quality events need ${one ? 'it' : 'them'}); ignored. With abr="engine" the ABR keys are yours.`,
    { fatal: false, detail: { engine, attribute: 'engineConfig' } },
  );
}

/** True for `{}`-style objects (not arrays, class instances, functions or null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * `over` merged into `base`, recursively for plain objects; anything else in `over` (a value, an
 * array, a function, a class instance) replaces what `base` has. `undefined` in `over` leaves `base`'s
 * value. Neither input is modified.
 */
export function deepMerge<T extends object>(base: T, over: object | undefined): T {
  if (over === undefined) return base;
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const current = result[key];
    result[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return result as T;
}

/**
 * `config` without the `paths` it sets (dotted, e.g. `streaming.abr.rules.bolaRule.active`), and
 * which of them it set. A path's parent objects are copied, never modified.
 */
export function withoutPaths<T extends object>(config: T, paths: readonly string[]): { config: T; removed: string[] } {
  let result: Record<string, unknown> = config as Record<string, unknown>;
  const removed: string[] = [];
  for (const path of paths) {
    const next = removePath(result, path.split('.'));
    if (next !== result) {
      removed.push(path);
      result = next;
    }
  }
  return { config: result as T, removed };
}

/** `object` without `keys` (a path); the same object when the path is not set. */
function removePath(object: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const [key, ...rest] = keys;
  if (key === undefined || !Object.prototype.hasOwnProperty.call(object, key)) return object;
  if (rest.length === 0) {
    const { [key]: _removed, ...others } = object;
    return others;
  }
  const child = object[key];
  if (!isPlainObject(child)) return object;
  const nextChild = removePath(child, rest);
  return nextChild === child ? object : { ...object, [key]: nextChild };
}

/**
 * Runs the embedder's setup hook, then `start` unless the adapter ended meanwhile. Without a hook,
 * `start` runs at once (synchronously), so a load without one behaves exactly as before. A hook that
 * throws or rejects becomes a fatal ENGINE_ERROR through `fail`.
 */
export function startAfterSetup(
  hook: EngineSetupHook | undefined,
  context: EngineSetupContext,
  start: () => void,
  guards: { ended: () => boolean; fail: (error: VodPlayerError) => void },
): void {
  if (hook === undefined) {
    start();
    return;
  }
  void (async () => {
    try {
      await hook(context);
    } catch (cause) {
      if (guards.ended()) return;
      const reason = cause instanceof Error ? cause.message : String(cause);
      guards.fail(
        new VodPlayerError('ENGINE_ERROR', `engineSetup threw for ${context.engine}: ${reason}`, {
          fatal: true,
          cause,
          detail: { engine: context.engine, attribute: 'engineSetup' },
        }),
      );
      return;
    }
    if (!guards.ended()) start();
  })();
}
