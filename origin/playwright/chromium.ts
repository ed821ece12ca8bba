import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/** Flags for Debian's Chromium on a closed network (no background traffic, no sandbox as root). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * Launch options for the system Chromium: `CHROMIUM_PATH`, else `/usr/bin/chromium` when it exists,
 * else Playwright's own browser (which `npx playwright install` would have to provide).
 */
export function chromiumLaunchOptions(env: NodeJS.ProcessEnv = process.env): LaunchOptions {
  const executablePath = env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  return { executablePath, args: [...CHROMIUM_ARGS] };
}
