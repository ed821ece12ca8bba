import { startOrigin } from '../../origin/server/server.js';
import { buildSite, prepareLadder } from '../../scripts/stack.js';
import { E2E_LADDER } from './e2e-ladder.js';

/**
 * Once per run: the synthetic ladder (cached in .cache/ladders, which the QA kit's `origin`
 * fixture then serves per worker) and the production build of the pages, served on 127.0.0.1
 * from another port than the media, so every test is cross-origin like a real embed.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const [, siteDir] = await Promise.all([prepareLadder(E2E_LADDER), buildSite()]);
  const site = await startOrigin({ dir: siteDir });
  process.env.E2E_SITE_URL = site.url;
  return () => site.close();
}
