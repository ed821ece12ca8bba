import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions, type VodKitOptions } from 'vod-origin/playwright';

export default defineConfig<VodKitOptions>({
  testDir: 'tests',
  timeout: 120_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    launchOptions: chromiumLaunchOptions(),
    vodLadderDir: process.env.VOD_LADDER_DIR,
  },
});
