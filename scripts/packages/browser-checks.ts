// What a user of the installed packages sees in Chromium: the Vite app plays, loads only the engine
// it needs; the React app hears vod-qualitychange; engineConfig reaches each engine's requests.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../origin/playwright/chromium.js';

/** Strings only the named library's code contains (the same markers as test/e2e/element.spec.ts). */
export const LIBRARY_MARKERS = { 'hls.js': 'fragLoadPolicy', 'dash.js': 'abandonRequestsRule', shaka: 'shaka.Player' } as const;
type Library = keyof typeof LIBRARY_MARKERS;

export function librariesIn(code: string): Library[] {
  return (Object.keys(LIBRARY_MARKERS) as Library[]).filter((library) => code.includes(LIBRARY_MARKERS[library]));
}

export class CheckError extends Error {
  override readonly name = 'CheckError';
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new CheckError(message);
}

export async function withBrowser<T>(body: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await chromium.launch({ ...chromiumLaunchOptions(), headless: true });
  try {
    return await body(browser);
  } finally {
    await browser.close();
  }
}

async function openPage(browser: Browser, url: string): Promise<{ page: Page; scripts: () => Promise<string>; pageErrors: string[] }> {
  const page = await browser.newPage();
  // tsx compiles the functions this file hands to page.evaluate with esbuild's `__name` helper.
  await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const scriptResponses: Array<Promise<string>> = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scriptResponses.push(response.text().catch(() => ''));
  });
  await page.goto(url);
  return { page, pageErrors, scripts: async () => (await Promise.all(scriptResponses)).join('\n') };
}

async function waitForPlayback(page: Page, seconds: number, timeoutMs: number): Promise<void> {
  await page
    .waitForFunction((sec) => (document.querySelector('vod-player')?.currentTime ?? 0) >= sec, seconds, { timeout: timeoutMs, polling: 200 })
    .catch(async () => {
      const state = await page.evaluate(() => {
        const el = document.querySelector('vod-player');
        return { currentTime: el?.currentTime, engine: el?.engineName, error: el?.error?.message ?? null };
      });
      throw new CheckError(`playback did not reach ${seconds} s within ${timeoutMs} ms: ${JSON.stringify(state)}`);
    });
}

/**
 * The Vite app built from the README's embed plays HLS to ≥ 5 s; the JS the page downloaded holds
 * hls.js and neither dash.js nor shaka; the entry chunk (and what it imports statically) holds no
 * engine at all, each engine is a lazy chunk of its own.
 */
export async function checkViteApp(browser: Browser, appUrl: string, distDir: string): Promise<Record<string, unknown>> {
  const { page, scripts, pageErrors } = await openPage(browser, appUrl);
  await waitForPlayback(page, 5, 60_000);
  const engine = await page.evaluate(() => document.querySelector('vod-player')?.engineName);
  check(engine === 'hls.js', `the embed played with ${String(engine)}, not hls.js`);
  const loaded = librariesIn(await scripts());
  check(loaded.join() === 'hls.js', `the page downloaded ${loaded.join(', ') || 'no engine'}; expected hls.js only`);
  const entry = await entryChunkCode(distDir);
  check(librariesIn(entry).length === 0, `the entry chunk holds ${librariesIn(entry).join(', ')}: engines must be lazy chunks`);
  check(pageErrors.length === 0, `page errors: ${pageErrors.join('; ')}`);
  await page.close();
  return { engine, librariesDownloaded: loaded, entryChunkEngines: librariesIn(entry) };
}

/** The entry script of a Vite build's index.html plus every chunk it imports statically. */
async function entryChunkCode(distDir: string): Promise<string> {
  const html = await readFile(join(distDir, 'index.html'), 'utf8');
  const entry = html.match(/<script type="module"[^>]*src="\/?([^"]+)"/)?.[1];
  check(entry !== undefined, 'no module script in the built index.html');
  const seen = new Set<string>();
  const queue = [entry];
  let code = '';
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await readFile(join(distDir, file), 'utf8');
    code += text;
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
    // Static imports only (`import … from "./x.js"`, `import "./x.js"`), not `import("./x.js")`.
    for (const match of text.matchAll(/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+)["']/g)) queue.push(dir + match[1]);
  }
  return code;
}

/** The React 19 app renders `<VodPlayer>`, receives `onVodQualityChange` and its ref is the element. */
export async function checkReactApp(browser: Browser, appUrl: string): Promise<Record<string, unknown>> {
  const { page, pageErrors } = await openPage(browser, appUrl);
  await page.waitForFunction(() => (document.querySelector('#quality-changes')?.textContent ?? '') !== '', null, { timeout: 60_000 }).catch(() => {
    throw new CheckError('onVodQualityChange never fired in the React app');
  });
  await waitForPlayback(page, 2, 60_000);
  const changes = (await page.textContent('#quality-changes')) ?? '';
  const ladder = (await page.textContent('#ladder')) ?? '';
  await page.click('#read-ref');
  const title = await page.title();
  check(changes.startsWith('initial:'), `the first vod-qualitychange should be the initial rendition, got "${changes}"`);
  check(ladder.split(',').length >= 2, `onVodLoadedMetadata gave the ladder "${ladder}"`);
  check(/^VOD-PLAYER:[1-9]/.test(title), `the ref should be the <vod-player> with its qualities, got "${title}"`);
  check(pageErrors.length === 0, `page errors: ${pageErrors.join('; ')}`);
  await page.close();
  return { qualityChanges: changes, ladder, ref: title };
}

const ENGINE_CASES = [
  { engine: 'hls.js', manifest: 'master.m3u8', header: 'hlsjs-config' },
  { engine: 'dash.js', manifest: 'manifest.mpd', header: 'dashjs-setup' },
  { engine: 'shaka', manifest: 'manifest.mpd', header: 'shaka-setup' },
] as const;

/**
 * For each engine, on the Vite app's page: `engineConfig` (hls.js `xhrSetup`) or `engineSetup`
 * (dash.js request interceptor, shaka request filter) adds `x-embedder`, and the origin's request log
 * shows it on every media segment of that session.
 */
export async function checkEngineConfig(browser: Browser, appUrl: string, originUrl: string): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const { engine, manifest, header } of ENGINE_CASES) {
    const session = `pkg-${engine.replace('.', '')}-${Date.now()}`;
    const { page } = await openPage(browser, appUrl);
    await page.evaluate(
      ({ engine, src }) => {
        const el = document.querySelector('vod-player')!;
        el.engineConfig = { hlsjs: { xhrSetup: (xhr) => xhr.setRequestHeader('x-embedder', 'hlsjs-config') } };
        el.engineSetup = ({ engine, instance }) => {
          if (engine === 'dash.js') {
            instance.addRequestInterceptor((request) => {
              request.headers = { ...request.headers, 'x-embedder': 'dashjs-setup' };
              return Promise.resolve(request);
            });
          }
          if (engine === 'shaka') {
            instance.getNetworkingEngine()?.registerRequestFilter((_type, request) => {
              request.headers['x-embedder'] = 'shaka-setup';
            });
          }
        };
        el.engine = engine;
        el.src = src;
      },
      { engine, src: `${originUrl}/s/${session}/${manifest}` },
    );
    await page.waitForFunction((name) => document.querySelector('vod-player')?.engineName === name && document.querySelector('vod-player')!.currentTime >= 2, engine, {
      timeout: 60_000,
    });
    await page.close();
    const log = (await (await fetch(`${originUrl}/_origin/log?session=${session}&kind=media&method=GET`)).json()) as Array<{ headers?: Record<string, string> }>;
    const tagged = log.filter((entry) => entry.headers?.['x-embedder'] === header).length;
    check(log.length > 0 && tagged === log.length, `${engine}: ${tagged} of ${log.length} media requests carried x-embedder: ${header}`);
    results[engine] = { mediaRequests: log.length, withHeader: tagged };
  }
  return results;
}
