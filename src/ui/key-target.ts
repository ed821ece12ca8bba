/**
 * Which ARIA role has the keyboard focus, so `keyToAction` can leave keys to that control.
 * Takes a structural element so it runs in tests without a DOM.
 */

/** The part of `Element` (or `HTMLInputElement`) this module reads. */
export interface RoleSource {
  readonly tagName: string;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  /** `HTMLInputElement.type`, when it is an input. */
  readonly type?: string;
  /** `HTMLElement.isContentEditable`. */
  readonly isContentEditable?: boolean;
}

const INPUT_ROLES: Readonly<Record<string, string>> = {
  range: 'slider',
  checkbox: 'checkbox',
  radio: 'radio',
  number: 'spinbutton',
  button: 'button',
  submit: 'button',
  reset: 'button',
  image: 'button',
  search: 'searchbox',
};

/** The explicit `role`, else the implicit role of the few elements that handle keys themselves. */
export function roleOf(element: RoleSource | null | undefined): string | null {
  if (!element) return null;
  const explicit = element.getAttribute('role')?.trim().split(/\s+/)[0];
  if (explicit) return explicit;
  switch (element.tagName.toUpperCase()) {
    case 'BUTTON':
    case 'SUMMARY':
      return 'button';
    case 'A':
      return element.hasAttribute('href') ? 'link' : null;
    case 'SELECT':
      return 'combobox';
    case 'TEXTAREA':
      return 'textbox';
    case 'INPUT':
      return INPUT_ROLES[(element.type ?? element.getAttribute('type') ?? 'text').toLowerCase()] ?? 'textbox';
  }
  return element.isContentEditable ? 'textbox' : null;
}

/** The element a key event really started on, looking through shadow roots. */
export function keyEventTarget(event: Pick<Event, 'composedPath' | 'target'>): RoleSource | null {
  const origin = event.composedPath()[0] ?? event.target;
  return isRoleSource(origin) ? origin : null;
}

function isRoleSource(value: unknown): value is RoleSource {
  return typeof value === 'object' && value !== null && 'tagName' in value && 'getAttribute' in value;
}
