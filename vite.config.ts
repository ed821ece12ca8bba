import { defineConfig } from 'vitest/config';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** `engine-hlsjs-<hash>.js` instead of four chunks all called `adapter-<hash>.js`; `telemetry-<hash>.js` for the lazy telemetry. */
function chunkFileNames(chunk: { name: string; facadeModuleId: string | null }): string {
  const engine = chunk.facadeModuleId?.match(/engines\/([^/]+)\/adapter\.ts$/)?.[1];
  if (chunk.facadeModuleId?.endsWith('/telemetry/index.ts')) return 'assets/telemetry-[hash].js';
  return engine ? `assets/engine-${engine}-[hash].js` : 'assets/[name]-[hash].js';
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
