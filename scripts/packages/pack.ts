// `npm pack` of every package, the way a release would: each package's `prepack` builds it.
import { run } from './run.js';

export interface PackedPackage {
  name: string;
  version: string;
  /** Absolute path of the tarball. */
  tarball: string;
  /** Tarball size (gzip), bytes. */
  packedBytes: number;
  /** Size of the files in it, bytes. */
  unpackedBytes: number;
  files: string[];
}

interface NpmPackJson {
  name: string;
  version: string;
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string }>;
}

/**
 * Packs the root package (`vod-player`) and every workspace into `outDir`. `npm pack` runs each
 * package's `prepack`, so what ships is what a fresh build makes.
 */
export async function packAll(repoRoot: string, outDir: string): Promise<PackedPackage[]> {
  const common = ['pack', '--json', '--pack-destination', outDir];
  const root = await run('npm', common, { cwd: repoRoot, timeoutMs: 300_000 });
  const workspaces = await run('npm', [...common, '--workspaces'], { cwd: repoRoot, timeoutMs: 300_000 });
  return [...parsePackJson(root.stdout), ...parsePackJson(workspaces.stdout)].map((entry) => ({
    name: entry.name,
    version: entry.version,
    tarball: `${outDir}/${entry.filename}`,
    packedBytes: entry.size,
    unpackedBytes: entry.unpackedSize,
    files: entry.files.map((file) => file.path),
  }));
}

/** `npm pack --json` prints lifecycle-script output before the JSON array: take the array. */
function parsePackJson(stdout: string): NpmPackJson[] {
  const start = stdout.lastIndexOf('\n[');
  const json = start === -1 ? stdout.slice(stdout.indexOf('[')) : stdout.slice(start + 1);
  return JSON.parse(json) as NpmPackJson[];
}

/** Files a package must ship, by package name: its entry points and types. A miss fails the proof. */
export const REQUIRED_FILES: Readonly<Record<string, readonly string[]>> = {
  'vod-player': [
    'dist/lib/vod-player.js',
    'dist/lib/component.js',
    'dist/lib/abr.js',
    'dist/lib/react.js',
    'dist/types/src/index.d.ts',
    'dist/types/src/react.d.ts',
    'dist/types/abr/index.d.ts',
    'custom-elements.json',
    'telemetry/schema/beacon.schema.json',
    'LICENSE',
    'CHANGELOG.md',
    'README.md',
  ],
  'vod-origin': ['dist/origin/index.js', 'dist/origin/index.d.ts', 'dist/origin/cli.js', 'dist/origin/playwright/index.js', 'LICENSE', 'README.md'],
};

/** Required files a packed package lacks, and files it should never ship (sources, tests). */
export function checkContents(packed: PackedPackage): { missing: string[]; unwanted: string[] } {
  const required = REQUIRED_FILES[packed.name] ?? [];
  const missing = required.filter((file) => !packed.files.includes(file));
  const unwanted = packed.files.filter((file) => /(^|\/)(test|node_modules)\//.test(file) || (/\.ts$/.test(file) && !file.endsWith('.d.ts')));
  return { missing, unwanted };
}
