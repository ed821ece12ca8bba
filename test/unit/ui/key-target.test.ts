import { describe, expect, it } from 'vitest';
import { keyEventTarget, roleOf, type RoleSource } from '../../../src/ui/key-target.js';

function element(tagName: string, attributes: Record<string, string> = {}, extra: Partial<RoleSource> = {}): RoleSource {
  return {
    tagName,
    getAttribute: (name) => attributes[name] ?? null,
    hasAttribute: (name) => name in attributes,
    ...extra,
  };
}

describe('roleOf', () => {
  it('prefers the explicit role', () => {
    expect(roleOf(element('BUTTON', { role: 'menuitemradio' }))).toBe('menuitemradio');
    expect(roleOf(element('DIV', { role: 'slider' }))).toBe('slider');
  });

  it('takes the first token of a role list', () => {
    expect(roleOf(element('DIV', { role: ' menu  none' }))).toBe('menu');
  });

  it('knows the implicit roles of controls that handle keys themselves', () => {
    expect(roleOf(element('BUTTON'))).toBe('button');
    expect(roleOf(element('INPUT', {}, { type: 'range' }))).toBe('slider');
    expect(roleOf(element('INPUT', {}, { type: 'checkbox' }))).toBe('checkbox');
    expect(roleOf(element('INPUT', {}, { type: 'text' }))).toBe('textbox');
    expect(roleOf(element('INPUT', {}, { type: 'email' }))).toBe('textbox');
    expect(roleOf(element('TEXTAREA'))).toBe('textbox');
    expect(roleOf(element('SELECT'))).toBe('combobox');
    expect(roleOf(element('A', { href: '#' }))).toBe('link');
  });

  it('reads the type attribute when the type property is missing', () => {
    expect(roleOf(element('INPUT', { type: 'range' }))).toBe('slider');
  });

  it('treats editable content as a text field', () => {
    expect(roleOf(element('DIV', {}, { isContentEditable: true }))).toBe('textbox');
  });

  it('gives no role to plain elements, the host or nothing', () => {
    expect(roleOf(element('DIV'))).toBeNull();
    expect(roleOf(element('VOD-PLAYER'))).toBeNull();
    expect(roleOf(element('A'))).toBeNull();
    expect(roleOf(null)).toBeNull();
  });
});

describe('keyEventTarget', () => {
  it('looks through shadow roots to the element the event started on', () => {
    const inner = element('INPUT', { type: 'range' });
    const host = element('VOD-PLAYER');
    expect(keyEventTarget({ composedPath: () => [inner as unknown as EventTarget, host as unknown as EventTarget], target: null })).toBe(inner);
  });

  it('returns null when the event did not start on an element', () => {
    expect(keyEventTarget({ composedPath: () => [], target: null })).toBeNull();
  });
});
