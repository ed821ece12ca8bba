// Production bundles as an embedder's app bundler would produce them from the package's sources:
// Vite's own build (rolldown, oxc minifier), dependencies bundled in unless told otherwise.
import { join } from 'node:path';
import { build, type Rolldown } from 'vite';
import type { ChunkNode } from './chunk-groups.js';
import type { RenderedModule } from './contributors.js';

export interface BuiltChunk extends ChunkNode {
  readonly code: string;
  readonly modules: readonly RenderedModule[];
}

export interface BundleOptions {
  /** The repository root (Vite's `root`; also where tsconfig.json is found). */
  readonly root: string;
  /** Absolute path of the entry module. */
  readonly entry: string;
  /** A scratch folder this build may write into (its cache); the caller removes it. */
  readonly scratchDir: string;
  /** Vite `define`, e.g. `{ __VOD_PLAYER_VERSION__: '"0.2.0"' }`. */
  readonly define: Record<string, string>;
  /** Module ids left out of the bundle; none unless given. */
  readonly external?: (id: string) => boolean;
}

/**
 * Minified build of `entry` with Vite's programmatic API and no config file, kept in memory
 * (`write: false`). The entry keeps all its exports, as a package entry must.
 */
export async function bundle(options: BundleOptions): Promise<BuiltChunk[]> {
  const result = await build({
    configFile: false,
    envDir: false,
    root: options.root,
    mode: 'production',
    logLevel: 'error',
    publicDir: false,
    cacheDir: join(options.scratchDir, 'vite-cache'),
    define: options.define,
    build: {
      write: false,
      outDir: join(options.scratchDir, 'out'),
      emptyOutDir: false,
      copyPublicDir: false,
      minify: true,
      sourcemap: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: options.entry,
        preserveEntrySignatures: 'exports-only',
        ...(options.external === undefined ? {} : { external: options.external }),
      },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  return outputs.flatMap((output) => {
    if (!('output' in output)) throw new Error('Vite started a watcher instead of building once.');
    return output.output.filter((item): item is Rolldown.OutputChunk => item.type === 'chunk').map(toBuiltChunk);
  });
}

function toBuiltChunk(chunk: Rolldown.OutputChunk): BuiltChunk {
  return {
    fileName: chunk.fileName,
    isEntry: chunk.isEntry,
    imports: chunk.imports,
    dynamicImports: chunk.dynamicImports,
    facadeModuleId: chunk.facadeModuleId,
    code: chunk.code,
    modules: Object.entries(chunk.modules).map(([id, module]) => ({ id, renderedBytes: module.renderedLength })),
  };
}
