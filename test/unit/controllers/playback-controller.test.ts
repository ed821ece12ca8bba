import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_PLAYBACK_SETTINGS } from '../../../src/controllers/playback-settings.js';
import type { EngineName } from '../../../src/engines/types.js';
import type { VodQualityChangeDetail } from '../../../src/events.js';
import type { RebufferTransition } from '../../../src/media/rebuffer-detector.js';
import { fakeAdapterFactory, ladder, type FakeAdapterRecord } from './fakes/fake-engine.js';
import { DASH_SRC, HLS_SRC, setup, tick } from './fakes/playback-setup.js';

describe('PlaybackController', () => {
  describe('loading a source', () => {
    it('loads the engine chosen for the source and reports it, then the metadata once both engine and media know it', async () => {
      const { host, media, records, loadEngine, controller } = setup();
      const loading = controller.reload();
      await tick();
      expect(loadEngine).toHaveBeenCalledWith('hls.js');
      expect(host.attributes.get('active-engine')).toBe('hls.js');
      expect(host.detailsOf('vod-enginechange')).toEqual([{ engine: 'hls.js', src: HLS_SRC }]);
      media.metadata(60); // the media knows its duration before the engine finished loading
      expect(host.eventTypes).not.toContain('vod-loadedmetadata');
      records[0]!.engine.finishLoading(ladder());
      await loading;
      expect(host.detailsOf('vod-loadedmetadata')).toEqual([{ engine: 'hls.js', src: HLS_SRC, qualities: ladder(), durationSec: 60 }]);
      media.fire('loadedmetadata');
      expect(host.detailsOf('vod-loadedmetadata')).toHaveLength(1);
    });

    it('hands the engine the start time, crossorigin, CMCD, ABR session and the embedder config', async () => {
      const setupHook = vi.fn();
      const engineConfig = { hlsjs: { maxBufferLength: 12 } };
      const { records, sessions, loadThrough } = setup({ settings: { startTimeSec: 12, crossOrigin: 'use-credentials', engineConfig, engineSetup: setupHook } });
      const record = await loadThrough();
      expect(record.loadOptions).toEqual([
        { startTimeSec: 12, crossOrigin: 'use-credentials', cmcd: { sessionId: 'sid-1', mode: 'query' }, abr: sessions[0], engineConfig, setup: setupHook },
      ]);
      expect(records).toHaveLength(1);
    });

    it('starts at the resume position unless start-time is set, and asks the resume store to restore only then', async () => {
      const resumed = setup({ resumeSec: 42 });
      const record = await resumed.loadThrough();
      expect(record.loadOptions[0]!.startTimeSec).toBe(42);
      expect(resumed.resume.begin).toHaveBeenCalledWith(HLS_SRC, { restore: true });

      const explicit = setup({ resumeSec: 42, settings: { startTimeSec: 5 } });
      const explicitRecord = await explicit.loadThrough();
      expect(explicitRecord.loadOptions[0]!.startTimeSec).toBe(5);
      expect(explicit.resume.begin).toHaveBeenCalledWith(HLS_SRC, { restore: false });
    });

    it('fires vod-ready once per source with the time from load to the first playable frame', async () => {
      const { host, media, clock, loadThrough } = setup();
      await loadThrough();
      clock.nowMs = 1_750;
      media.fire('canplay');
      media.fire('canplay');
      expect(host.detailsOf('vod-ready')).toEqual([{ engine: 'hls.js', loadToReadyMs: 750 }]);
      await loadThrough();
      media.fire('canplay');
      expect(host.detailsOf('vod-ready')).toEqual([
        { engine: 'hls.js', loadToReadyMs: 750 },
        { engine: 'hls.js', loadToReadyMs: 0 },
      ]);
    });

    it('defers loading with preload="none" until play() and then plays', async () => {
      const { records, media, loadEngine, controller } = setup({ settings: { preload: 'none' } });
      await controller.reload();
      expect(loadEngine).not.toHaveBeenCalled();
      const played = controller.play();
      await played;
      await tick();
      expect(loadEngine).toHaveBeenCalledTimes(1);
      records[0]!.engine.finishLoading(ladder());
      media.metadata(60);
      await controller.settled;
      expect(media.playCalls).toBe(1);
    });

    it('autoplays after loading, as a play intent, unless the resume prompt holds it back', async () => {
      const autoplay = setup({ settings: { autoplay: true } });
      await autoplay.loadThrough();
      expect(autoplay.media.playCalls).toBe(1);
      expect(autoplay.onPlayIntent).toHaveBeenCalledTimes(1);
      const held = setup({ settings: { autoplay: true }, holdsAutoplay: true });
      await held.loadThrough();
      expect(held.media.playCalls).toBe(0);
      expect(held.onPlayIntent).not.toHaveBeenCalled();
    });

    it('loads nothing and reports nothing for an empty src', async () => {
      const { host, loadEngine, controller } = setup({ settings: { src: '' } });
      await controller.reload();
      expect(loadEngine).not.toHaveBeenCalled();
      expect(host.events).toHaveLength(0);
    });
  });

  describe('a new source while one is loading', () => {
    it('destroys the old engine before the new one is created, and ignores the old one from then on', async () => {
      const order: string[] = [];
      const { host, media, records, settings, controller } = setup({
        destroy: async (record) => {
          await tick(); // an engine that takes its time to let go of the media
          order.push(`destroyed ${record.engine.loads[0]}`);
        },
        create: (record) => order.push(`created ${record.adapter.name}`),
      });
      const first = controller.reload();
      await tick();
      const old = records[0]!;
      settings.src = DASH_SRC;
      const second = controller.reload();
      while (records.length < 2) await tick();
      expect(order).toEqual(['created hls.js', `destroyed ${HLS_SRC}`, 'created dash.js']);
      expect(old.engine.destroyed).toBe(true);

      old.engine.finishLoading(ladder()); // the stale load settles late
      await first;
      records[1]!.engine.finishLoading(ladder());
      media.metadata(30);
      await second;
      expect(host.detailsOf('vod-enginechange')).toEqual([
        { engine: 'hls.js', src: HLS_SRC },
        { engine: 'dash.js', src: DASH_SRC },
      ]);
      expect(host.detailsOf<{ engine: string }>('vod-loadedmetadata').map((detail) => detail.engine)).toEqual(['dash.js']);
      expect(host.attributes.get('active-engine')).toBe('dash.js');
    });

    it('ignores every event of a replaced engine: ladder, rendered quality and errors', async () => {
      const { host, settings, controller, loadThrough } = setup();
      const old = await loadThrough();
      settings.src = DASH_SRC;
      const current = await loadThrough();
      const before = host.events.length;
      // A late callback of the old engine still reaches its sink: the sink must be deaf.
      old.engine.emitLate('manifestParsed', []);
      old.engine.emitLate('levelSwitched', 1);
      old.engine.emitLate('error', { fatal: true, message: 'late failure' });
      expect(host.events.length).toBe(before);
      expect(controller.error).toBeNull();
      expect(controller.adapter).toBe(current.adapter);
      expect(controller.qualities).toEqual(ladder());
    });

    it('does not create an engine when a newer source arrives while the engine chunk downloads', async () => {
      let release: (() => void) | null = null;
      const records: FakeAdapterRecord[] = [];
      const { settings, controller } = setup({
        loadEngine: ((name: EngineName) =>
          new Promise((resolve) => {
            release = () => resolve(fakeAdapterFactory(name, records) as never);
          })) as (name: EngineName) => Promise<never>,
      });
      const first = controller.reload();
      await tick();
      const releaseFirst = release!;
      settings.src = '';
      await controller.reload();
      releaseFirst();
      await first;
      expect(records).toHaveLength(0);
      expect(controller.adapter).toBeNull();
    });

    it('goes on with the next source when destroying the old engine fails', async () => {
      const { records, settings, controller, loadThrough } = setup({
        destroy: async () => {
          throw new Error('destroy failed');
        },
      });
      await loadThrough();
      settings.src = DASH_SRC;
      await loadThrough();
      expect(records.map((record) => record.adapter.name)).toEqual(['hls.js', 'dash.js']);
      expect(controller.adapter?.name).toBe('dash.js');
    });
  });

  describe('errors', () => {
    it('tears the engine down on a fatal engine error, keeps the error and ignores the engine after it', async () => {
      const { host, onTeardown, monitors, controller, errors, loadThrough } = setup({ settings: { recoveryWindowSec: 0 } });
      const record = await loadThrough();
      const sink = record.engine;
      sink.emit('error', { fatal: true, message: 'segment 404' });
      await controller.settled;
      expect(errors().map((error) => [error.code, error.fatal, error.detail.fatalReason])).toEqual([['SEGMENT_LOAD_FAILED', true, 'recovery-off']]);
      expect(controller.error?.message).toBe('segment 404');
      expect(record.engine.destroyed).toBe(true);
      expect(monitors[0]!.disposed).toBe(true);
      expect(onTeardown).toHaveBeenCalled();
      expect(host.attributes.has('active-engine')).toBe(false);
      expect(controller.qualities).toEqual([]);
    });

    it('reports a non-fatal engine error and keeps playing', async () => {
      const { controller, errors, loadThrough } = setup();
      const record = await loadThrough();
      record.engine.emit('error', { fatal: false, message: 'one retry' });
      expect(errors().map((error) => [error.code, error.fatal])).toEqual([['ENGINE_ERROR', false]]);
      expect(controller.adapter).toBe(record.adapter);
      expect(controller.error).toBeNull();
    });

    it('turns a rejected engine load into a fatal ENGINE_ERROR naming the engine', async () => {
      const { records, controller, errors } = setup();
      const loading = controller.reload();
      await tick();
      records[0]!.engine.failLoading(new Error('manifest unreachable'));
      await loading;
      await controller.settled;
      expect(errors()).toHaveLength(1);
      expect(errors()[0]).toMatchObject({ code: 'ENGINE_ERROR', fatal: true, message: 'manifest unreachable', detail: { engine: 'hls.js', fatalReason: 'engine-failed' } });
      expect(records[0]!.engine.destroyed).toBe(true);
    });

    it('reports an engine chunk that fails to download as ENGINE_LOAD_FAILED', async () => {
      const { controller, errors } = setup({
        loadEngine: async () => {
          throw new Error('chunk 404');
        },
      });
      await controller.reload();
      expect(errors()[0]).toMatchObject({ code: 'ENGINE_LOAD_FAILED', fatal: true, detail: { engine: 'hls.js' } });
    });

    it('reports a source no engine can play as fatal, without loading any engine', async () => {
      const { loadEngine, controller, errors } = setup({ settings: { src: 'https://cdn.example/movie.avi' } });
      await controller.reload();
      expect(loadEngine).not.toHaveBeenCalled();
      expect(errors().map((error) => [error.code, error.fatal])).toEqual([['SOURCE_UNSUPPORTED', true]]);
      expect(controller.error?.code).toBe('SOURCE_UNSUPPORTED');
    });

    it('clears the last fatal error when a new source loads', async () => {
      const { settings, controller, loadThrough } = setup({ settings: { src: 'https://cdn.example/movie.avi' } });
      await controller.reload();
      expect(controller.error).not.toBeNull();
      settings.src = HLS_SRC;
      await loadThrough();
      expect(controller.error).toBeNull();
    });

    it('reports an invalid abrConfig once as a non-fatal INVALID_ATTRIBUTE and plays with the default ABR', async () => {
      const { sessions, controller, errors, loadThrough } = setup({ settings: { abrConfig: { buffer: { reservoirSec: -4 } } } });
      const record = await loadThrough();
      expect(errors()).toHaveLength(1);
      expect(errors()[0]).toMatchObject({ code: 'INVALID_ATTRIBUTE', fatal: false, detail: { attribute: 'abrConfig' } });
      expect(errors()[0]!.message).toContain('buffer.reservoirSec');
      expect(sessions).toHaveLength(1);
      expect(record.loadOptions[0]!.abr).toBe(sessions[0]);
      expect(controller.abrSession).toBe(sessions[0]);
    });

    it('reports a rejected play() as a non-fatal PLAY_REJECTED and rethrows it, but not an aborted one', async () => {
      const { media, controller, errors, loadThrough } = setup();
      await loadThrough();
      media.playResult = () => Promise.reject(new Error('NotAllowedError'));
      await expect(controller.play()).rejects.toMatchObject({ code: 'PLAY_REJECTED', fatal: false });
      media.playResult = () => Promise.reject(Object.assign(new Error('interrupted'), { name: 'AbortError' }));
      await expect(controller.play()).resolves.toBeUndefined();
      expect(errors().map((error) => error.code)).toEqual(['PLAY_REJECTED']);
    });
  });

  describe('ABR', () => {
    it('plugs vod-player ABR into MSE engines, not with abr="engine"', async () => {
      const vod = setup();
      await vod.loadThrough();
      expect(vod.controller.abrSession).toBe(vod.sessions[0]);
      const engine = setup({ settings: { abrMode: 'engine' } });
      const record = await engine.loadThrough();
      expect(engine.sessions).toHaveLength(0);
      expect(record.loadOptions[0]!.abr).toBeUndefined();
    });

    it('gives the ABR the embedder caps as parsed settings, and the player height when capped to size', async () => {
      const { host, sessionOptions, settings, loadThrough } = setup({ settings: { abrMinRung: 1, abrMaxRung: 3 } });
      await loadThrough();
      const caps = (): unknown => sessionOptions[0]!.caps!();
      expect(caps()).toEqual({ minRung: 1, maxRung: 3 });
      settings.abrCapToSize = true;
      host.clientHeight = 540;
      expect(caps()).toEqual({ minRung: 1, maxRung: 3, playerHeightPx: 540, devicePixelRatio: 2 });
    });

    it('closes the ABR session with its source', async () => {
      const { sessions, settings, loadThrough } = setup();
      await loadThrough();
      const close = vi.spyOn(sessions[0]!, 'close');
      settings.src = DASH_SRC;
      await loadThrough();
      expect(close).toHaveBeenCalledTimes(1);
    });
  });

  describe('quality', () => {
    it('reports each rendered switch once, with its reason: initial, then vod-abr', async () => {
      const { host, controller, loadThrough } = setup();
      const record = await loadThrough();
      record.engine.emit('levelSwitched', 0);
      record.engine.emit('levelSwitched', 0);
      record.engine.emit('levelSwitched', 1);
      const changes = host.detailsOf<VodQualityChangeDetail>('vod-qualitychange');
      expect(changes.map((change) => [change.from?.index ?? null, change.to.index, change.reason, change.auto])).toEqual([
        [null, 0, 'initial', true],
        [0, 1, 'vod-abr', true],
      ]);
      expect(controller.quality?.index).toBe(1);
    });

    it('names the ABR decision whose request brought the rendered segment, and none for a segment no decision chose', async () => {
      const { host, sessions, loadThrough } = setup();
      const record = await loadThrough();
      const rungs = ladder().map(({ index, width, height, bitrateBps }) => ({ index, width, height, bitrateBps }));
      const decision = sessions[0]!.choose({ nowMs: 0, bufferSec: 0, rungs, nextSegment: { index: 0, durationSec: 2 }, lastRung: null });
      record.engine.emit('levelSwitched', { level: 0, decisionId: decision.id });
      record.engine.emit('levelSwitched', { level: 1, decisionId: null });
      const changes = host.detailsOf<VodQualityChangeDetail>('vod-qualitychange');
      expect(changes[0]!.abr).toMatchObject({ id: decision.id, rung: decision.rung, rule: decision.rule });
      expect(changes[1]!.abr).toBeNull();
    });

    it('says engine-abr when the engine chooses, and manual with no ABR decision when pinned', async () => {
      const engine = setup({ settings: { abrMode: 'engine' } });
      const engineRecord = await engine.loadThrough();
      engineRecord.engine.emit('levelSwitched', 0);
      engineRecord.engine.emit('levelSwitched', 1);
      expect(engine.host.detailsOf<VodQualityChangeDetail>('vod-qualitychange')[1]).toMatchObject({ reason: 'engine-abr', abr: null });

      const pinned = setup();
      const record = await pinned.loadThrough();
      record.engine.emit('levelSwitched', 0);
      pinned.controller.setQuality(1);
      expect(record.engine.pinnedLevel).toBe(1);
      expect(pinned.controller.autoQuality).toBe(false);
      record.engine.emit('levelSwitched', 1);
      expect(pinned.host.detailsOf<VodQualityChangeDetail>('vod-qualitychange')[1]).toMatchObject({ reason: 'manual', auto: false, abr: null });
    });

    it('keeps a quality chosen before the ladder is known and applies it once the engine loaded', async () => {
      const { records, controller, loadThrough } = setup();
      controller.setQuality(1);
      expect(controller.autoQuality).toBe(false);
      await loadThrough();
      expect(records[0]!.engine.pinnedLevel).toBe(1);
    });

    it('rejects a quality index outside the ladder with a non-fatal INVALID_ATTRIBUTE and changes nothing', async () => {
      const { records, controller, errors, loadThrough } = setup();
      await loadThrough();
      controller.setQuality(5);
      controller.setQuality(-1);
      controller.setQuality(0.5);
      expect(errors().map((error) => [error.code, error.fatal, error.detail.attribute])).toEqual([
        ['INVALID_ATTRIBUTE', false, 'quality'],
        ['INVALID_ATTRIBUTE', false, 'quality'],
        ['INVALID_ATTRIBUTE', false, 'quality'],
      ]);
      expect(records[0]!.engine.pinnedLevel).toBeNull();
    });
  });

  describe('media events', () => {
    it('re-dispatches the standard media events on the element and reflects paused and ended', async () => {
      const { host, media } = setup();
      const seen: string[] = [];
      host.addEventListener('timeupdate', () => seen.push('timeupdate'));
      media.paused = false;
      media.fire('play');
      media.fire('timeupdate');
      expect(seen).toEqual(['timeupdate']);
      expect(host.attributes.has('paused')).toBe(false);
      media.paused = true;
      media.ended = true;
      media.fire('ended');
      expect(host.attributes.has('paused')).toBe(true);
      expect(host.attributes.has('ended')).toBe(true);
    });

    it('turns stalls into vod-rebufferstart/end and the rebuffering attribute', async () => {
      const { host, media, transitions, loadThrough } = setup();
      await loadThrough();
      media.currentTime = 8;
      transitions[0]!({ type: 'start', cause: 'waiting', startedAtMs: 5_000 } as RebufferTransition);
      expect(host.attributes.has('rebuffering')).toBe(true);
      transitions[0]!({ type: 'end', cause: 'waiting', startedAtMs: 5_000, endedAtMs: 5_600 } as RebufferTransition);
      expect(host.attributes.has('rebuffering')).toBe(false);
      expect(host.detailsOf('vod-rebufferstart')).toEqual([{ positionSec: 8, cause: 'waiting', startedAtMs: 5_000 }]);
      expect(host.detailsOf('vod-rebufferend')).toEqual([{ positionSec: 8, cause: 'waiting', durationMs: 600 }]);
    });
  });

  describe('stall read-out', () => {
    it("reads the current source's monitor, and zeros without a source", async () => {
      const { monitors, settings, controller, loadThrough } = setup();
      expect(controller.rebufferStats).toEqual({ count: 0, totalMs: 0, stalled: false, openSinceMs: null });
      await loadThrough();
      Object.assign(monitors[0]!, { count: 2, totalMs: 900, stalled: true, openSinceMs: 4_000 });
      expect(controller.rebufferStats).toEqual({ count: 2, totalMs: 900, stalled: true, openSinceMs: 4_000 });
      settings.src = '';
      await controller.reload();
      expect(controller.rebufferStats).toEqual({ count: 0, totalMs: 0, stalled: false, openSinceMs: null });
    });
  });

  describe('preloading the source', () => {
    /** A request that never answers until aborted. */
    const stalled = (_url: string, init: RequestInit): Promise<Response> =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));

    it('starts the engine import and the manifest fetch before the first load, which takes both over', async () => {
      const { controller, settings, loadEngine, fetch, loadThrough } = setup({ cmcd: undefined });
      controller.preload(settings);
      expect(loadEngine).toHaveBeenCalledWith('hls.js');
      expect(fetch).toHaveBeenCalledTimes(1);
      expect(fetch.mock.calls[0]![0]).toBe(HLS_SRC);
      controller.preload(settings); // the same source again: already on its way
      const record = await loadThrough();
      expect(loadEngine).toHaveBeenCalledTimes(1);
      expect(fetch).toHaveBeenCalledTimes(1);
      const manifest = record.loadOptions[0]!.manifest!;
      expect(manifest.url).toBe(HLS_SRC);
      await expect(manifest.claim(HLS_SRC)).resolves.toMatchObject({ url: HLS_SRC, text: '#EXTM3U\n' });
    });

    it('fetches the manifest in parallel with the engine chunk when nothing was preloaded', async () => {
      const { loadEngine, fetch, loadThrough } = setup({ cmcd: undefined });
      const record = await loadThrough();
      expect(loadEngine).toHaveBeenCalledTimes(1);
      expect(fetch).toHaveBeenCalledTimes(1);
      expect(record.loadOptions[0]!.manifest?.url).toBe(HLS_SRC);
    });

    it('never breaks playback when the prefetch fails: the engine is handed a prefetch that answers null (it fetches itself), and nothing is reported', async () => {
      const { controller, settings, host, errors, loadThrough } = setup({ cmcd: undefined, fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
      controller.preload(settings);
      const record = await loadThrough();
      await expect(record.loadOptions[0]!.manifest!.claim(HLS_SRC)).resolves.toBeNull();
      expect(errors()).toEqual([]);
      expect(host.eventTypes).toContain('vod-loadedmetadata');
      expect(controller.error).toBeNull();
    });

    it('reports a failed engine import of a preload as ENGINE_LOAD_FAILED, as a load would', async () => {
      const { controller, settings, errors } = setup({
        cmcd: undefined,
        loadEngine: () => Promise.reject(new Error('Failed to fetch dynamically imported module')),
      });
      controller.preload(settings);
      await controller.reload();
      expect(errors().map((error) => [error.code, error.fatal])).toEqual([['ENGINE_LOAD_FAILED', true]]);
    });

    it('does not prefetch the manifest when the engine request would differ from a plain GET (CMCD, engineSetup)', async () => {
      const withCmcd = setup();
      withCmcd.controller.preload(withCmcd.settings);
      const cmcdRecord = await withCmcd.loadThrough();
      expect(withCmcd.loadEngine).toHaveBeenCalledTimes(1);
      expect(withCmcd.fetch).not.toHaveBeenCalled();
      expect(cmcdRecord.loadOptions[0]!.manifest).toBeUndefined();

      const withSetup = setup({ cmcd: undefined, settings: { engineSetup: vi.fn() } });
      const setupRecord = await withSetup.loadThrough();
      expect(withSetup.fetch).not.toHaveBeenCalled();
      expect(setupRecord.loadOptions[0]!.manifest).toBeUndefined();
    });

    it('drops the prefetch instead of handing it over when CMCD turned on before the engine loaded', async () => {
      const { controller, settings, fetch, loadThrough } = setup({ cmcdPlanned: false, fetch: stalled });
      controller.preload(settings);
      const record = await loadThrough();
      expect(record.loadOptions[0]!.manifest).toBeUndefined();
      expect(fetch.mock.calls[0]![1].signal!.aborted).toBe(true);
    });

    it('drops the unused prefetch of a source replaced before it loaded, and on disconnect', () => {
      const { host, controller, settings, fetch } = setup({ cmcd: undefined, fetch: stalled });
      controller.preload(settings);
      settings.src = DASH_SRC;
      controller.preload(settings);
      expect(fetch.mock.calls.map(([url]) => url)).toEqual([HLS_SRC, DASH_SRC]);
      expect(fetch.mock.calls[0]![1].signal!.aborted).toBe(true);
      host.disconnect();
      expect(fetch.mock.calls[1]![1].signal!.aborted).toBe(true);
    });

    it('preloads nothing for preload="none" without autoplay, nor for an empty or unplayable source (the load reports that)', () => {
      for (const settings of [{ preload: 'none' as const }, { src: '' }, { src: 'https://cdn.example/movie.avi' }]) {
        const { controller, loadEngine, fetch, host } = setup({ cmcd: undefined, settings });
        controller.preload({ ...DEFAULT_PLAYBACK_SETTINGS, src: HLS_SRC, ...settings });
        expect(loadEngine).not.toHaveBeenCalled();
        expect(fetch).not.toHaveBeenCalled();
        expect(host.events).toEqual([]);
      }
      const autoplay = setup({ cmcd: undefined, settings: { preload: 'none', autoplay: true } });
      autoplay.controller.preload(autoplay.settings);
      expect(autoplay.loadEngine).toHaveBeenCalledTimes(1);
    });
  });

  describe('teardown', () => {
    it('creates the next engine only once the one dropped by a fatal error or a disconnect is destroyed', async () => {
      const order: string[] = [];
      const context = setup({
        settings: { recoveryWindowSec: 0 },
        destroy: async (record) => {
          await tick();
          await tick();
          order.push(`destroyed ${record.engine.loads[0]}`);
        },
        create: (record) => order.push(`created ${record.loadOptions.length}`),
      });
      const { records, settings, controller, host } = context;
      await context.loadThrough();
      records[0]!.engine.emit('error', { fatal: true, message: 'fatal' }); // teardown starts, not awaited by anyone
      settings.src = DASH_SRC;
      const next = controller.reload();
      while (records.length < 2) await tick();
      host.disconnect(); // and once more: a disconnect, then a reconnect at once
      host.connect();
      while (records.length < 3) await tick();
      for (const record of records) record.engine.finishLoading(ladder());
      await next;
      await controller.settled;
      expect(order).toEqual(['created 0', `destroyed ${HLS_SRC}`, 'created 0', `destroyed ${DASH_SRC}`, 'created 0']);
    });


    it('destroys engines one at a time, in order, however fast the source changes', async () => {
      let inFlight = 0;
      let maxInFlight = 0;
      const destroyed: string[] = [];
      const { records, settings, controller } = setup({
        destroy: async (record) => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await tick();
          await tick();
          destroyed.push(record.engine.loads[0] ?? '');
          inFlight--;
        },
      });
      const sources = Array.from({ length: 20 }, (_, i) => `https://cdn.example/${i}/master.m3u8`);
      const loads: Promise<void>[] = [];
      for (const src of sources) {
        settings.src = src;
        loads.push(controller.reload());
        await tick();
      }
      while (records.at(-1)?.engine.loads[0] !== sources.at(-1)) await tick();
      for (const record of records) record.engine.finishLoading(ladder()); // stale loads settle late
      await Promise.all(loads);
      await controller.settled;
      expect(maxInFlight).toBe(1);
      expect(controller.adapter).toBe(records.at(-1)!.adapter);
      expect(destroyed).toEqual(records.slice(0, -1).map((record) => record.engine.loads[0]));
    });
  });

  describe('connection', () => {
    it('tears down on disconnect and loads the source again on reconnect', async () => {
      const { host, records, loadEngine, controller, loadThrough } = setup();
      await loadThrough();
      host.disconnect();
      await controller.settled;
      expect(records[0]!.engine.destroyed).toBe(true);
      expect(controller.adapter).toBeNull();
      host.connect();
      await tick();
      expect(loadEngine).toHaveBeenCalledTimes(2);
      expect(records).toHaveLength(2);
    });
  });
});
