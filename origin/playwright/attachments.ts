import type { TestInfo } from '@playwright/test';
import type { ControlledOrigin } from '../control/create-origin.js';
import type { PlayerHandle } from './player-handle.js';
import { buildTimeline, timelineText } from './timeline.js';

/**
 * What the QA kit attaches to a failed test (any failure: an assertion, a timeout, a thrown
 * error), from the fixtures' teardown while the page is still open:
 *  - `vod-request-log.json`: the session's profile, faults and every request it made;
 *  - `vod-timeline.json` and `vod-timeline.txt`: the player's switches, stalls (start and end),
 *    errors, engines and ready times, in page time.
 * Nothing here throws: an attachment that cannot be made says why instead.
 */

/** How long reading the page may take before the timeline is given up on, ms. */
const PAGE_READ_TIMEOUT_MS = 5000;

/** The test ended otherwise than expected (failed, timed out, or passed under `test.fail()`). */
export function endedUnexpectedly(testInfo: TestInfo): boolean {
  return testInfo.status !== testInfo.expectedStatus;
}

export async function attachRequestLog(testInfo: TestInfo, server: ControlledOrigin, session: string): Promise<void> {
  try {
    const body = {
      session,
      profile: server.throttle.describe(session),
      faults: server.faults.describe(session),
      entries: server.log.entries({ session }),
    };
    await testInfo.attach('vod-request-log.json', { body: JSON.stringify(body, null, 2), contentType: 'application/json' });
  } catch (error) {
    await attachNote(testInfo, 'vod-request-log.txt', `The request log could not be read: ${String(error)}`);
  }
}

export async function attachPlayerTimeline(testInfo: TestInfo, player: PlayerHandle): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the page did not answer within ${PAGE_READ_TIMEOUT_MS} ms`)), PAGE_READ_TIMEOUT_MS);
    });
    const timeline = buildTimeline(await Promise.race([player.recording(), timedOut]));
    await testInfo.attach('vod-timeline.json', { body: JSON.stringify(timeline, null, 2), contentType: 'application/json' });
    await testInfo.attach('vod-timeline.txt', { body: timelineText(timeline), contentType: 'text/plain' });
  } catch (error) {
    await attachNote(testInfo, 'vod-timeline.txt', `The player timeline could not be read: ${String(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

async function attachNote(testInfo: TestInfo, name: string, text: string): Promise<void> {
  await testInfo.attach(name, { body: `${text}\n`, contentType: 'text/plain' }).catch(() => undefined);
}
