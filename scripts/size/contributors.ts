// Which packages and source folders fill a group of chunks, by the bytes each module renders to
// after tree-shaking (before minification, so shares are indicative, not exact). Pure.

export interface RenderedModule {
  /** The module id as the bundler reports it: an absolute path, or a virtual id such as `vite/preload-helper.js`. */
  readonly id: string;
  readonly renderedBytes: number;
}

export interface Contributor {
  /** `lit-html` (a package), `src/ui/` (a source folder), `src/` (files directly in src) or `bundler runtime`. */
  readonly origin: string;
  readonly renderedBytes: number;
  /** Fraction of the group's rendered bytes, 0..1. */
  readonly share: number;
}

/** Sums `modules` by origin, largest first. `root` is the repository root, used to shorten source paths. */
export function contributorsOf(modules: readonly RenderedModule[], root: string): Contributor[] {
  const totals = new Map<string, number>();
  for (const module of modules) {
    const origin = originOf(module.id, root);
    totals.set(origin, (totals.get(origin) ?? 0) + module.renderedBytes);
  }
  const all = [...totals.values()].reduce((sum, bytes) => sum + bytes, 0);
  return [...totals]
    .map(([origin, renderedBytes]) => ({ origin, renderedBytes, share: all === 0 ? 0 : renderedBytes / all }))
    .sort((a, b) => b.renderedBytes - a.renderedBytes || a.origin.localeCompare(b.origin));
}

function originOf(id: string, root: string): string {
  const path = id.replaceAll('\\', '/');
  const inPackage = path.lastIndexOf('/node_modules/');
  if (inPackage !== -1) {
    const [scope = '', name = ''] = path.slice(inPackage + '/node_modules/'.length).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  const prefix = `${root.replaceAll('\\', '/').replace(/\/$/, '')}/`;
  if (!path.startsWith(prefix)) return 'bundler runtime';
  const parts = path.slice(prefix.length).split('/');
  return parts[0] === 'src' && parts.length > 2 ? `src/${parts[1]}/` : `${parts[0]}/`;
}
