import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './origin/playwright/chromium.js';
import type { VodKitOptions } from './origin/playwright/index.js';
import { E2E_LADDER } from './test/e2e/e2e-ladder.js';

export default defineConfig<VodKitOptions>({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  // One retry, reported as "flaky" in the list output: a 2-core CI box running two Chromiums
  // occasionally starves one; a test that fails twice fails the run.
  retries: 1,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1100, height: 800 },
    trace: 'retain-on-failure',
    vodSyntheticLadder: E2E_LADDER,
  },
});
