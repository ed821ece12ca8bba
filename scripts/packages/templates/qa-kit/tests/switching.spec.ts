import { expect, test } from 'vod-origin/playwright';

// A QA team's test of their own page (APP_URL), with the kit's origin, network and player fixtures.
test('the player holds its rung on a fast link and switches down when the link drops to slow-4g', async ({ page, origin, network, player }) => {
  await page.goto(process.env.APP_URL!);
  await network.use('cable');
  await player.load(origin.hls);
  await expect(player).toReachQuality(origin.ladder.rungs.at(-1)!.id, { timeout: 60_000 });

  const startedMs = Date.now();
  await expect(player).not.toSwitchDown({ timeout: 3_000 });
  const notMatcherMs = Date.now() - startedMs;
  console.log(`not.toSwitchDown({ timeout: 3000 }) returned after ${notMatcherMs} ms`);
  expect(notMatcherMs).toBeGreaterThanOrEqual(3_000);
  expect(notMatcherMs).toBeLessThan(10_000);

  await player.mark();
  await network.use('slow-4g');
  await expect(player).toSwitchDown({ timeout: 60_000 });
});
