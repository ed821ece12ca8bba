import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { FAULT_CASES, START_SEC, type FaultCase, type FaultRunResult, type Outcome } from './fault-matrix.js';
import { ENGINES, describePlayer, events, recordEvents } from './support.js';

const SITE = (): string => process.env.E2E_SITE_URL ?? '';

async function openElementPage(page: Page, src: string, engine: string, startSec: number): Promise<void> {
  const query = new URLSearchParams({ src, engine, 'start-time': String(startSec) });
  await page.goto(`${SITE()}/bench/pages/element.html?${query}`);
}

/** Waits for the end of playback or a fatal error; 'stuck' when neither came within `budgetMs`. */
async function waitForOutcome(page: Page, budgetMs: number): Promise<Outcome | 'stuck'> {
  try {
    const handle = await page.waitForFunction(
      () => {
        const player = document.querySelector('vod-player') as (HTMLElement & { ended: boolean; error: { fatal: boolean } | null }) | null;
        if (player?.error?.fatal) return 'fatal';
        // The `ended` event, as a page sees the end: an engine may reopen its MediaSource after it (dash.js
        // prunes after a retried request), which turns `ended` back to false while the playhead stays at the end.
        return player?.ended || (window as unknown as { __vodEnded?: boolean }).__vodEnded ? 'ended' : null;
      },
      undefined,
      { timeout: budgetMs, polling: 250 },
    );
    return (await handle.jsonValue()) as Outcome;
  } catch {
    return 'stuck';
  }
}

async function summarize(page: Page, c: FaultCase, engine: string, outcome: Outcome | 'stuck', startedMs: number, faultsFired: number, pageErrors: string[]): Promise<FaultRunResult> {
  const recorded = await events(page);
  const nowMs = await page.evaluate(() => performance.now());
  let stallMs = 0;
  let openSince: number | null = null;
  for (const event of recorded) {
    if (event.type === 'vod-rebufferstart') openSince = event.atMs;
    if (event.type === 'vod-rebufferend') {
      stallMs += Number(event.detail.durationMs ?? 0);
      openSince = null;
    }
  }
  if (openSince !== null && outcome !== 'fatal') stallMs += nowMs - openSince;
  let recoverMs = 0;
  let recoveries = 0;
  let since: number | null = null;
  for (const event of recorded) {
    if (event.type === 'vod-recovering' && since === null) since = event.atMs;
    if (event.type === 'vod-recovered' && since !== null) {
      recoverMs += event.atMs - since;
      recoveries++;
      since = null;
    }
  }
  const fatal = recorded.find((event) => event.type === 'vod-error' && event.detail.error?.fatal)?.detail.error;
  return {
    engine,
    fault: c.id,
    title: c.title,
    expected: c.expect,
    outcome,
    fatalCode: fatal?.code ?? null,
    fatalReason: (fatal?.detail.fatalReason as string | undefined) ?? null,
    outcomeSec: Math.round((Date.now() - startedMs) / 100) / 10,
    stallSec: Math.round(stallMs / 100) / 10,
    recoverSec: recoveries > 0 ? Math.round(recoverMs / 100) / 10 : null,
    recoveries,
    faultsFired,
    pageErrors,
  };
}

function writeResult(result: FaultRunResult): void {
  const dir = process.env.FAULT_MATRIX_OUT;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${result.engine}--${result.fault}.json`), JSON.stringify(result, null, 2));
}

/**
 * The stall a viewer may see in a case that plays to the end: the outage itself; else 40 s, which
 * covers the engines' own retry backoff and, where an engine gives up silently (shaka, dash.js after
 * a QuotaExceededError), the stall watchdog's 12 s without media, a stall backdated to the last frame
 * shown, and a reload.
 */
function maxStallSec(c: FaultCase): number {
  if (c.id === 'outage-60s') return 90;
  return 40;
}

for (const { engine, manifest } of ENGINES) {
  test.describe(`fault matrix, ${engine} with vod-player's ABR`, () => {
    for (const c of FAULT_CASES) {
      test(`${c.title} → ${c.expect}`, async ({ page, origin, network }) => {
        test.setTimeout(c.budgetMs + 30_000);
        for (const rule of c.rules(origin.ladder)) await network.fault(rule);
        const { pageErrors } = await recordEvents(page);
        await page.addInitScript(() => document.addEventListener('ended', () => Object.assign(window, { __vodEnded: true }), true));
        await c.beforeLoad?.(page);
        const startedMs = Date.now();
        await openElementPage(page, `${origin.base}/${manifest}`, engine, START_SEC);
        if (c.whilePlaying) {
          await page.waitForFunction((t) => ((document.querySelector('vod-player') as unknown as { currentTime: number } | null)?.currentTime ?? 0) > t, START_SEC + 1, { timeout: 20_000 });
          await c.whilePlaying(page);
        }
        const outcome = await waitForOutcome(page, c.budgetMs);
        const faultsFired = (await origin.log()).filter((entry) => entry.fault !== null).length;
        const result = await summarize(page, c, engine, outcome, startedMs, faultsFired, pageErrors);
        writeResult(result);

        const errorTrail = (await events(page, 'vod-error')).map((e) => `${e.detail.error?.code}${e.detail.error?.fatal ? '!' : ''}${e.detail.error?.detail.recovery ? `→${String(e.detail.error.detail.recovery)}` : ''}: ${e.detail.error?.message}`);
        const diagnosis = `${c.id}: ${JSON.stringify(result)}; errors: ${errorTrail.join(' | ')}; player: ${await describePlayer(page)}`;
        expect(outcome, diagnosis).toBe(c.expect);
        expect(pageErrors).toEqual([]);
        if (c.expect === 'fatal') {
          expect({ code: result.fatalCode, fatalReason: result.fatalReason }, diagnosis).toEqual(c.fatal);
        } else {
          expect(result.stallSec, diagnosis).toBeLessThanOrEqual(maxStallSec(c));
          expect(await page.evaluate(() => (document.querySelector('vod-player') as unknown as { error: unknown }).error)).toBeNull();
        }
        // The fault really happened: the origin faulted a request, or the page threw its QuotaExceededError.
        if (c.id === 'quota-exceeded') expect(await page.evaluate(() => (window as unknown as { __quotaThrown?: number }).__quotaThrown)).toBe(2);
        else if (c.rules(origin.ladder).length > 0) expect(faultsFired).toBeGreaterThan(0);
      });
    }

    test('src swapped 100× → the last source plays; listeners back to their count, heap bounded', async ({ page, origin }) => {
      test.setTimeout(150_000);
      const { pageErrors } = await recordEvents(page);
      const srcOf = (i: number): string => `${origin.base}/${manifest}?swap=${i}`;
      await openElementPage(page, srcOf(0), engine, 10);
      await waitForPosition(page, 11);
      const cdp = await page.context().newCDPSession(page);
      const mediaListenerTypes = async (): Promise<Record<string, number>> => {
        const { result } = await cdp.send('Runtime.evaluate', { expression: "document.querySelector('vod-player').media" });
        const { listeners: found } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
        const types: Record<string, number> = {};
        for (const listener of found) types[listener.type] = (types[listener.type] ?? 0) + 1;
        return types;
      };
      const measure = async (): Promise<{ heapBytes: number; listeners: Record<string, number> }> => {
        await cdp.send('HeapProfiler.collectGarbage');
        await cdp.send('HeapProfiler.collectGarbage');
        const { usedSize } = await cdp.send('Runtime.getHeapUsage');
        const listeners: Record<string, number> = {};
        for (const target of ['window', 'document', "document.querySelector('vod-player')", "document.querySelector('vod-player').media"]) {
          const { result } = await cdp.send('Runtime.evaluate', { expression: target });
          const { listeners: found } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
          listeners[target] = found.length;
        }
        return { heapBytes: usedSize, listeners };
      };
      const before = await measure();
      const typesBefore = await mediaListenerTypes();
      for (let i = 1; i <= 100; i++) {
        await page.evaluate((src) => {
          (document.querySelector('vod-player') as unknown as { src: string }).src = src;
        }, srcOf(i));
        // Some swaps land while the engine chunk loads, some while the engine loads the manifest, some once it plays.
        if (i % 10 === 0) await page.waitForFunction(() => (document.querySelector('vod-player') as unknown as { engineName: string | null }).engineName !== null, undefined, { timeout: 10_000 });
        else await page.waitForTimeout((i % 4) * 15);
      }
      await page.waitForFunction((src) => (document.querySelector('vod-player') as unknown as { src: string }).src === src, srcOf(100));
      await waitForPosition(page, 11);
      const after = await measure();
      const typesAfter = await mediaListenerTypes();
      const grown = Object.fromEntries(Object.entries(typesAfter).filter(([type, n]) => n !== (typesBefore[type] ?? 0)).map(([type, n]) => [type, `${typesBefore[type] ?? 0}→${n}`]));
      const result = { engine, before, after, grownMediaListeners: grown, heapGrowthMiB: Math.round(((after.heapBytes - before.heapBytes) / 2 ** 20) * 10) / 10 };
      const dir = process.env.FAULT_MATRIX_OUT;
      if (dir) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${engine}--src-swap.json`), JSON.stringify(result, null, 2));
      }
      expect(after.listeners, JSON.stringify(result)).toEqual(before.listeners);
      expect(after.heapBytes - before.heapBytes, JSON.stringify(result)).toBeLessThan(16 * 2 ** 20);
      expect(pageErrors).toEqual([]);
      const fatal = (await events(page, 'vod-error')).filter((e) => e.detail.error?.fatal);
      expect(fatal).toEqual([]);
    });
  });
}

async function waitForPosition(page: Page, minSec: number): Promise<void> {
  await page.waitForFunction((t) => ((document.querySelector('vod-player') as unknown as { currentTime: number } | null)?.currentTime ?? 0) >= t, minSec, { timeout: 30_000 });
}
