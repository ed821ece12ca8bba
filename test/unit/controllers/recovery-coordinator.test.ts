import { describe, expect, it, vi } from 'vitest';
import { ladder } from './fakes/fake-engine.js';
import { DASH_SRC, HLS_SRC, setup, tick, type SetupOptions } from './fakes/playback-setup.js';

// Recovery as the element drives it: the playback controller with a fake engine, its coordinator
// (`src/controllers/recovery-coordinator.ts`) and recovery timers moved by hand.
describe('RecoveryCoordinator', () => {
  /** A loaded source playing at `positionSec`, as `timeupdate` reports it. */
  async function playingAt(positionSec: number, options: SetupOptions = {}) {
    const context = setup(options);
    const record = await context.loadThrough();
    context.media.paused = false;
    context.media.currentTime = positionSec;
    context.media.fire('timeupdate');
    return { ...context, record };
  }
  /** Lets the controller's recovery reload create its engine, then finishes its load. */
  async function finishReload(context: Awaited<ReturnType<typeof playingAt>>, count: number) {
    while (context.records.length < count) await new Promise((resolve) => setTimeout(resolve, 0));
    context.records.at(-1)!.engine.finishLoading(ladder());
    await context.controller.settled;
    await tick();
  }

  it('rides out a network loss: recovering, a probe with backoff, then a reload at the last position, with no fatal error', async () => {
    const context = await playingAt(42);
    const { host, records, recovery, controller, errors, media } = context;
    recovery.probeResults = [{ reachable: false, retryAfterSec: null }, { reachable: true, retryAfterSec: null }];
    records[0]!.engine.emit('error', { fatal: true, message: 'frag load error', code: 'SEGMENT_LOAD_FAILED' });
    await tick();
    expect(errors().map((e) => [e.code, e.fatal, e.detail.recovery])).toEqual([['SEGMENT_LOAD_FAILED', false, 'wait-network']]);
    expect(controller.recovering).toBe(true);
    expect(host.attributes.has('recovering')).toBe(true);
    expect(host.detailsOf('vod-recovering')).toMatchObject([{ action: 'wait-network', positionSec: 42, attempt: 1, windowLeftMs: 300_000 }]);
    expect(records[0]!.engine.destroyed).toBe(true);

    await recovery.advance(1_000); // first probe fails
    expect(records).toHaveLength(1);
    await recovery.advance(2_000); // second succeeds
    await finishReload(context, 2);
    expect(records[1]!.loadOptions[0]!.startTimeSec).toBe(42);
    expect(recovery.probes.map((probe) => probe.url)).toEqual([HLS_SRC, HLS_SRC]);
    expect(media.playCalls).toBeGreaterThan(0); // it was playing, so it plays again
    media.fire('playing');
    expect(controller.recovering).toBe(false);
    expect(host.attributes.has('recovering')).toBe(false);
    expect(host.detailsOf('vod-recovered')).toMatchObject([{ attempts: 1 }]);
    expect(controller.error).toBeNull();
  });

  it('is fatal (network-lost) once the recovery window closes', async () => {
    const { records, recovery, controller, errors, host } = await playingAt(10, { settings: { recoveryWindowSec: 30 } });
    recovery.probeResults = [{ reachable: false, retryAfterSec: null }];
    records[0]!.engine.emit('error', { fatal: true, message: 'offline' });
    await recovery.advance(31_000);
    await controller.settled;
    expect(errors().map((e) => [e.fatal, e.detail.fatalReason])).toEqual([[false, undefined], [true, 'network-lost']]);
    expect(controller.error?.detail.fatalReason).toBe('network-lost');
    expect(controller.recovering).toBe(false);
    expect(host.attributes.has('recovering')).toBe(false);
    expect(records).toHaveLength(1);
  });

  it('excludes a rendition whose segment is gone, from ABR and the read-out, and reloads without it', async () => {
    const context = await playingAt(20);
    const { records, controller, sessionOptions, errors, clock } = context;
    records[0]!.engine.emit('error', { fatal: true, message: '404', code: 'SEGMENT_LOAD_FAILED', httpStatus: 404, qualityIndex: 1 });
    await finishReload(context, 2);
    expect(errors()[0]).toMatchObject({ fatal: false, detail: { recovery: 'exclude-rendition', qualityIndex: 1 } });
    expect([...controller.excludedQualities.keys()]).toEqual([1]);
    expect(sessionOptions.at(-1)!.excluded!().get(1)).toBe('720p excluded (HTTP 404)');
    expect(records[1]!.loadOptions[0]!.startTimeSec).toBe(20);
    clock.nowMs += 60_000; // the cool-down ends
    expect(controller.excludedQualities.size).toBe(0);
  });

  it('excludes a rendition on a non-fatal 404 the engine survived, without reloading', async () => {
    const { records, controller, errors } = await playingAt(5);
    records[0]!.engine.emit('error', { fatal: false, message: '404', code: 'SEGMENT_LOAD_FAILED', httpStatus: 404, qualityIndex: 1 });
    expect(errors()[0]).toMatchObject({ fatal: false, detail: { recovery: 'exclude-rendition' } });
    expect([...controller.excludedQualities.keys()]).toEqual([1]);
    expect(records[0]!.engine.destroyed).toBe(false);
  });

  it('is fatal (segment-unavailable) when the last rendition loses a segment', async () => {
    const { records, controller } = await playingAt(5);
    records[0]!.engine.emit('error', { fatal: false, message: '404', code: 'SEGMENT_LOAD_FAILED', httpStatus: 404, qualityIndex: 1 });
    records[0]!.engine.emit('error', { fatal: true, message: '404', code: 'SEGMENT_LOAD_FAILED', httpStatus: 404, qualityIndex: 0 });
    await controller.settled;
    expect(controller.error).toMatchObject({ fatal: true, detail: { fatalReason: 'segment-unavailable' } });
  });

  it('reloads after a decode error, then excludes the rendition on screen when decoding fails again', async () => {
    const context = await playingAt(30);
    const { recovery, controller } = context;
    context.records[0]!.engine.emit('levelSwitched', 1);
    context.records[0]!.engine.emit('error', { fatal: true, message: 'decode', code: 'MEDIA_DECODE_FAILED' });
    await recovery.advance(250);
    await finishReload(context, 2);
    expect(controller.excludedQualities.size).toBe(0);
    context.records[1]!.engine.emit('levelSwitched', 1);
    context.records[1]!.engine.emit('error', { fatal: true, message: 'decode', code: 'MEDIA_DECODE_FAILED' });
    await finishReload(context, 3);
    expect([...controller.excludedQualities.keys()]).toEqual([1]);
    expect(context.records[2]!.loadOptions[0]!.startTimeSec).toBe(30);
  });

  it('does not report the same non-fatal error again within a second', async () => {
    const { records, errors, clock } = await playingAt(5);
    for (let i = 0; i < 50; i++) records[0]!.engine.emit('error', { fatal: false, message: 'append failed' });
    expect(errors()).toHaveLength(1);
    clock.nowMs += 5_000;
    records[0]!.engine.emit('error', { fatal: false, message: 'append failed' });
    expect(errors()).toHaveLength(2);
  });

  it('reloads after decode errors up to the budget, then is fatal (decode-failed)', async () => {
    const context = await playingAt(30);
    const { recovery, controller } = context;
    for (let reload = 1; reload <= 3; reload++) {
      context.records.at(-1)!.engine.emit('error', { fatal: true, message: 'decode', code: 'MEDIA_DECODE_FAILED' });
      await recovery.advance(250);
      await finishReload(context, reload + 1);
      expect(context.records.at(-1)!.loadOptions[0]!.startTimeSec).toBe(30);
    }
    context.records.at(-1)!.engine.emit('error', { fatal: true, message: 'decode', code: 'MEDIA_DECODE_FAILED' });
    await recovery.advance(250);
    await controller.settled;
    expect(controller.error).toMatchObject({ code: 'MEDIA_DECODE_FAILED', fatal: true, detail: { fatalReason: 'decode-failed' } });
    expect(context.records).toHaveLength(4);
  });

  it('reloads a source whose stall gets no media for 12 s (an engine that gave up silently)', async () => {
    const context = await playingAt(40);
    const { transitions, recovery, errors } = context;
    transitions[0]!({ type: 'start', cause: 'waiting', startedAtMs: 0 });
    await recovery.advance(12_000);
    expect(errors()[0]).toMatchObject({ code: 'ENGINE_ERROR', fatal: false, detail: { engineCode: 'stalled', recovery: 'reload' } });
    await recovery.advance(250);
    await finishReload(context, 2);
    expect(context.records[1]!.loadOptions[0]!.startTimeSec).toBe(40);
  });

  it('turns a non-fatal 404 on the last rendition left into a fatal segment-unavailable', async () => {
    const { records, controller } = await playingAt(5);
    records[0]!.engine.emit('error', { fatal: false, message: '404', code: 'SEGMENT_LOAD_FAILED', httpStatus: 404, qualityIndex: 1 });
    records[0]!.engine.emit('error', { fatal: false, message: '404', code: 'SEGMENT_LOAD_FAILED', httpStatus: 404, qualityIndex: 0 });
    await controller.settled;
    expect(controller.error).toMatchObject({ fatal: true, detail: { fatalReason: 'segment-unavailable', qualityIndex: 0 } });
  });

  it('says ended, once, when the playhead stops at the end but the media never ended (an engine that kept its MediaSource open)', async () => {
    const { host, media, controller } = await playingAt(50);
    const ended = vi.fn();
    host.addEventListener('ended', ended);
    expect(controller.reachedEnd).toBe(false);
    media.currentTime = 59.9;
    media.paused = true;
    media.fire('pause');
    media.fire('timeupdate');
    expect(controller.reachedEnd).toBe(true);
    expect(host.attributes.has('ended')).toBe(true);
    expect(ended).toHaveBeenCalledTimes(1);
    media.currentTime = 10;
    media.fire('seeking');
    expect(controller.reachedEnd).toBe(false);
  });

  it('keeps a pinned rendition across a recovery reload', async () => {
    const context = await playingAt(12);
    context.controller.setQuality(1);
    context.records[0]!.engine.emit('error', { fatal: true, message: 'decode', code: 'MEDIA_DECODE_FAILED' });
    await context.recovery.advance(250);
    await finishReload(context, 2);
    expect(context.records[1]!.engine.pinnedLevel).toBe(1);
  });

  it('stops recovering when the source changes, and loads the new one from its own start', async () => {
    const context = await playingAt(50);
    const { records, recovery, settings, controller, host } = context;
    recovery.probeResults = [{ reachable: false, retryAfterSec: null }];
    records[0]!.engine.emit('error', { fatal: true, message: 'offline' });
    await tick();
    settings.src = DASH_SRC;
    const loading = controller.reload();
    await tick();
    expect(host.attributes.has('recovering')).toBe(false);
    records.at(-1)!.engine.finishLoading(ladder());
    await loading;
    expect(records.at(-1)!.loadOptions[0]!.startTimeSec).toBeUndefined();
    expect(recovery.pendingTimers).toBe(0);
    await recovery.advance(60_000);
    expect(records).toHaveLength(2);
  });
});
