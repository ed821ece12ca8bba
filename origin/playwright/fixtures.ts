import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { test as base } from '@playwright/test';
import { createOrigin, type ControlledOrigin } from '../control/create-origin.js';
import { ensureSyntheticLadder, type SyntheticLadderOptions } from '../ladder/generate.js';
import type { LadderJson } from '../ladder/types.js';
import type { RequestLogEntry } from '../server/types.js';
import type { SessionReport } from '../sessions/registry.js';
import { attachPlayerTimeline, attachRequestLog, endedUnexpectedly } from './attachments.js';
import { cdpNetwork, originNetwork, type NetworkControl, type ThrottleVia } from './network.js';
import { installRecorder, PlayerHandle } from './player-handle.js';

/** Options a project sets in `use: { … }`. */
export interface VodKitOptions {
  /** Serve this ladder folder instead of the cached synthetic one. */
  vodLadderDir: string | undefined;
  /** Where the synthetic ladder is cached. Defaults to `.cache/ladders` under the working directory. */
  vodLadderCache: string;
  /** Options of the synthetic ladder (size, duration, rungs). Defaults to the origin's default ladder. */
  vodSyntheticLadder: SyntheticLadderOptions;
  /** `origin` (default): per-session shaping in the origin. `cdp`: Chromium's network emulation. */
  vodThrottleVia: ThrottleVia;
  /** Selector of the `<vod-player>` the `player` fixture drives. Defaults to `vod-player`. */
  vodPlayerSelector: string;
  /**
   * Page origins, besides loopback ones, that may use the origin's APIs (beacon collector, resume
   * API, control API): the origin of your app's pages when they are not served from 127.0.0.1 /
   * localhost, e.g. `['https://my-app.test']` for pages fulfilled with `page.route`. Media is
   * readable from any page regardless. Defaults to none.
   */
  vodCorsOrigins: string[];
}

/** The `origin` fixture: the mock origin, seen through this test's own session. */
export interface OriginFixture {
  /** Origin base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** This test's session id: its link, faults and log are its own. */
  readonly session: string;
  /** `url/s/<session>`: prefix of every media URL of this test. */
  readonly base: string;
  /** Session URLs of the manifests. */
  readonly hls: string;
  readonly dash: string;
  readonly ladder: LadderJson;
  /** Every request of this session so far. */
  log(): Promise<RequestLogEntry[]>;
  /** Counts, faults applied, and the "what was played" view. */
  report(): Promise<SessionReport>;
}

interface WorkerFixtures {
  vodOriginServer: { server: ControlledOrigin; ladder: LadderJson };
}

interface TestFixtures {
  origin: OriginFixture;
  network: NetworkControl;
  player: PlayerHandle;
}

/**
 * The largest control-API body the kit's origin takes, bytes: `network.replay(file)` sends the
 * file's steps inline (1 MiB is some 70,000 steps).
 */
export const KIT_CONTROL_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Playwright test with the QA kit's fixtures: `origin` (a mock origin per worker on a free port,
 * serving a ladder generated once and cached; a session per test), `network` (throttle, use a
 * named profile, replay a trace file, fault, clear) and `player` (a handle on `<vod-player>` with
 * `state()`). When a test ends otherwise than expected, the session's request log and the player's
 * timeline are attached to it (see attachments.ts).
 */
export const test = base.extend<TestFixtures, VodKitOptions & WorkerFixtures>({
  vodLadderDir: [undefined, { option: true, scope: 'worker' }],
  vodLadderCache: [resolve('.cache/ladders'), { option: true, scope: 'worker' }],
  vodSyntheticLadder: [{}, { option: true, scope: 'worker' }],
  vodThrottleVia: ['origin', { option: true, scope: 'worker' }],
  vodPlayerSelector: ['vod-player', { option: true, scope: 'worker' }],
  vodCorsOrigins: [[], { option: true, scope: 'worker' }],

  vodOriginServer: [
    async ({ vodLadderDir, vodLadderCache, vodSyntheticLadder, vodCorsOrigins }, use) => {
      const dir = vodLadderDir ?? (await ensureSyntheticLadder(vodLadderCache, vodSyntheticLadder)).dir;
      const ladder = JSON.parse(await readFile(join(dir, 'ladder.json'), 'utf8')) as LadderJson;
      const server = await createOrigin({ dir, port: 0, corsOrigins: vodCorsOrigins, control: { bodyLimitBytes: KIT_CONTROL_BODY_LIMIT_BYTES } });
      await use({ server, ladder });
      await server.close();
    },
    { scope: 'worker', timeout: 600_000 },
  ],

  origin: async ({ vodOriginServer }, use, testInfo) => {
    const { server, ladder } = vodOriginServer;
    const session = `qa-${testInfo.workerIndex}-${randomUUID().slice(0, 8)}`;
    const sessionBase = `${server.url}/s/${session}`;
    await use({
      url: server.url,
      session,
      base: sessionBase,
      hls: `${sessionBase}/${ladder.manifests.hls}`,
      dash: `${sessionBase}/${ladder.manifests.dash}`,
      ladder,
      log: async () => server.log.entries({ session }),
      report: () => server.sessions.report(session),
    });
    // After `network` (which depends on this fixture) is torn down, so the log is still whole.
    if (endedUnexpectedly(testInfo)) await attachRequestLog(testInfo, server, session);
    server.sessions.forget(session);
  },

  network: async ({ origin, page, vodThrottleVia }, use) => {
    const network = vodThrottleVia === 'cdp' ? cdpNetwork(page, origin.url, origin.session) : originNetwork(origin.url, origin.session);
    await use(network);
    await network.dispose();
  },

  player: async ({ page, vodPlayerSelector }, use, testInfo) => {
    await installRecorder(page);
    const player = new PlayerHandle(page, vodPlayerSelector);
    await use(player);
    // Before `page` (which this fixture depends on) closes.
    if (endedUnexpectedly(testInfo)) await attachPlayerTimeline(testInfo, player);
  },
});
