import { startOrigin } from '../../origin/server/server.js';
import { buildSite, prepareLadder } from '../../scripts/stack.js';

/**
 * Once per run: the synthetic ladder (cached in .cache/ladders), the production build of the pages,
 * and two servers on 127.0.0.1: one for the pages, one for the media, so that every test is
 * cross-origin like a real embed. URLs reach the workers through the environment.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const [ladderDir, siteDir] = await Promise.all([prepareLadder(), buildSite()]);
  const site = await startOrigin({ dir: siteDir });
  const media = await startOrigin({ dir: ladderDir });
  process.env.E2E_SITE_URL = site.url;
  process.env.E2E_ORIGIN_URL = media.url;
  process.env.E2E_LADDER_DIR = ladderDir;
  return async () => {
    await Promise.all([site.close(), media.close()]);
  };
}
