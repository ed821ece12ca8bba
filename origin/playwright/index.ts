/**
 * `vod-player/playwright`: the QA kit. Import `test` and `expect` from here instead of
 * `@playwright/test`:
 *
 *     import { test, expect } from 'vod-player/playwright';
 *     test('switches down at 600 kbps', async ({ page, origin, network, player }) => {
 *       await page.goto(`/my-player-page.html?src=${encodeURIComponent(origin.hls)}`);
 *       await network.throttle({ kbps: 600, rttMs: 40 });
 *       await expect(player).toSwitchDown({ timeout: 30_000 });
 *     });
 */
export { test, type OriginFixture, type VodKitOptions } from './fixtures.js';
export { expect } from './matchers.js';
export { PlayerHandle, findQuality, type PlayerState, type QualitySnapshot, type SwitchRecord } from './player-handle.js';
export type { NetworkControl, ThrottleOptions, ReplayOptions, FaultInput, ThrottleVia } from './network.js';
export { chromiumLaunchOptions, CHROMIUM_ARGS } from './chromium.js';
