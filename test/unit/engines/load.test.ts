import { describe, expect, it, vi } from 'vitest';
import { detectCapabilities } from '../../../src/engines/capabilities.js';
import { loadEngine } from '../../../src/engines/load.js';
import type { EngineName } from '../../../src/engines/types.js';

// A chunk that fails to load, as a network error or a CSP block would make it.
vi.mock('../../../src/engines/dashjs/adapter.js', () => {
  throw new Error('Failed to fetch dynamically imported module');
});

describe('loadEngine', () => {
  it('returns the adapter factory of an engine', async () => {
    // hls.js (unlike dash.js and shaka) can be imported in Node.
    await expect(loadEngine('hls.js')).resolves.toBeTypeOf('function');
    await expect(loadEngine('native')).resolves.toBeTypeOf('function');
  });

  it('turns a failed import into ENGINE_LOAD_FAILED with the cause', async () => {
    const error = await loadEngine('dash.js').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'VodPlayerError', code: 'ENGINE_LOAD_FAILED', fatal: true, detail: { engine: 'dash.js' } });
    expect((error as { cause: unknown }).cause).toBeInstanceOf(Error);
  });

  it('rejects an engine it does not know', async () => {
    await expect(loadEngine('flash' as EngineName)).rejects.toMatchObject({ code: 'ENGINE_LOAD_FAILED' });
  });
});

describe('detectCapabilities', () => {
  it('reports nothing where there is no DOM and no MediaSource', () => {
    expect(detectCapabilities()).toEqual({ mse: false, nativeHls: false });
  });
});
