// The playback controller over fakes (engine, host, media, recovery timers), for its unit tests and recovery's.
import { vi } from 'vitest';
import { PlaybackController, type PlaybackHost, type RebufferMonitorLike } from '../../../../src/controllers/playback-controller.js';
import { DEFAULT_PLAYBACK_SETTINGS, type PlaybackSettings } from '../../../../src/controllers/playback-settings.js';
import type { EngineCmcdOptions, EngineName, Quality } from '../../../../src/engines/types.js';
import type { VodPlayerError } from '../../../../src/errors.js';
import type { RebufferTransition } from '../../../../src/media/rebuffer-detector.js';
import { VodAbrSession, type VodAbrSessionOptions } from '../../../../src/vod-abr/abr-session.js';
import { fakeAdapterFactory, ladder, type FakeAdapterRecord } from './fake-engine.js';
import { FakeHost, FakeMedia } from './fake-host.js';
import { FakeRecoveryDeps } from '../../recovery/fake-recovery-deps.js';

export const HLS_SRC = 'https://cdn.example/a/master.m3u8';
export const DASH_SRC = 'https://cdn.example/b/manifest.mpd';

/** Lets every pending promise callback and zero-delay timer run. */
export const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export interface SetupOptions {
  settings?: Partial<PlaybackSettings>;
  resumeSec?: number | null;
  holdsAutoplay?: boolean;
  loadEngine?: (name: EngineName) => Promise<never>;
  destroy?: (record: FakeAdapterRecord) => Promise<void>;
  create?: (record: FakeAdapterRecord) => void;
  /** The manifest prefetch's fetch; by default a 200 with a small playlist. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** CMCD for the engine (default: on). */
  cmcd?: EngineCmcdOptions | undefined;
  /** What telemetry announces before the load (default: whether `cmcd` is on). */
  cmcdPlanned?: boolean;
}

export function setup(options: SetupOptions = {}) {
  const host = new FakeHost();
  const media = new FakeMedia();
  const records: FakeAdapterRecord[] = [];
  const settings: PlaybackSettings = { ...DEFAULT_PLAYBACK_SETTINGS, src: HLS_SRC, ...options.settings };
  const resume = { begin: vi.fn(async () => options.resumeSec ?? null), holdsAutoplay: options.holdsAutoplay ?? false };
  const clock = { nowMs: 1_000 };
  const transitions: Array<(transition: RebufferTransition) => void> = [];
  const monitors: Array<RebufferMonitorLike & { disposed: boolean }> = [];
  const sessions: VodAbrSession[] = [];
  const sessionOptions: VodAbrSessionOptions[] = [];
  const onTeardown = vi.fn();
  const onPlayIntent = vi.fn();
  const loadEngine = vi.fn(options.loadEngine ?? (async (name: EngineName) => fakeAdapterFactory(name, records, { destroy: options.destroy, create: options.create })));
  const fetch = vi.fn(options.fetch ?? (async () => new Response('#EXTM3U\n')));
  const recovery = new FakeRecoveryDeps();
  const cmcd: EngineCmcdOptions | undefined = 'cmcd' in options ? options.cmcd : { sessionId: 'sid-1', mode: 'query' };
  const controller = new PlaybackController(host as unknown as PlaybackHost, {
    settings: () => settings,
    resume,
    cmcd: () => cmcd,
    cmcdPlanned: () => options.cmcdPlanned ?? cmcd !== undefined,
    onTeardown,
    onPlayIntent,
    deps: {
      loadEngine,
      detectCapabilities: () => ({ mse: true, nativeHls: false }),
      monotonicMs: () => clock.nowMs,
      createRebufferMonitor: (_media, onTransition) => {
        transitions.push(onTransition);
        const monitor = { count: 0, totalMs: 0, stalled: false, openSinceMs: null, disposed: false, dispose: () => (monitor.disposed = true) };
        monitors.push(monitor);
        return monitor;
      },
      createAbrSession: (options) => {
        sessionOptions.push(options);
        const session = new VodAbrSession({ ...options, storage: null });
        sessions.push(session);
        return session;
      },
      baseUrl: () => 'https://page.example/',
      devicePixelRatio: () => 2,
      fetch,
      recovery: () => recovery,
    },
  });
  controller.attachMedia(media as unknown as HTMLVideoElement);
  host.connect();

  /** Loads the current source through to a parsed manifest and known duration. */
  async function loadThrough(qualities: Quality[] = ladder()): Promise<FakeAdapterRecord> {
    const loading = controller.reload();
    await tick();
    const record = records.at(-1)!;
    record.engine.finishLoading(qualities);
    media.metadata(60);
    await loading;
    return record;
  }
  const errors = (): VodPlayerError[] => host.detailsOf<{ error: VodPlayerError }>('vod-error').map((detail) => detail.error);
  return { host, media, records, settings, resume, clock, transitions, monitors, sessions, sessionOptions, onTeardown, onPlayIntent, loadEngine, fetch, recovery, controller, loadThrough, errors };
}

