/**
 * A menu button with its popup menu (WAI-ARIA menu button pattern): `aria-haspopup`,
 * `aria-expanded`, `role="menu"` with `role="menuitemradio"` items, focus moved into the menu on
 * open and back to the button on close, ↑/↓/Home/End between items, Escape and Tab close it,
 * and so does focus or a click leaving it.
 */

import { html, nothing, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { checkIcon } from './icons.js';
import type { MenuItem } from './menu-items.js';
import { nextMenuIndex } from './menu-navigation.js';
import type { MenuName } from './types.js';

export interface MenuConfig<V> {
  name: MenuName;
  /** Accessible name of both the button and the menu, and the menu's title: `Quality`. */
  label: string;
  icon: TemplateResult;
  /** Short text on the button's corner, e.g. `HD`; empty for none. */
  badge?: string;
  /** Marks the button as "on" (e.g. captions showing) with an underline. */
  active?: boolean;
  items: ReadonlyArray<MenuItem<V>>;
  open: boolean;
  onSelect(value: V): void;
  setMenu(menu: MenuName | null): void;
}

const ITEM_SELECTOR = '[role="menuitemradio"]';

/**
 * Parts: `<name>-button`, `<name>-menu`, `<name>-item`, and `<name>-item-checked` on the
 * checked item (`::part()` cannot be combined with attribute selectors).
 */
export function renderMenu<V>(config: MenuConfig<V>): TemplateResult {
  const { name, label, open } = config;
  const menuId = `vc-${name}-menu`;

  const toggle = (): void => config.setMenu(open ? null : name);

  const onButtonKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    if (!open) config.setMenu(name);
  };

  const onFocusOut = (event: FocusEvent): void => {
    if (!open) return;
    const anchor = event.currentTarget as HTMLElement;
    const next = event.relatedTarget;
    if (next instanceof Node && anchor.contains(next)) return;
    config.setMenu(null);
  };

  const close = (from: Element): void => {
    config.setMenu(null);
    from.closest('.vc-menu-anchor')?.querySelector<HTMLElement>('.vc-menu-button')?.focus();
  };

  const onMenuKeydown = (event: KeyboardEvent): void => {
    const menu = event.currentTarget as HTMLElement;
    if (event.key === 'Escape' || event.key === 'Esc') {
      event.preventDefault();
      event.stopPropagation();
      close(menu);
      return;
    }
    const items = [...menu.querySelectorAll<HTMLElement>(ITEM_SELECTOR)];
    const current = items.findIndex((item) => item.matches(':focus'));
    const next = nextMenuIndex(event.key, current, items.length);
    if (next === null) return;
    event.preventDefault();
    items[next]?.focus();
  };

  const choose = (event: Event, value: V): void => {
    config.onSelect(value);
    close(event.currentTarget as Element);
  };

  return html`
    <div class="vc-menu-anchor" @focusout=${onFocusOut}>
      <button
        class="vc-button vc-menu-button"
        part=${`${name}-button`}
        type="button"
        aria-label=${label}
        aria-haspopup="menu"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${open ? menuId : nothing}
        ?data-active=${config.active === true}
        @click=${toggle}
        @keydown=${onButtonKeydown}
      >
        ${config.icon}${config.badge ? html`<span class="vc-badge" aria-hidden="true">${config.badge}</span>` : nothing}
      </button>
      ${open
        ? html`<div
            id=${menuId}
            class="vc-menu"
            part=${`${name}-menu`}
            role="menu"
            aria-label=${label}
            tabindex="-1"
            @keydown=${onMenuKeydown}
            ${ref(focusCheckedItem)}
          >
            <div class="vc-menu-title" aria-hidden="true">${label}</div>
            ${config.items.map(
              (item) =>
                html`<button
                  class="vc-menu-item"
                  part=${item.checked ? `${name}-item ${name}-item-checked` : `${name}-item`}
                  type="button"
                  role="menuitemradio"
                  aria-checked=${item.checked ? 'true' : 'false'}
                  tabindex=${item.checked ? '0' : '-1'}
                  @click=${(event: Event) => choose(event, item.value)}
                >
                  <span class="vc-menu-check">${checkIcon}</span>
                  <span class="vc-menu-label">${item.label}</span>
                  ${item.detail ? html`<span class="vc-menu-detail">${item.detail}</span>` : nothing}
                </button>`,
            )}
          </div>`
        : nothing}
    </div>
  `;
}

/**
 * Called once per opened menu (a stable function, so `ref` does not call it again on every
 * render). The items render after the menu element, hence the microtask.
 */
function focusCheckedItem(menu: Element | undefined): void {
  if (!menu) return;
  queueMicrotask(() => {
    if (!menu.isConnected) return;
    const item = menu.querySelector<HTMLElement>(`${ITEM_SELECTOR}[aria-checked="true"]`) ?? menu.querySelector<HTMLElement>(ITEM_SELECTOR);
    item?.focus();
  });
}
