import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import type { VodPlayer } from '../../src/component.js';
import { ENGINES, events, recordEvents } from './support.js';

/** The bench's bare element page: a `<vod-player>` with no source, so a test sets properties first. */
async function openEmptyPlayer(page: Page): Promise<void> {
  await page.goto(`${process.env.E2E_SITE_URL}/bench/pages/element.html`);
  await page.waitForFunction(() => customElements.get('vod-player') !== undefined);
}

/**
 * What an embedder writes: engine settings in each engine's own shape, plus a setup hook for what
 * config cannot do (dash.js request interceptors, shaka request filters). Every engine tags its
 * requests with `x-embedder: <engine>-<how>`.
 */
async function configureEmbedder(page: Page): Promise<void> {
  await page.locator('vod-player').evaluate((element: VodPlayer) => {
    element.engineConfig = {
      hlsjs: { maxBufferLength: 17, xhrSetup: (xhr) => xhr.setRequestHeader('x-embedder', 'hlsjs-config') },
      dashjs: { streaming: { buffer: { bufferTimeAtTopQuality: 17 } } },
      shaka: { streaming: { bufferingGoal: 17 } },
    };
    element.engineSetup = ({ engine, instance }) => {
      if (engine === 'dash.js') {
        instance.addRequestInterceptor((request) => {
          request.headers = { ...request.headers, 'x-embedder': 'dashjs-setup' };
          return Promise.resolve(request);
        });
      } else if (engine === 'shaka') {
        instance.getNetworkingEngine()?.registerRequestFilter((_type, request) => {
          request.headers['x-embedder'] = 'shaka-setup';
        });
      }
    };
  });
}

/** The setting each engine reports back for the `17` the embedder gave it. */
async function engineSetting(page: Page, engine: string): Promise<unknown> {
  return page.locator('vod-player').evaluate((element: VodPlayer, name) => {
    const instance = element.engineInstance as Record<string, (...args: unknown[]) => unknown> & { config?: { maxBufferLength?: number } };
    if (name === 'hls.js') return instance.config?.maxBufferLength;
    if (name === 'dash.js') return (instance.getSettings!() as { streaming: { buffer: { bufferTimeAtTopQuality: number } } }).streaming.buffer.bufferTimeAtTopQuality;
    return (instance.getConfiguration!() as { streaming: { bufferingGoal: number } }).streaming.bufferingGoal;
  }, engine);
}

const EXPECTED_HEADER = { 'hls.js': 'hlsjs-config', 'dash.js': 'dashjs-setup', shaka: 'shaka-setup' } as const;

for (const { engine, manifest } of ENGINES) {
  test(`engineConfig and engineSetup reach ${engine}: its settings and the request header the origin logs`, async ({ page, origin, player }) => {
    await openEmptyPlayer(page);
    await configureEmbedder(page);
    await player.load(`${origin.base}/${manifest}`, { engine });
    await player.waitForTime(2);

    expect(await engineSetting(page, engine)).toBe(17);
    const segments = (await origin.log()).filter((entry) => entry.kind === 'media' && entry.method === 'GET');
    expect(segments.length).toBeGreaterThan(0);
    expect(segments.map((entry) => entry.headers?.['x-embedder'] ?? 'none')).toEqual(segments.map(() => EXPECTED_HEADER[engine]));
  });
}

test("an engineConfig key vod-player's ABR needs is ignored with a non-fatal INVALID_ATTRIBUTE, and playback goes on", async ({ page, origin, player }) => {
  await recordEvents(page);
  await openEmptyPlayer(page);
  await page.locator('vod-player').evaluate((element: VodPlayer) => {
    element.engineConfig = { shaka: { abrFactory: () => null as never, streaming: { bufferingGoal: 17 } } };
  });
  await player.load(`${origin.base}/manifest.mpd`, { engine: 'shaka' });
  await player.waitForTime(2);

  const errors = (await events(page, 'vod-error')).map((e) => e.detail.error!);
  expect(errors).toEqual([expect.objectContaining({ code: 'INVALID_ATTRIBUTE', fatal: false, detail: expect.objectContaining({ attribute: 'engineConfig' }) })]);
  expect(errors[0]!.message).toContain('shaka.abrFactory');
  expect(await engineSetting(page, 'shaka')).toBe(17);
  expect(await page.locator('vod-player').evaluate((element: VodPlayer) => element.abrSession?.decisions.length ?? 0)).toBeGreaterThan(0);
});

test('an engineSetup hook that throws is a fatal ENGINE_ERROR before any media is requested', async ({ page, origin, player }) => {
  await recordEvents(page);
  await openEmptyPlayer(page);
  await page.locator('vod-player').evaluate((element: VodPlayer) => {
    element.engineSetup = () => {
      throw new Error('no DRM licence server configured');
    };
  });
  await player.load(`${origin.base}/master.m3u8`, { engine: 'hls.js' });

  await expect.poll(async () => (await events(page, 'vod-error')).length).toBe(1);
  const [error] = (await events(page, 'vod-error')).map((e) => e.detail.error!);
  expect(error).toMatchObject({ code: 'ENGINE_ERROR', fatal: true, detail: { engine: 'hls.js', attribute: 'engineSetup' } });
  expect(error!.message).toContain('no DRM licence server configured');
  expect((await origin.log()).filter((entry) => entry.kind === 'media')).toEqual([]);
});
