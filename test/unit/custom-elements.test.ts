/**
 * custom-elements.json against the code. The manifest is built the way the build builds it (from
 * the JSDoc and decorators of the class); what it must contain is read here, independently, from
 * the sources: Lit `@property` decorators, the `vod-*` event map, `part=` in templates, `--vod-*`
 * in the styles. A part, attribute, event or custom property missing from the manifest fails.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import type { ClassDeclaration, CustomElement, Package } from 'custom-elements-manifest/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildManifest } from '../../scripts/custom-elements-manifest.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');
const COMPONENT = join(SRC, 'vod-player.component.ts');

type ElementDoc = ClassDeclaration & CustomElement;

let manifest: Package;
let element: ElementDoc;

beforeAll(async () => {
  manifest = await buildManifest();
  const found = manifest.modules.flatMap((module) => module.declarations ?? []).find((d) => d.name === 'VodPlayer');
  if (!found || found.kind !== 'class') throw new Error('custom-elements.json has no VodPlayer class');
  element = found as ElementDoc;
});

describe('custom-elements.json', () => {
  it('declares VodPlayer as the element of the tag defineVodPlayer registers by default', () => {
    const defaultTag = defaultTagName();
    expect(defaultTag).toBe('vod-player');
    expect(element.customElement).toBe(true);
    expect(element.tagName).toBe(defaultTag);
    const definitions = manifest.modules
      .flatMap((module) => module.exports ?? [])
      .filter((e) => e.kind === 'custom-element-definition');
    expect(definitions).toContainEqual(
      expect.objectContaining({ name: defaultTag, declaration: expect.objectContaining({ name: 'VodPlayer' }) }),
    );
  });

  it('lists exactly the attributes the Lit @property decorators declare, with field name and type', () => {
    const declared = litAttributes();
    expect(sorted((element.attributes ?? []).map((a) => a.name))).toEqual(sorted(declared.map((a) => a.name)));
    for (const { name, fieldName } of declared) {
      const attribute = element.attributes?.find((a) => a.name === name);
      expect(attribute?.fieldName, `attribute ${name}`).toBe(fieldName);
      expect(attribute?.type?.text, `type of attribute ${name}`).toBeTruthy();
    }
  });

  it('describes every public property and method of the class', () => {
    const members = element.members ?? [];
    for (const name of publicMemberNames()) {
      const member = members.find((m) => m.name === name);
      expect(member, `member ${name}`).toBeDefined();
      expect(member?.description?.trim(), `description of ${name}`).toBeTruthy();
    }
    expect(members.filter((m) => m.name.startsWith('#') || m.privacy === 'private')).toEqual([]);
  });

  it('lists exactly the vod-* events of the event map, each with its CustomEvent detail type', () => {
    const events = eventMap();
    expect(sorted((element.events ?? []).map((e) => e.name))).toEqual(sorted([...events.keys()]));
    for (const [name, type] of events) {
      const event = element.events?.find((e) => e.name === name);
      expect(event?.type?.text, `type of ${name}`).toBe(type);
      expect(event?.description?.trim(), `description of ${name}`).toBeTruthy();
    }
  });

  it('lists exactly the parts the templates under src/ render', () => {
    expect(sorted((element.cssParts ?? []).map((p) => p.name))).toEqual(renderedParts());
    for (const part of element.cssParts ?? []) expect(part.description?.trim(), `part ${part.name}`).toBeTruthy();
  });

  it('lists exactly the --vod-* custom properties the code uses, each with a description', () => {
    expect(sorted((element.cssProperties ?? []).map((p) => p.name))).toEqual(usedCustomProperties());
    for (const property of element.cssProperties ?? []) {
      expect(property.description?.trim(), `custom property ${property.name}`).toBeTruthy();
    }
  });
});

// ── Reading the code ──────────────────────────────────────────────────────────

function sorted(names: Iterable<string>): string[] {
  return [...new Set(names)].sort();
}

function parse(path: string): ts.SourceFile {
  return ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
}

function sourceFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(dir, file));
}

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (child) => walk(child, visit));
}

function where(node: ts.Node): string {
  const file = node.getSourceFile();
  const { line } = file.getLineAndCharacterOfPosition(node.getStart());
  return `${relative(ROOT, file.fileName)}:${line + 1}`;
}

function vodPlayerClass(): ts.ClassDeclaration {
  let found: ts.ClassDeclaration | undefined;
  walk(parse(COMPONENT), (node) => {
    if (ts.isClassDeclaration(node) && node.name?.text === 'VodPlayer') found = node;
  });
  if (!found) throw new Error('no class VodPlayer in src/vod-player.component.ts');
  return found;
}

/** `defineVodPlayer(tagName = 'vod-player')` in src/vod-player.ts. */
function defaultTagName(): string | undefined {
  let tag: string | undefined;
  walk(parse(join(SRC, 'vod-player.ts')), (node) => {
    if (!ts.isFunctionDeclaration(node) || node.name?.text !== 'defineVodPlayer') return;
    const initializer = node.parameters[0]?.initializer;
    if (initializer && ts.isStringLiteral(initializer)) tag = initializer.text;
  });
  return tag;
}

/** Attributes of `@property()` fields: `attribute: 'x'`, or the lowercased field name; `attribute: false` has none. */
function litAttributes(): Array<{ name: string; fieldName: string }> {
  const attributes: Array<{ name: string; fieldName: string }> = [];
  for (const member of vodPlayerClass().members) {
    if (!ts.isPropertyDeclaration(member) || !ts.isIdentifier(member.name)) continue;
    const decorator = ts.getDecorators(member)?.find(
      (d) => ts.isCallExpression(d.expression) && ts.isIdentifier(d.expression.expression) && d.expression.expression.text === 'property',
    );
    if (!decorator) continue;
    const options = (decorator.expression as ts.CallExpression).arguments[0];
    const option = options && ts.isObjectLiteralExpression(options)
      ? options.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'attribute')
      : undefined;
    const fieldName = member.name.text;
    if (!option) attributes.push({ name: fieldName.toLowerCase(), fieldName });
    else if (ts.isStringLiteral(option.initializer)) attributes.push({ name: option.initializer.text, fieldName });
    else if (option.initializer.kind !== ts.SyntaxKind.FalseKeyword) throw new Error(`unreadable attribute option at ${where(option)}`);
  }
  return attributes;
}

/** Public, non-static members the class declares itself (overrides are the base class's API). */
function publicMemberNames(): string[] {
  const names: string[] = [];
  for (const member of vodPlayerClass().members) {
    if (!ts.isPropertyDeclaration(member) && !ts.isMethodDeclaration(member) && !ts.isAccessor(member)) continue;
    if (!ts.isIdentifier(member.name)) continue; // #private
    const hidden = [ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword, ts.SyntaxKind.StaticKeyword, ts.SyntaxKind.OverrideKeyword];
    if (ts.getModifiers(member)?.some((m) => hidden.includes(m.kind))) continue;
    names.push(member.name.text);
  }
  return sorted(names);
}

/** `'vod-x': CustomEvent<VodXDetail>` members of the interfaces in src/events.ts → name to type text. */
function eventMap(): Map<string, string> {
  const events = new Map<string, string>();
  walk(parse(join(SRC, 'events.ts')), (node) => {
    if (!ts.isPropertySignature(node) || !ts.isStringLiteral(node.name) || !node.name.text.startsWith('vod-')) return;
    if (!node.type || !ts.isTypeReferenceNode(node.type) || node.type.typeName.getText() !== 'CustomEvent') {
      throw new Error(`event ${node.name.text} at ${where(node)} is not a CustomEvent<Detail>`);
    }
    events.set(node.name.text, node.type.getText().replace(/\s+/g, ''));
  });
  return events;
}

/**
 * `part="a b"` and `part=${expression}` in every template literal under src/. An expression is
 * expanded to the strings it can produce: literals, conditionals, nested templates, and anything
 * whose type is a union of string literals (`${name}-button` with `name: MenuName`).
 */
function renderedParts(): string[] {
  const files = sourceFilesUnder(SRC);
  // Only the project's own string-literal unions matter here: without lib.dom and the engines'
  // typings (noLib, noResolve: just the files under src/), the checker is ready in about a second.
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    experimentalDecorators: true,
    strict: true,
    noEmit: true,
    noLib: true,
    noResolve: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const parts: string[] = [];
  const addNames = (value: string): void => {
    parts.push(...value.split(/\s+/).filter(Boolean));
  };

  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`not in the program: ${file}`);
    walk(source, (node) => {
      if (ts.isNoSubstitutionTemplateLiteral(node)) {
        for (const match of node.text.matchAll(STATIC_PART)) addNames(match[1] ?? match[2] ?? '');
        return;
      }
      if (!ts.isTemplateExpression(node)) return;
      const pieces = [node.head, ...node.templateSpans.map((span) => span.literal)];
      pieces.forEach((piece, i) => {
        for (const match of piece.text.matchAll(STATIC_PART)) addNames(match[1] ?? match[2] ?? '');
        const open = OPEN_PART.exec(piece.text);
        if (!open) return;
        const span = node.templateSpans[i];
        if (!span || open[2]) throw new Error(`part mixes text and expressions at ${where(piece)}; read it here`);
        for (const value of possibleStrings(span.expression, checker)) addNames(value);
      });
    });
  }
  return sorted(parts);
}

/** A complete `part="…"` or `part='…'` attribute in template text. */
const STATIC_PART = /(?<![\w-])part\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
/** Template text ending in `part=` or `part="` (optionally with text), so the next expression is the value. */
const OPEN_PART = /(?<![\w-])part\s*=\s*(["']?)([^"']*)$/;

function possibleStrings(expression: ts.Expression, checker: ts.TypeChecker): string[] {
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return [expression.text];
  if (ts.isParenthesizedExpression(expression)) return possibleStrings(expression.expression, checker);
  if (ts.isConditionalExpression(expression)) {
    return [...possibleStrings(expression.whenTrue, checker), ...possibleStrings(expression.whenFalse, checker)];
  }
  if (ts.isTemplateExpression(expression)) {
    return expression.templateSpans.reduce(
      (prefixes, span) =>
        prefixes.flatMap((prefix) => possibleStrings(span.expression, checker).map((value) => prefix + value + span.literal.text)),
      [expression.head.text],
    );
  }
  const type = checker.getTypeAtLocation(expression);
  const members = type.isUnion() ? type.types : [type];
  if (members.every((member) => member.isStringLiteral())) return members.map((member) => (member as ts.StringLiteralType).value);
  throw new Error(`cannot tell which parts \`${expression.getText()}\` at ${where(expression)} produces`);
}

/** `--vod-*` names in the code's strings and templates (the styles), not in its comments. */
function usedCustomProperties(): string[] {
  const names: string[] = [];
  for (const file of sourceFilesUnder(SRC)) {
    walk(parse(file), (node) => {
      if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) {
        for (const match of node.text.matchAll(/--vod-[a-z0-9-]+/g)) names.push(match[0]);
      }
    });
  }
  return sorted(names);
}
