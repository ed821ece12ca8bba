import { createCollectorPlugin, type CollectorPlugin, type CollectorPluginOptions } from '../collector/plugin.js';
import { createFaultsPlugin, type FaultsPlugin, type FaultsPluginOptions } from '../faults/plugin.js';
import { startOrigin, type OriginOptions, type OriginServer } from '../server/server.js';
import { readPlayedOptions } from '../sessions/ladder-info.js';
import { createProgressPlugin, type ProgressPlugin, type ProgressPluginOptions } from '../progress/plugin.js';
import { SessionRegistry } from '../sessions/registry.js';
import { createThrottlePlugin, type ThrottlePlugin, type ThrottlePluginOptions } from '../throttle/plugin.js';
import { createControlPlugin, type ControlPluginOptions } from './routes.js';

export interface CreateOriginOptions extends OriginOptions {
  /**
   * A folder of `<name>.json` trace files that the control API and `?trace=` may name, after the
   * network profiles (`slow-4g`, `commute`, …; see network-profiles.ts). None by default, so only
   * profile names and inline traces work; the package points at no folder of its own.
   */
  tracesDir?: string | undefined;
  /**
   * The throttle: `defaultProfile` is every session's profile until one is set, and the shared
   * link of requests without a session (defaults to unlimited, no latency). Also `tickMs`, `clock`,
   * `rng`, `tracesDir` (defaults to the top-level `tracesDir`), `loadTrace`, `queryProfiles`.
   */
  throttle?: ThrottlePluginOptions;
  /** Fault injection: `defaultRules` apply to every session without its own rules (defaults to none); `rng`, `monotonicMs`. */
  faults?: FaultsPluginOptions;
  /** The control API: `bodyLimitBytes`, `listTraces` (`tracesDir` comes from above). */
  control?: Omit<ControlPluginOptions, 'throttle' | 'faults' | 'sessions'>;
  /**
   * The resume API (`GET/PUT/DELETE /progress/<mediaId>`, bearer token per viewer): `database`
   * (a file, `':memory:'` or an open database; defaults to `':memory:'`), `bodyLimitBytes`, `epochMs`.
   * `false` leaves it out.
   */
  progress?: ProgressPluginOptions | false;
  /**
   * The beacon collector (`POST /beacons`, reads and summaries; see README "Telemetry"): `database`
   * (a file, `':memory:'` or an open database; defaults to `':memory:'`), `bodyLimitBytes`, `epochMs`.
   * `false` leaves it out.
   */
  collector?: CollectorPluginOptions | false;
}

/** The mock origin with throttling, faults and the session control API installed. */
export interface ControlledOrigin extends OriginServer {
  readonly throttle: ThrottlePlugin;
  readonly faults: FaultsPlugin;
  /** List, report on and forget sessions from Node (the control API uses the same object). */
  readonly sessions: SessionRegistry;
  /** The resume API, or null with `progress: false`. */
  readonly progress: ProgressPlugin | null;
  /** The beacon collector, or null with `collector: false`. */
  readonly collector: CollectorPlugin | null;
}

/**
 * `startOrigin` plus the throttle and faults plugins (in that order, before `options.plugins`) and
 * the control API under `/_origin/sessions/…` and `/_origin/traces`. Rejects like `startOrigin`.
 *
 *     const origin = await createOrigin({ dir, throttle: { defaultProfile } });
 *     await origin.throttle.setProfileSpec('player-1', { rate: { kind: 'fixed', kbps: 800 }, rttMs: 40, jitterMs: 0 });
 *     const report = await origin.sessions.report('player-1');
 */
export async function createOrigin(options: CreateOriginOptions): Promise<ControlledOrigin> {
  const {
    tracesDir: originTracesDir,
    throttle: throttleOptions,
    faults: faultsOptions,
    control: controlOptions,
    progress: progressOptions,
    collector: collectorOptions,
    plugins,
    ...serverOptions
  } = options;
  const tracesDir = throttleOptions?.tracesDir ?? originTracesDir;
  const throttle = createThrottlePlugin({ ...throttleOptions, tracesDir });
  const faults = createFaultsPlugin(faultsOptions);
  let server: OriginServer;
  try {
    server = await startOrigin({ ...serverOptions, plugins: [throttle, faults, ...(plugins ?? [])] });
  } catch (error) {
    throttle.close();
    throw error;
  }
  const sessions = new SessionRegistry({ log: server.log, throttle, faults, playedOptions: () => readPlayedOptions(server.dir) });
  server.addPlugin(createControlPlugin({ tracesDir, ...controlOptions, throttle, faults, sessions }));
  const progress = progressOptions === false ? null : createProgressPlugin({ faults, ...progressOptions });
  if (progress) server.addPlugin(progress);
  const collector = collectorOptions === false ? null : createCollectorPlugin(collectorOptions);
  if (collector) server.addPlugin(collector);
  return { ...server, throttle, faults, sessions, progress, collector };
}
