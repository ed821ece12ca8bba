// The project's e2e tests run on the QA kit (`vod-origin/playwright`), so the kit is proven by use.
// On top of it: `openDemo(src, engine)`, the demo page from the built site (a different origin
// than the media, like a real embed).
import { test as kit } from '../../origin/playwright/index.js';

export { expect } from '../../origin/playwright/index.js';

export const test = kit.extend<{ openDemo: (src: string, engine: string) => Promise<void> }>({
  openDemo: async ({ page }, use) => {
    await use(async (src, engine) => {
      await page.goto(`${process.env.E2E_SITE_URL}/demo/index.html?src=${encodeURIComponent(src)}&engine=${encodeURIComponent(engine)}`);
    });
  },
});
