import { VodPlayerError } from '../errors.js';
import type { EngineAdapterFactory, EngineName } from './types.js';

interface AdapterModule {
  readonly createAdapter: EngineAdapterFactory;
}

/**
 * The explicit registry: one lazy import per engine, so the bundler puts each engine (and its library)
 * in its own chunk and a page playing HLS never downloads dash.js or shaka. Importing this file loads
 * no engine and registers nothing.
 */
const ADAPTER_MODULES: Readonly<Record<EngineName, () => Promise<AdapterModule>>> = {
  'hls.js': () => import('./hlsjs/adapter.js'),
  'dash.js': () => import('./dashjs/adapter.js'),
  shaka: () => import('./shaka/adapter.js'),
  native: () => import('./native/adapter.js'),
};

/** Downloads (once; the browser caches the module) the adapter of `name` and returns its factory. */
export async function loadEngine(name: EngineName): Promise<EngineAdapterFactory> {
  const load = ADAPTER_MODULES[name];
  if (load === undefined) {
    throw new VodPlayerError('ENGINE_LOAD_FAILED', `Unknown engine "${String(name)}".`, {
      fatal: true,
      detail: { engine: name },
    });
  }
  try {
    const module = await load();
    return module.createAdapter;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new VodPlayerError('ENGINE_LOAD_FAILED', `Could not load the ${name} engine: ${reason}`, {
      fatal: true,
      cause,
      detail: { engine: name },
    });
  }
}
