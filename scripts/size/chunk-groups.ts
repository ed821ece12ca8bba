// Splits a bundle's chunk graph into what a page downloads before any lazy import (the core) and
// what each lazy import adds. Pure: it reads the graph only, never code or the file system.

/** The part of a bundler's output chunk this module reads (rolldown's `OutputChunk` fits it). */
export interface ChunkNode {
  readonly fileName: string;
  readonly isEntry: boolean;
  /** File names of the chunks this one imports statically. Names not in the graph (externals) are ignored. */
  readonly imports: readonly string[];
  /** File names of the chunks this one loads with `import()`. */
  readonly dynamicImports: readonly string[];
  readonly facadeModuleId: string | null;
}

/** What one dynamic `import()` from the core downloads on top of the core. */
export interface LazyGroup {
  /** The chunk the `import()` loads. */
  readonly root: string;
  readonly facadeModuleId: string | null;
  /** `root` first, then (sorted) every chunk only this import reaches, statically or through nested `import()`s. */
  readonly fileNames: readonly string[];
}

/** Lazy chunks that more than one lazy group needs; counted in none of them. */
export interface SharedGroup {
  /** Roots of the lazy groups that need these chunks, in the order of `ChunkGroups.lazy`. */
  readonly sharedBy: readonly string[];
  readonly fileNames: readonly string[];
}

export interface ChunkGroups {
  /** The entry chunks and every chunk they import statically, transitively, in discovery order. */
  readonly core: readonly string[];
  /** One per chunk a core chunk loads with `import()`, in the order the core imports them. */
  readonly lazy: readonly LazyGroup[];
  readonly shared: readonly SharedGroup[];
  /** Chunks neither the core nor any lazy group reaches (none in a healthy bundle). */
  readonly orphans: readonly string[];
}

/**
 * Groups `chunks` into core, lazy groups, shared lazy chunks and orphans; every chunk lands in
 * exactly one. A lazy root that another lazy group also imports stays the head of its own group
 * (the walk stops at it), so no chunk is counted twice.
 */
export function groupChunks(chunks: readonly ChunkNode[]): ChunkGroups {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));

  function reach(start: readonly string[], next: (chunk: ChunkNode) => readonly string[], stopAt: (name: string) => boolean): string[] {
    const seen = new Set<string>();
    const stack = [...start].reverse();
    for (let name = stack.pop(); name !== undefined; name = stack.pop()) {
      const chunk = byName.get(name);
      if (chunk === undefined || seen.has(name) || stopAt(name)) continue;
      seen.add(name);
      stack.push(...[...next(chunk)].reverse());
    }
    return [...seen];
  }

  const entries = chunks.filter((chunk) => chunk.isEntry).map((chunk) => chunk.fileName);
  const core = reach(entries, (chunk) => chunk.imports, () => false);
  const inCore = new Set(core);

  const roots = [...new Set(core.flatMap((name) => byName.get(name)?.dynamicImports ?? []))].filter(
    (name) => byName.has(name) && !inCore.has(name),
  );
  const isRoot = new Set(roots);

  /** chunk → the roots whose walk reaches it (roots themselves excluded). */
  const reachedBy = new Map<string, string[]>();
  for (const root of roots) {
    const reached = reach([root], (chunk) => [...chunk.imports, ...chunk.dynamicImports], (name) => inCore.has(name) || (isRoot.has(name) && name !== root));
    for (const name of reached) {
      if (name === root) continue;
      reachedBy.set(name, [...(reachedBy.get(name) ?? []), root]);
    }
  }

  const lazy = roots.map((root): LazyGroup => ({
    root,
    facadeModuleId: byName.get(root)?.facadeModuleId ?? null,
    fileNames: [root, ...[...reachedBy].filter(([, by]) => by.length === 1 && by[0] === root).map(([name]) => name).sort()],
  }));

  const sharedByKey = new Map<string, { sharedBy: string[]; fileNames: string[] }>();
  for (const [name, by] of reachedBy) {
    if (by.length < 2) continue;
    const sharedBy = [...by].sort((a, b) => roots.indexOf(a) - roots.indexOf(b));
    const key = sharedBy.join('\n');
    const group = sharedByKey.get(key) ?? { sharedBy, fileNames: [] };
    group.fileNames.push(name);
    sharedByKey.set(key, group);
  }
  const shared = [...sharedByKey.values()]
    .map((group): SharedGroup => ({ sharedBy: group.sharedBy, fileNames: group.fileNames.sort() }))
    .sort((a, b) => b.sharedBy.length - a.sharedBy.length || a.sharedBy.join('\n').localeCompare(b.sharedBy.join('\n')));

  const orphans = chunks
    .map((chunk) => chunk.fileName)
    .filter((name) => !inCore.has(name) && !isRoot.has(name) && !reachedBy.has(name));

  return { core, lazy, shared, orphans };
}
