import { describe, expect, it, vi } from 'vitest';
import {
  deepMerge,
  embedderConfig,
  ignoredKeysError,
  startAfterSetup,
  withoutPaths,
  type EngineSetupContext,
} from '../../../src/engines/engine-config.js';
import { VodPlayerError } from '../../../src/errors.js';

const media = {} as HTMLVideoElement;
const context: EngineSetupContext = { engine: 'native', instance: null, media, src: 'https://cdn.test/a.m3u8' };

describe('deepMerge', () => {
  it('merges nested plain objects and lets the second win on conflicts', () => {
    const base = { streaming: { retry: { count: 3, delayMs: 500 }, buffer: 30 }, keep: true };
    expect(deepMerge(base, { streaming: { retry: { count: 9 } } })).toEqual({
      streaming: { retry: { count: 9, delayMs: 500 }, buffer: 30 },
      keep: true,
    });
  });

  it('replaces arrays, functions and class instances whole instead of merging into them', () => {
    const filter = (): void => undefined;
    class Loader {}
    const merged = deepMerge({ list: [1, 2, 3], fn: () => 1, loader: { a: 1 } as object }, { list: [9], fn: filter, loader: new Loader() });
    expect(merged.list).toEqual([9]);
    expect(merged.fn).toBe(filter);
    expect(merged.loader).toBeInstanceOf(Loader);
  });

  it('keeps the base value where the override says undefined, and modifies neither input', () => {
    const base = { a: { b: 1 } };
    const over = { a: { b: undefined, c: 2 } };
    expect(deepMerge(base, over)).toEqual({ a: { b: 1, c: 2 } });
    expect(base).toEqual({ a: { b: 1 } });
    expect(over).toEqual({ a: { b: undefined, c: 2 } });
  });
});

describe('withoutPaths', () => {
  it('removes the dotted paths that are set and names them', () => {
    const config = { abrController: class {}, streaming: { abr: { rules: { bolaRule: { active: true } } }, x: 1 } };
    const { config: result, removed } = withoutPaths(config, ['abrController', 'streaming.abr.rules.bolaRule.active', 'not.set']);
    expect(removed).toEqual(['abrController', 'streaming.abr.rules.bolaRule.active']);
    expect(result).toEqual({ streaming: { abr: { rules: { bolaRule: {} } }, x: 1 } });
    expect(config.streaming.abr.rules.bolaRule.active).toBe(true); // the input is untouched
  });

  it('returns the same object when no path is set', () => {
    const config = { a: 1 };
    expect(withoutPaths(config, ['b', 'a.c']).config).toBe(config);
  });
});

describe('embedderConfig', () => {
  it('drops the protected keys, keeps the rest and names what it dropped with the entry prefix', () => {
    const xhrSetup = (): void => undefined;
    const { config, ignored } = embedderConfig('hlsjs', { xhrSetup, abrController: class {}, maxBufferLength: 60 }, ['abrController']);
    expect(ignored).toEqual(['hlsjs.abrController']);
    expect(config).toEqual({ xhrSetup, maxBufferLength: 60 });
  });

  it('passes everything through when nothing is protected', () => {
    const entry = { abrFactory: () => ({}), streaming: { bufferingGoal: 40 } };
    expect(embedderConfig('shaka', entry, [])).toEqual({ config: entry, ignored: [] });
  });

  it('gives nothing for a missing or non-object entry', () => {
    expect(embedderConfig('dashjs', undefined, ['a'])).toEqual({ config: undefined, ignored: [] });
    expect(embedderConfig('dashjs', null, ['a'])).toEqual({ config: undefined, ignored: [] });
    expect(embedderConfig('dashjs', [1, 2] as unknown as object, ['a'])).toEqual({ config: undefined, ignored: [] });
  });
});

describe('ignoredKeysError', () => {
  it('is a non-fatal INVALID_ATTRIBUTE naming the keys and the engine', () => {
    const error = ignoredKeysError('shaka', ['shaka.abrFactory', 'shaka.streaming.observeQualityChanges']);
    expect(error.code).toBe('INVALID_ATTRIBUTE');
    expect(error.fatal).toBe(false);
    expect(error.detail).toEqual({ engine: 'shaka', attribute: 'engineConfig' });
    expect(error.message).toContain('shaka.abrFactory, shaka.streaming.observeQualityChanges are set by vod-player');
  });
});

describe('startAfterSetup', () => {
  const guards = (ended = false) => ({ ended: () => ended, fail: vi.fn<(error: VodPlayerError) => void>() });

  it('starts synchronously when there is no hook', () => {
    const start = vi.fn();
    startAfterSetup(undefined, context, start, guards());
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('waits for an async hook before starting, and hands it the engine context', async () => {
    const order: string[] = [];
    let release!: () => void;
    const hook = vi.fn(() => new Promise<void>((resolve) => (release = () => (order.push('hook done'), resolve()))));
    const start = vi.fn(() => order.push('start'));
    startAfterSetup(hook, context, start, guards());
    await Promise.resolve();
    expect(hook).toHaveBeenCalledWith(context);
    expect(start).not.toHaveBeenCalled();
    release();
    await vi.waitFor(() => expect(start).toHaveBeenCalled());
    expect(order).toEqual(['hook done', 'start']);
  });

  it('reports a throwing hook as a fatal ENGINE_ERROR and never starts', async () => {
    const start = vi.fn();
    const g = guards();
    startAfterSetup(() => {
      throw new Error('no license server');
    }, context, start, g);
    await vi.waitFor(() => expect(g.fail).toHaveBeenCalled());
    const error = g.fail.mock.calls[0]![0];
    expect(error.code).toBe('ENGINE_ERROR');
    expect(error.fatal).toBe(true);
    expect(error.message).toContain('no license server');
    expect(error.detail.attribute).toBe('engineSetup');
    expect(start).not.toHaveBeenCalled();
  });

  it('does not start an adapter that ended while the hook ran', async () => {
    let ended = false;
    const start = vi.fn();
    const hook = async (): Promise<void> => {
      ended = true;
    };
    const fail = vi.fn();
    startAfterSetup(hook, context, start, { ended: () => ended, fail });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(start).not.toHaveBeenCalled();
    expect(fail).not.toHaveBeenCalled();
  });
});
