/**
 * Inline SVG icons (24×24, `currentColor`), drawn for this project: no external assets.
 * Decorative: the buttons carry the accessible names.
 */

import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';

function icon(name: string, body: SVGTemplateResult): TemplateResult {
  return html`<svg class="vc-icon" data-icon=${name} viewBox="0 0 24 24" aria-hidden="true" focusable="false">${body}</svg>`;
}

const stroke = (d: string, width = 2): SVGTemplateResult =>
  svg`<path d=${d} fill="none" stroke="currentColor" stroke-width=${width} stroke-linecap="round" stroke-linejoin="round" />`;

const speaker = svg`<path d="M3.5 9.5v5a1 1 0 0 0 1 1H8l4.4 3.7a.6.6 0 0 0 1-.46V5.26a.6.6 0 0 0-1-.46L8 8.5H4.5a1 1 0 0 0-1 1z" fill="currentColor" />`;

export const playIcon = icon('play', svg`<path d="M8 5.14v13.72a.8.8 0 0 0 1.22.68l10.8-6.86a.8.8 0 0 0 0-1.36L9.22 4.46A.8.8 0 0 0 8 5.14z" fill="currentColor" />`);

export const pauseIcon = icon(
  'pause',
  svg`<rect x="6" y="5" width="4" height="14" rx="1" fill="currentColor" /><rect x="14" y="5" width="4" height="14" rx="1" fill="currentColor" />`,
);

export const replayIcon = icon(
  'replay',
  svg`${stroke('M4.5 12a7.5 7.5 0 1 0 2.2-5.3')}<path d="M4 3.5v5h5z" fill="currentColor" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" />`,
);

export const volumeHighIcon = icon('volume-high', svg`${speaker}${stroke('M16 9a4 4 0 0 1 0 6')}${stroke('M18.5 6.5a7.5 7.5 0 0 1 0 11')}`);

export const volumeLowIcon = icon('volume-low', svg`${speaker}${stroke('M16 9a4 4 0 0 1 0 6')}`);

export const volumeMutedIcon = icon('volume-muted', svg`${speaker}${stroke('M16.5 9.5l5 5M21.5 9.5l-5 5')}`);

export const fullscreenEnterIcon = icon('fullscreen-enter', stroke('M4 9V5a1 1 0 0 1 1-1h4M15 4h4a1 1 0 0 1 1 1v4M20 15v4a1 1 0 0 1-1 1h-4M9 20H5a1 1 0 0 1-1-1v-4'));

export const fullscreenExitIcon = icon('fullscreen-exit', stroke('M9 4v4a1 1 0 0 1-1 1H4M20 9h-4a1 1 0 0 1-1-1V4M15 20v-4a1 1 0 0 1 1-1h4M4 15h4a1 1 0 0 1 1 1v4'));

/** A gear: a dashed ring makes the teeth (2π·8.6 / 16 ≈ 3.38 per dash and gap: eight teeth). */
export const settingsIcon = icon(
  'settings',
  svg`<circle cx="12" cy="12" r="8.6" fill="none" stroke="currentColor" stroke-width="2.6" stroke-dasharray="3.38 3.38" /><circle cx="12" cy="12" r="5.6" fill="none" stroke="currentColor" stroke-width="3.4" />`,
);

export const captionsIcon = icon(
  'captions',
  svg`<rect x="2.5" y="5" width="19" height="14" rx="2.5" fill="none" stroke="currentColor" stroke-width="2" />${stroke('M10.4 10.3a2.2 2.2 0 1 0 0 3.4', 1.8)}${stroke('M16.4 10.3a2.2 2.2 0 1 0 0 3.4', 1.8)}`,
);

export const checkIcon = icon('check', stroke('M5 12.5l4.5 4.5L19 7.5', 2.2));
