/**
 * Writes `custom-elements.json` (a build artifact, listed in package.json `customElements`) from the
 * element's source, and prints what it holds: `npx tsx scripts/custom-elements.ts`.
 */

import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Package } from 'custom-elements-manifest/schema';
import { buildManifest } from './custom-elements-manifest.js';

const OUT_FILE = resolve(import.meta.dirname, '..', 'custom-elements.json');

/** One line: `custom-elements.json: 1 element, 21 attributes, 8 events, 27 parts, 25 css properties`. */
function summarize(manifest: Package): string {
  const elements = manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .filter((declaration) => (declaration as { customElement?: boolean }).customElement === true)
    .map((declaration) => declaration as { attributes?: unknown[]; events?: unknown[]; cssParts?: unknown[]; cssProperties?: unknown[] });
  const count = (key: 'attributes' | 'events' | 'cssParts' | 'cssProperties'): number =>
    elements.reduce((sum, element) => sum + (element[key]?.length ?? 0), 0);
  const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
  return [
    `custom-elements.json: ${plural(elements.length, 'element')}`,
    plural(count('attributes'), 'attribute'),
    plural(count('events'), 'event'),
    plural(count('cssParts'), 'part'),
    plural(count('cssProperties'), 'css property', 'css properties'),
  ].join(', ');
}

const manifest = await buildManifest();
await writeFile(OUT_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(summarize(manifest));
