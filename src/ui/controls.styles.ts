/**
 * Styles of the controls, for the element's `static styles`. Everything is scoped to `.vc-*`
 * classes inside the shadow root; theming goes through `--vod-*` custom properties (each with a
 * fallback) and `::part()`.
 */

import { css } from 'lit';

export const controlsStyles = css`
  .vc-root {
    --vc-accent: var(--vod-accent-color, #3d8bfd);
    --vc-color: var(--vod-controls-color, #fff);
    --vc-row-height: var(--vod-controls-height, 48px);
    --vc-icon-size: var(--vod-icon-size, 24px);
    --vc-focus-ring: var(--vod-focus-ring, 2px solid var(--vc-accent));
    --vc-hover-background: var(--vod-button-hover-background, rgb(255 255 255 / 0.14));
    --vc-thumb-size: 12px;

    position: absolute;
    inset: 0;
    z-index: 1;
    display: flex;
    flex-direction: column;
    justify-content: flex-end;
    container: vod-controls / size;
    pointer-events: none;
    color: var(--vc-color);
    font-family: var(--vod-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif);
    font-size: var(--vod-font-size, 14px);
    line-height: 1.2;
    -webkit-font-smoothing: antialiased;
    -webkit-tap-highlight-color: transparent;
    user-select: none;
    -webkit-user-select: none;
  }

  .vc-root *,
  .vc-root *::before,
  .vc-root *::after {
    box-sizing: border-box;
  }

  /* ── The area over the picture ─────────────────────────────────────────── */

  .vc-surface {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    pointer-events: auto;
    cursor: pointer;
  }

  .vc-center-play {
    display: grid;
    place-items: center;
    width: 72px;
    height: 72px;
    border-radius: 50%;
    background: var(--vod-center-play-background, rgb(0 0 0 / 0.55));
    box-shadow: 0 4px 24px rgb(0 0 0 / 0.35);
    transition: transform 0.15s ease, background-color 0.15s ease;
  }

  .vc-center-play .vc-icon {
    width: 36px;
    height: 36px;
  }

  .vc-center-play [data-icon='play'] {
    margin-left: 4px;
  }

  .vc-surface:hover .vc-center-play {
    transform: scale(1.06);
    background: var(--vc-accent);
  }

  .vc-spinner {
    width: 56px;
    height: 56px;
    border-radius: 50%;
    border: 4px solid rgb(255 255 255 / 0.25);
    border-top-color: var(--vc-accent);
    animation: vc-spin 0.9s linear infinite;
  }

  @keyframes vc-spin {
    to {
      transform: rotate(360deg);
    }
  }

  /* ── The bar ───────────────────────────────────────────────────────────── */

  .vc-bar {
    position: relative;
    display: flex;
    flex-direction: column;
    padding: 32px 12px 4px;
    background: var(
      --vod-controls-background,
      linear-gradient(to top, rgb(0 0 0 / 0.78) 0%, rgb(0 0 0 / 0.5) 45%, rgb(0 0 0 / 0) 100%)
    );
    pointer-events: auto;
    opacity: 1;
    transition: opacity 0.25s ease;
  }

  /* Auto-hide while playing: when the element reports the pointer idle, or when the pointer is
     outside the player; never while a control has keyboard focus or a menu is open. */
  .vc-root[data-idle]:not(:has(:focus-visible)) .vc-bar,
  :host(:not(:hover)) .vc-root[data-playing]:not([data-menu-open]):not(:has(:focus-visible)) .vc-bar {
    /* Opacity only: visibility: hidden would take the controls out of the tab order. */
    opacity: 0;
    transition: opacity 0.5s ease;
  }

  .vc-root[data-idle] .vc-surface {
    cursor: none;
  }

  .vc-row {
    display: flex;
    align-items: center;
    gap: 2px;
    height: var(--vc-row-height);
    min-width: 0;
  }

  .vc-spacer {
    flex: 1 1 auto;
  }

  /* ── Buttons ───────────────────────────────────────────────────────────── */

  .vc-button {
    position: relative;
    display: inline-grid;
    place-items: center;
    flex: none;
    width: calc(var(--vc-row-height) - 8px);
    height: calc(var(--vc-row-height) - 8px);
    margin: 0;
    padding: 0;
    border: 0;
    border-radius: 8px;
    background: transparent;
    color: inherit;
    font: inherit;
    cursor: pointer;
    transition: background-color 0.15s ease;
  }

  .vc-button:hover {
    background: var(--vc-hover-background);
  }

  .vc-button:focus-visible,
  .vc-menu-item:focus-visible,
  .vc-volume-slider:focus-visible,
  .vc-seek-input:focus-visible {
    outline: var(--vc-focus-ring);
    outline-offset: 2px;
  }

  .vc-button:focus:not(:focus-visible),
  .vc-menu:focus {
    outline: none;
  }

  .vc-icon {
    display: block;
    width: var(--vc-icon-size);
    height: var(--vc-icon-size);
    pointer-events: none;
  }

  .vc-button[aria-expanded='true'] .vc-icon[data-icon='settings'] {
    transform: rotate(30deg);
  }

  .vc-icon[data-icon='settings'] {
    transition: transform 0.2s ease;
  }

  .vc-button[data-active]::after {
    content: '';
    position: absolute;
    left: 28%;
    right: 28%;
    bottom: 7px;
    height: 3px;
    border-radius: 2px;
    background: var(--vc-accent);
  }

  .vc-badge {
    position: absolute;
    top: 4px;
    right: 0;
    padding: 1px 3px;
    border-radius: 3px;
    background: var(--vc-accent);
    color: #fff;
    font-size: 9px;
    font-weight: 700;
    line-height: 1;
    letter-spacing: 0.02em;
    pointer-events: none;
  }

  /* ── Seek bar ──────────────────────────────────────────────────────────── */

  .vc-seek {
    position: relative;
    height: 18px;
    margin: 0 4px;
    display: flex;
    align-items: center;
    --vc-seek-height: var(--vod-seek-height, 4px);
  }

  .vc-seek-track {
    position: absolute;
    left: 0;
    right: 0;
    height: var(--vc-seek-height);
    border-radius: 999px;
    background: var(--vod-seek-track-color, rgb(255 255 255 / 0.28));
    overflow: hidden;
    transition: height 0.12s ease;
  }

  .vc-seek:hover .vc-seek-track,
  .vc-seek:focus-within .vc-seek-track {
    height: calc(var(--vc-seek-height) + 2px);
  }

  .vc-seek-buffered,
  .vc-seek-played {
    position: absolute;
    top: 0;
    bottom: 0;
    left: 0;
  }

  .vc-seek-buffered {
    background: var(--vod-seek-buffered-color, rgb(255 255 255 / 0.5));
  }

  .vc-seek-played {
    background: var(--vod-seek-played-color, var(--vc-accent));
  }

  .vc-seek-thumb {
    position: absolute;
    top: 50%;
    width: var(--vod-seek-thumb-size, 14px);
    height: var(--vod-seek-thumb-size, 14px);
    border-radius: 50%;
    background: var(--vod-seek-thumb-color, var(--vod-seek-played-color, var(--vc-accent)));
    box-shadow: 0 0 0 3px rgb(0 0 0 / 0.15);
    transform: translate(-50%, -50%) scale(0.85);
    transition: transform 0.12s ease;
    pointer-events: none;
  }

  .vc-seek:hover .vc-seek-thumb,
  .vc-seek:focus-within .vc-seek-thumb {
    transform: translate(-50%, -50%) scale(1.1);
  }

  .vc-seek[data-disabled] .vc-seek-thumb {
    display: none;
  }

  /* The native input takes the pointer and keys; its own track and thumb are invisible (a 1 px
     thumb, so a click lands where the drawn bar says). */
  .vc-seek-input {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    margin: 0;
    padding: 0;
    border-radius: 4px;
    background: transparent;
    cursor: pointer;
    -webkit-appearance: none;
    appearance: none;
  }

  .vc-seek-input:disabled {
    cursor: default;
  }

  .vc-seek-input::-webkit-slider-runnable-track {
    height: 100%;
    background: transparent;
    border: 0;
  }

  .vc-seek-input::-webkit-slider-thumb {
    -webkit-appearance: none;
    width: 1px;
    height: 100%;
    background: transparent;
    border: 0;
  }

  .vc-seek-input::-moz-range-track {
    height: 100%;
    background: transparent;
    border: 0;
  }

  .vc-seek-input::-moz-range-thumb {
    width: 1px;
    height: 100%;
    background: transparent;
    border: 0;
  }

  /* ── Volume ────────────────────────────────────────────────────────────── */

  .vc-volume {
    display: flex;
    align-items: center;
    flex: none;
  }

  .vc-volume-slider {
    --vc-volume-fill: calc(var(--vc-thumb-size) / 2 + (100% - var(--vc-thumb-size)) * var(--vc-volume-fraction, 0));
    width: var(--vod-volume-slider-width, 72px);
    height: 24px;
    margin: 0 8px 0 2px;
    padding: 0;
    border-radius: 4px;
    background: linear-gradient(
        to right,
        var(--vc-color) var(--vc-volume-fill),
        var(--vod-volume-track-color, rgb(255 255 255 / 0.3)) var(--vc-volume-fill)
      )
      center / 100% 4px no-repeat;
    cursor: pointer;
    -webkit-appearance: none;
    appearance: none;
  }

  .vc-volume-slider::-webkit-slider-runnable-track {
    height: 100%;
    background: transparent;
  }

  .vc-volume-slider::-webkit-slider-thumb {
    -webkit-appearance: none;
    width: var(--vc-thumb-size);
    height: var(--vc-thumb-size);
    margin-top: calc((24px - var(--vc-thumb-size)) / 2);
    border: 0;
    border-radius: 50%;
    background: var(--vc-color);
  }

  .vc-volume-slider::-moz-range-track {
    background: transparent;
  }

  .vc-volume-slider::-moz-range-thumb {
    width: var(--vc-thumb-size);
    height: var(--vc-thumb-size);
    border: 0;
    border-radius: 50%;
    background: var(--vc-color);
  }

  /* ── Time ──────────────────────────────────────────────────────────────── */

  .vc-time {
    display: inline-flex;
    gap: 5px;
    flex: none;
    padding: 0 8px;
    font-size: 0.93em;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }

  .vc-time-separator,
  .vc-time-duration {
    opacity: 0.75;
  }

  .vc-visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  /* ── Menus ─────────────────────────────────────────────────────────────── */

  .vc-menu-anchor {
    position: relative;
    flex: none;
  }

  .vc-menu {
    position: absolute;
    right: -4px;
    /* Above the whole bar: the row, plus the seek bar over it. */
    bottom: calc(100% + 26px);
    z-index: 2;
    min-width: 210px;
    max-height: min(var(--vod-menu-max-height, 360px), calc(100cqh - var(--vc-row-height) - 64px));
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: 6px;
    border-radius: var(--vod-menu-radius, 12px);
    background: var(--vod-menu-background, rgb(24 24 28 / 0.92));
    color: var(--vod-menu-color, var(--vc-color));
    box-shadow: 0 10px 40px rgb(0 0 0 / 0.45), 0 0 0 1px rgb(255 255 255 / 0.08);
    backdrop-filter: blur(12px);
    -webkit-backdrop-filter: blur(12px);
    scrollbar-width: thin;
    animation: vc-menu-in 0.12s ease-out;
  }

  @keyframes vc-menu-in {
    from {
      opacity: 0;
      transform: translateY(6px);
    }
  }

  .vc-menu-title {
    padding: 6px 10px 8px;
    margin-bottom: 4px;
    border-bottom: 1px solid rgb(255 255 255 / 0.1);
    font-size: 0.78em;
    font-weight: 600;
    letter-spacing: 0.08em;
    text-transform: uppercase;
    opacity: 0.6;
  }

  .vc-menu-item {
    display: flex;
    align-items: center;
    gap: 10px;
    width: 100%;
    min-height: 36px;
    margin: 0;
    padding: 6px 12px 6px 8px;
    border: 0;
    border-radius: 7px;
    background: transparent;
    color: inherit;
    font: inherit;
    text-align: left;
    white-space: nowrap;
    cursor: pointer;
  }

  .vc-menu-item:hover,
  .vc-menu-item:focus-visible {
    background: var(--vc-hover-background);
  }

  .vc-menu-item:focus-visible {
    outline-offset: -2px;
  }

  .vc-menu-check {
    display: grid;
    place-items: center;
    width: 18px;
    flex: none;
    color: var(--vc-accent);
    visibility: hidden;
  }

  .vc-menu-check .vc-icon {
    width: 18px;
    height: 18px;
  }

  .vc-menu-item[aria-checked='true'] {
    font-weight: 600;
  }

  .vc-menu-item[aria-checked='true'] .vc-menu-check {
    visibility: visible;
  }

  .vc-menu-label {
    flex: 1 1 auto;
  }

  .vc-menu-detail {
    margin-left: 16px;
    font-size: 0.86em;
    font-weight: 400;
    font-variant-numeric: tabular-nums;
    opacity: 0.6;
  }

  /* ── Small players ─────────────────────────────────────────────────────── */

  @container vod-controls (max-width: 480px) {
    .vc-volume-slider {
      display: none;
    }
    .vc-bar {
      padding-inline: 6px;
    }
  }

  @container vod-controls (max-width: 320px) {
    .vc-time-separator,
    .vc-time-duration {
      display: none;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .vc-root *,
    .vc-root *::before,
    .vc-root *::after {
      transition-duration: 0.01ms !important;
      animation-duration: 0.01ms !important;
    }
    .vc-spinner {
      animation-duration: 2s !important;
    }
  }

  @media (forced-colors: active) {
    .vc-bar,
    .vc-menu {
      background: Canvas;
      color: CanvasText;
      border: 1px solid CanvasText;
    }
    .vc-seek-track {
      border: 1px solid CanvasText;
    }
    .vc-seek-played,
    .vc-seek-thumb,
    .vc-menu-check {
      background: Highlight;
      color: Highlight;
    }
    .vc-button,
    .vc-menu-item {
      forced-color-adjust: none;
      color: ButtonText;
    }
  }
`;
