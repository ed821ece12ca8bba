// The parts of @custom-elements-manifest/analyzer 0.11 used programmatically. Its index.d.ts types
// the plugin hooks only, not `create`, its own `ts` (5.4, which the AST must come from) or the Lit
// plugins, so these ambient declarations give them types.

declare module '@custom-elements-manifest/analyzer/index.js' {
  import type { Package } from 'custom-elements-manifest/schema';
  import type { Context, Plugin } from '@custom-elements-manifest/analyzer';
  import type * as typescript from 'typescript';

  /** The analyzer's own TypeScript: source files must be parsed with it (its SyntaxKind numbers). */
  export const ts: typeof typescript;
  export function create(options: {
    modules: readonly typescript.SourceFile[];
    plugins?: readonly Plugin[];
    context?: Context;
  }): Package;
}

declare module '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js' {
  import type { Plugin } from '@custom-elements-manifest/analyzer';

  /** `@property`/`static properties` → attributes, and Lit's lifecycle methods left out. */
  export function litPlugin(): Plugin[];
}
