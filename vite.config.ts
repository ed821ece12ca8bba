import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** `engine-hlsjs-<hash>.js` instead of four chunks all called `adapter-<hash>.js`; `telemetry-<hash>.js` for the lazy telemetry. */
function chunkFileNames(chunk: { name: string; facadeModuleId: string | null }): string {
  const engine = chunk.facadeModuleId?.match(/engines\/([^/]+)\/adapter\.ts$/)?.[1];
  if (chunk.facadeModuleId?.endsWith('/telemetry/index.ts')) return 'assets/telemetry-[hash].js';
  return engine ? `assets/engine-${engine}-[hash].js` : 'assets/[name]-[hash].js';
}

/** Where a page wants its startup hints (bench/pages/element.html). */
const HINTS_MARKER = '<!-- vod-player:startup-hints -->';

/**
 * Site build: replaces HINTS_MARKER with what README "Faster startup" asks an embedder's <head> to
 * say, for the page's `?engine=` and `?src=` (a server-rendered page knows both and writes the tags
 * directly): `<link rel="modulepreload">` for the engine's chunk and the chunks it imports (names
 * from the bundle, as a backend would read them from Vite's manifest), and `<link rel="preload"
 * as="fetch" crossorigin>` for the manifest, which the element's own prefetch then picks up.
 * `?hints=0` leaves them out.
 */
function startupHints(): Plugin {
  let base = '/';
  return {
    name: 'vod-player-startup-hints',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!html.includes(HINTS_MARKER) || !ctx.bundle) return html;
        const bundle = ctx.bundle;
        const files: Record<string, string[]> = {};
        const withImports = (fileName: string, seen: Set<string>): void => {
          const chunk = bundle[fileName];
          if (!chunk || chunk.type !== 'chunk' || seen.has(fileName)) return;
          seen.add(fileName);
          for (const imported of chunk.imports) withImports(imported, seen);
        };
        for (const chunk of Object.values(bundle)) {
          const folder = chunk.type === 'chunk' ? chunk.facadeModuleId?.match(/engines\/(hlsjs|dashjs|shaka)\/adapter\.ts$/)?.[1] : undefined;
          if (!folder) continue;
          const seen = new Set<string>();
          withImports(chunk.fileName, seen);
          // The page's own chunks are preloaded already.
          const engineOnly = [...seen].filter((file) => !html.includes(base + file));
          files[{ hlsjs: 'hls.js', dashjs: 'dash.js', shaka: 'shaka' }[folder]!] = engineOnly.map((file) => base + file);
        }
        const script = `(() => {
  const files = ${JSON.stringify(files)};
  const params = new URLSearchParams(location.search);
  if (params.get('hints') === '0') return;
  const src = params.get('src') || '';
  let engine = params.get('engine') || 'auto';
  if (engine === 'auto') engine = /\\.mpd([?#]|$)/i.test(src) ? 'dash.js' : 'hls.js';
  const link = (rel, href, as) => {
    const element = Object.assign(document.createElement('link'), { rel, href, crossOrigin: 'anonymous' });
    if (as) element.as = as;
    document.head.append(element);
  };
  for (const href of files[engine] || []) link('modulepreload', href);
  if (src) link('preload', src, 'fetch');
})();`;
        return html.replace(HINTS_MARKER, `<script>${script}</script>`);
      },
    },
  };
}

const root = import.meta.dirname;
const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };

/** Libraries the published package leaves to the embedder's bundler (they are its dependencies). */
const LIB_EXTERNALS = [/^lit/, /^@lit\//, 'hls.js', 'dashjs', 'shaka-player', /^shaka-player\//, 'rxjs', 'web-vitals', 'react', /^react\//];

// One config, three jobs:
//  - `vite` / `vite build`: the demo page and the e2e/bench pages (multi-page app);
//  - `vite build --mode lib`: the publishable library (dist/lib), one lazy chunk per engine;
//  - `vitest`: unit tests (Node, jsdom-free: pure code only).
export default defineConfig(({ mode }) => ({
  root,
  // The player version in telemetry (`session_start.playerVersion`) comes from package.json at build time.
  define: { __VOD_PLAYER_VERSION__: JSON.stringify(version) },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1' },
  plugins: mode === 'lib' ? [] : [startupHints()],
  build:
    mode === 'lib'
      ? {
          outDir: 'dist/lib',
          emptyOutDir: true,
          sourcemap: true,
          lib: {
            entry: {
              'vod-player': resolve(root, 'src/index.ts'),
              component: resolve(root, 'src/component.ts'),
              react: resolve(root, 'src/react.ts'),
              abr: resolve(root, 'abr/index.ts'),
            },
            formats: ['es'],
          },
          rolldownOptions: {
            output: { chunkFileNames: (chunk) => chunkFileNames(chunk).replace('assets/', '') },
            external: LIB_EXTERNALS,
          },
        }
      : {
          outDir: 'dist/site',
          emptyOutDir: true,
          sourcemap: true,
          chunkSizeWarningLimit: 2000,
          rolldownOptions: {
            output: { chunkFileNames },
            input: {
              demo: resolve(root, 'demo/index.html'),
              bare: resolve(root, 'bench/pages/bare.html'),
              element: resolve(root, 'bench/pages/element.html'),
            },
          },
        },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
}));
