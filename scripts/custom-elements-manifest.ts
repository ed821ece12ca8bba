/// <reference path="./custom-elements-analyzer.d.ts" />
/**
 * The element's source → its Custom Elements Manifest (`custom-elements.json`). The analyzer reads
 * the class, its Lit `@property` decorators (attributes) and its JSDoc: member comments,
 * `@tagname`, `@event {CustomEvent<Detail>}`, `@csspart` and `@cssproperty` on the class.
 * `scripts/custom-elements.ts` writes the result at build; the unit test checks it against the code.
 */

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { create, ts } from '@custom-elements-manifest/analyzer/index.js';
import { litPlugin } from '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';
import type { Package } from 'custom-elements-manifest/schema';
import { definitionFromTagName, litDefaultAttributeNames, publicSurfaceOnly } from './custom-elements-plugins.js';

/** The modules that declare elements, relative to the package root (their paths in the manifest). */
const ELEMENT_MODULES: readonly string[] = ['src/vod-player.component.ts'];

const PACKAGE_ROOT = resolve(import.meta.dirname, '..');

export async function buildManifest(): Promise<Package> {
  const modules = await Promise.all(
    ELEMENT_MODULES.map(async (path) =>
      ts.createSourceFile(path, await readFile(resolve(PACKAGE_ROOT, path), 'utf8'), ts.ScriptTarget.Latest, true),
    ),
  );
  return create({
    modules,
    plugins: [...litPlugin(), publicSurfaceOnly(), litDefaultAttributeNames(), definitionFromTagName()],
  });
}
