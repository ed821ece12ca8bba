/**
 * `vod-origin/playwright`: the QA kit. Import `test` and `expect` from here instead of
 * `@playwright/test`:
 *
 *     import { test, expect } from 'vod-origin/playwright';
 *     test('switches down on a cliff', async ({ page, origin, network, player }) => {
 *       await network.use('cliff');                       // 8 Mbps for 20 s, then 600 kbps
 *       await page.goto(`/my-player-page.html?src=${encodeURIComponent(origin.hls)}`);
 *       await expect(player).toSwitchDown({ timeout: 45_000 });
 *     });
 */
export { test, KIT_CONTROL_BODY_LIMIT_BYTES, type OriginFixture, type VodKitOptions } from './fixtures.js';
export { expect } from './matchers.js';
export { PlayerHandle, findQuality, type PlayerState } from './player-handle.js';
export type {
  QualitySnapshot,
  SwitchRecord,
  StartQualityRecord,
  StallRecord,
  ErrorRecord,
  EngineRecord,
  ReadyRecord,
  PlayerRecording,
} from './recording.js';
export { buildTimeline, timelineText, type Timeline, type TimelineEvent, type TimelineSummary } from './timeline.js';
export type { NetworkControl, ThrottleOptions, UseOptions, ReplayOptions, FaultInput, ThrottleVia } from './network.js';
export {
  NETWORK_PROFILES,
  NETWORK_PROFILE_NAMES,
  listNetworkProfiles,
  networkProfile,
  isNetworkProfileName,
  type NetworkProfile,
  type NetworkProfileName,
} from '../throttle/network-profiles.js';
export { ProfileError, TraceError } from '../throttle/errors.js';
export { chromiumLaunchOptions, CHROMIUM_ARGS } from './chromium.js';
