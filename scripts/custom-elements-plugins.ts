/**
 * Analyzer plugins for what @custom-elements-manifest/analyzer 0.11 gets wrong or leaves in for
 * `<vod-player>`: each runs after its own phase of the core plugins, on the manifest objects.
 */

import type { Plugin } from '@custom-elements-manifest/analyzer';
import type { ClassDeclaration, CustomElement, Module } from 'custom-elements-manifest/schema';

/** A class as the analyzer writes it (schema 1.0.0's `CustomElementDeclaration` lacks these fields). */
type ClassDoc = ClassDeclaration & Partial<CustomElement>;

function classesOf(module: Module): ClassDoc[] {
  return (module.declarations ?? []).filter((declaration): declaration is ClassDoc => declaration.kind === 'class');
}

/**
 * Leaves out what is not API: `#private` members, and events without a literal name (the media
 * events re-dispatched from the inner `<video>`, which the class description names instead).
 */
export function publicSurfaceOnly(): Plugin {
  return {
    name: 'vod-player: public surface only',
    moduleLinkPhase({ moduleDoc }) {
      for (const doc of classesOf(moduleDoc)) {
        doc.members = doc.members?.filter((member) => !member.name.startsWith('#'));
        doc.events = doc.events?.filter((event) => Boolean(event.name));
      }
    },
  };
}

/**
 * Lit's default attribute is the property name lowercased (`seekStep` → `seekstep`, which is also
 * what an HTML parser hands over); the analyzer keeps the property's case.
 */
export function litDefaultAttributeNames(): Plugin {
  return {
    name: 'vod-player: Lit default attribute names',
    moduleLinkPhase({ moduleDoc }) {
      for (const doc of classesOf(moduleDoc)) {
        for (const attribute of doc.attributes ?? []) {
          if (attribute.name === attribute.fieldName) attribute.name = attribute.name.toLowerCase();
        }
        for (const member of doc.members ?? []) {
          const field = member as { name: string; attribute?: string };
          if (field.attribute === field.name) field.attribute = field.name.toLowerCase();
        }
      }
    },
  };
}

/**
 * `defineVodPlayer(tagName = 'vod-player')` registers an anonymous subclass under a parameter,
 * which the analyzer cannot follow; the class's `@tagname` says which tag it gets, and this adds
 * the matching `custom-element-definition` export next to the class.
 */
export function definitionFromTagName(): Plugin {
  return {
    name: 'vod-player: definition from @tagname',
    packageLinkPhase({ customElementsManifest }) {
      const modules = customElementsManifest.modules;
      const defined = new Set(
        modules.flatMap((module) => module.exports ?? []).flatMap((e) => (e.kind === 'custom-element-definition' ? [e.name] : [])),
      );
      for (const module of modules) {
        for (const doc of classesOf(module)) {
          if (!doc.tagName || defined.has(doc.tagName)) continue;
          module.exports = [
            ...(module.exports ?? []),
            { kind: 'custom-element-definition', name: doc.tagName, declaration: { name: doc.name, module: module.path } },
          ];
          defined.add(doc.tagName);
        }
      }
    },
  };
}
