import { describe, expect, it } from 'vitest';
import { checkBudget, readBudget, suggestBudget } from '../../../scripts/size/budget.js';
import { groupChunks, type ChunkNode } from '../../../scripts/size/chunk-groups.js';
import { contributorsOf } from '../../../scripts/size/contributors.js';

function chunk(fileName: string, links: Partial<Omit<ChunkNode, 'fileName'>> = {}): ChunkNode {
  return { fileName, isEntry: false, imports: [], dynamicImports: [], facadeModuleId: null, ...links };
}

/** index → (static) lit, abr → abr-rules; index ⇢ (dynamic) hls, dash, telemetry; hls and dash share session. */
const PLAYER_BUNDLE: readonly ChunkNode[] = [
  chunk('index.js', { isEntry: true, imports: ['lit.js', 'abr.js'], dynamicImports: ['hls.js', 'dash.js', 'telemetry.js'], facadeModuleId: '/r/src/index.ts' }),
  chunk('lit.js'),
  chunk('abr.js', { imports: ['abr-rules.js'] }),
  chunk('abr-rules.js'),
  chunk('hls.js', { imports: ['session.js', 'hls-lib.js', 'abr.js'], facadeModuleId: '/r/src/engines/hlsjs/adapter.ts' }),
  chunk('hls-lib.js'),
  chunk('dash.js', { imports: ['session.js'], facadeModuleId: '/r/src/engines/dashjs/adapter.ts' }),
  chunk('session.js', { imports: ['errors.js'] }),
  chunk('errors.js'),
  chunk('telemetry.js', { imports: ['rxjs'], dynamicImports: ['web-vitals.js'], facadeModuleId: '/r/telemetry/index.ts' }),
  chunk('web-vitals.js'),
];

describe('groupChunks', () => {
  it('puts the entry and every chunk it imports statically, transitively, in the core', () => {
    const { core } = groupChunks(PLAYER_BUNDLE);

    expect([...core].sort()).toEqual(['abr-rules.js', 'abr.js', 'index.js', 'lit.js']);
  });

  it('keeps dynamically imported chunks out of the core', () => {
    const { core } = groupChunks(PLAYER_BUNDLE);

    expect(core).not.toContain('hls.js');
    expect(core).not.toContain('telemetry.js');
  });

  it('makes one lazy group per dynamic import of the core, in import order', () => {
    const { lazy } = groupChunks(PLAYER_BUNDLE);

    expect(lazy.map((group) => group.root)).toEqual(['hls.js', 'dash.js', 'telemetry.js']);
    expect(lazy[0]?.facadeModuleId).toBe('/r/src/engines/hlsjs/adapter.ts');
  });

  it('counts a chunk only one engine needs in that engine, but not core chunks it also imports', () => {
    const hls = groupChunks(PLAYER_BUNDLE).lazy.find((group) => group.root === 'hls.js');

    expect(hls?.fileNames).toEqual(['hls.js', 'hls-lib.js']);
  });

  it('reports a chunk shared by two engines (and what it imports) as shared, in neither engine', () => {
    const { lazy, shared } = groupChunks(PLAYER_BUNDLE);

    expect(shared).toEqual([{ sharedBy: ['hls.js', 'dash.js'], fileNames: ['errors.js', 'session.js'] }]);
    expect(lazy.flatMap((group) => group.fileNames)).not.toContain('session.js');
  });

  it('counts a nested dynamic import in the lazy group that loads it', () => {
    const telemetry = groupChunks(PLAYER_BUNDLE).lazy.find((group) => group.root === 'telemetry.js');

    expect(telemetry?.fileNames).toEqual(['telemetry.js', 'web-vitals.js']);
  });

  it('places every chunk in exactly one group and ignores imports of external modules', () => {
    const { core, lazy, shared, orphans } = groupChunks(PLAYER_BUNDLE);
    const placed = [...core, ...lazy.flatMap((group) => group.fileNames), ...shared.flatMap((group) => group.fileNames), ...orphans];

    expect([...placed].sort()).toEqual(PLAYER_BUNDLE.map((c) => c.fileName).sort());
    expect(placed).not.toContain('rxjs');
  });

  it('keeps a lazy root that another lazy chunk imports as its own group', () => {
    const { lazy, shared } = groupChunks([
      chunk('index.js', { isEntry: true, dynamicImports: ['hls.js', 'native.js'] }),
      chunk('hls.js', { imports: ['native.js'] }),
      chunk('native.js', { imports: ['native-only.js'] }),
      chunk('native-only.js'),
    ]);

    expect(lazy.map((group) => group.fileNames)).toEqual([['hls.js'], ['native.js', 'native-only.js']]);
    expect(shared).toEqual([]);
  });

  it('reports chunks nothing reaches as orphans', () => {
    const { orphans } = groupChunks([chunk('index.js', { isEntry: true }), chunk('stray.js')]);

    expect(orphans).toEqual(['stray.js']);
  });
});

describe('readBudget', () => {
  it('reads a positive integer budget', () => {
    expect(readBudget({ sizeBudget: { coreGzipBytes: 46080 } })).toEqual({ ok: true, coreGzipBytes: 46080 });
  });

  it('is an error when package.json has no sizeBudget', () => {
    const read = readBudget({ name: 'vod-player' });

    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.error).toMatch(/no size budget.*"sizeBudget"/);
  });

  it.each([[{}], [{ coreGzipBytes: 0 }], [{ coreGzipBytes: -1 }], [{ coreGzipBytes: 1.5 }], [{ coreGzipBytes: '46080' }], [null]])(
    'is an error when sizeBudget is %j',
    (sizeBudget) => {
      const read = readBudget({ sizeBudget });

      expect(read.ok).toBe(false);
      expect(read.ok ? '' : read.error).toMatch(/positive integer/);
    },
  );
});

describe('checkBudget', () => {
  it('fails when the core is over budget and says by how much', () => {
    const verdict = checkBudget(46_081, 46_080);

    expect(verdict.withinBudget).toBe(false);
    expect(verdict.message).toMatch(/^core 45\.0 KiB gzip > budget 45\.0 KiB: 1 bytes over/);
  });

  it('passes under budget with a one-line summary', () => {
    const verdict = checkBudget(42_189, 46_080);

    expect(verdict).toEqual({ withinBudget: true, message: 'core 41.2 KiB gzip ≤ budget 45.0 KiB' });
  });

  it('passes at exactly the budget', () => {
    expect(checkBudget(46_080, 46_080).withinBudget).toBe(true);
  });
});

describe('suggestBudget', () => {
  it('adds 10% and rounds up to the next KiB', () => {
    expect(suggestBudget(38_930)).toBe(43_008);
    expect(suggestBudget(1024 * 10)).toBe(1024 * 11);
  });
});

describe('contributorsOf', () => {
  it('sums modules by package and source folder, largest first', () => {
    const contributors = contributorsOf(
      [
        { id: '/r/node_modules/lit-html/lit-html.js', renderedBytes: 30 },
        { id: '/r/node_modules/@lit/reactive-element/css-tag.js', renderedBytes: 10 },
        { id: '/r/src/ui/controls.ts', renderedBytes: 40 },
        { id: '/r/src/ui/menu.ts', renderedBytes: 10 },
        { id: '/r/src/index.ts', renderedBytes: 5 },
        { id: 'vite/preload-helper.js', renderedBytes: 5 },
      ],
      '/r',
    );

    expect(contributors.map((c) => [c.origin, c.renderedBytes])).toEqual([
      ['src/ui/', 50],
      ['lit-html', 30],
      ['@lit/reactive-element', 10],
      ['bundler runtime', 5],
      ['src/', 5],
    ]);
    expect(contributors[0]?.share).toBeCloseTo(0.5);
  });
});
