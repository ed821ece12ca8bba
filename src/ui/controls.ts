/**
 * The player's controls, rendered into `<vod-player>`'s shadow root by the element, which owns
 * all state: `renderControls(state, actions)` inside `render()`, `controlsStyles` in `styles`,
 * and `handleControlsKeydown` as the keydown listener.
 *
 * Layout: a layer over the video (`position: absolute; inset: 0`, so the element's container
 * must be positioned) with a click surface (click toggles play), the spinner or a big play
 * sign, and the bar (`part="controls"`) along the bottom: seek bar above a row of buttons.
 */

import { html, nothing, type TemplateResult } from 'lit';
import { formatTime } from './format-time.js';
import {
  captionsIcon,
  fullscreenEnterIcon,
  fullscreenExitIcon,
  pauseIcon,
  playIcon,
  replayIcon,
  settingsIcon,
} from './icons.js';
import { renderMenu } from './menu.js';
import { captionsMenuItems, qualityBadge, qualityMenuItems } from './menu-items.js';
import { renderSeekBar } from './seek-bar.js';
import type { ControlsActions, ControlsState } from './types.js';
import { renderVolume } from './volume.js';

export type { ControlsActions, ControlsState, MenuName, QualityOption, TextTrackOption } from './types.js';

export function renderControls(state: ControlsState, actions: ControlsActions): TemplateResult {
  const playing = !state.paused && !state.ended;
  return html`
    <div
      class="vc-root"
      ?data-playing=${playing}
      ?data-idle=${playing && state.idle === true && state.menuOpen === null}
      ?data-menu-open=${state.menuOpen !== null}
    >
      ${renderSurface(state, actions)}
      <div class="vc-bar" part="controls" role="group" aria-label="Video controls">
        ${renderSeekBar(state, actions)}
        <div class="vc-row">
          ${renderPlayButton(state, actions)} ${renderVolume(state, actions)}
          <span class="vc-time" part="time">
            <span class="vc-time-current">${formatTime(state.currentTimeSec, state.durationSec)}</span>
            <span class="vc-time-separator" aria-hidden="true">/</span><span class="vc-visually-hidden">of</span>
            <span class="vc-time-duration">${formatTime(state.durationSec)}</span>
          </span>
          <span class="vc-spacer"></span>
          ${state.textTracks.length > 0
            ? renderMenu({
                name: 'captions',
                label: 'Captions',
                icon: captionsIcon,
                active: state.activeTextTrack !== null,
                items: captionsMenuItems(state),
                open: state.menuOpen === 'captions',
                onSelect: (index) => actions.selectTextTrack(index),
                setMenu: (menu) => actions.setMenu(menu),
              })
            : nothing}
          ${state.qualities.length > 0
            ? renderMenu({
                name: 'quality',
                label: 'Quality',
                icon: settingsIcon,
                badge: qualityBadge(state.quality, state.qualities),
                items: qualityMenuItems(state),
                open: state.menuOpen === 'quality',
                onSelect: (index) => actions.selectQuality(index),
                setMenu: (menu) => actions.setMenu(menu),
              })
            : nothing}
          ${state.fullscreenAvailable ? renderFullscreenButton(state, actions) : nothing}
        </div>
      </div>
    </div>
  `;
}

/**
 * The area over the picture: a click toggles play, or only closes the open menu. Whether a menu
 * was open is read at `pointerdown`, because the menu already closes on focus loss before `click`.
 */
function renderSurface(state: ControlsState, actions: ControlsActions): TemplateResult {
  const onPointerDown = (event: PointerEvent): void => {
    (event.currentTarget as HTMLElement).toggleAttribute('data-dismissing', state.menuOpen !== null);
  };
  const onClick = (event: MouseEvent): void => {
    const surface = event.currentTarget as HTMLElement;
    if (surface.hasAttribute('data-dismissing') || state.menuOpen !== null) {
      surface.removeAttribute('data-dismissing');
      actions.setMenu(null);
      return;
    }
    actions.togglePlay();
  };
  let indicator: TemplateResult | typeof nothing = nothing;
  if (state.waiting && !state.paused) {
    indicator = html`<div class="vc-spinner" part="spinner" role="status" aria-label="Loading"></div>`;
  } else if (state.paused || state.ended) {
    indicator = html`<div class="vc-center-play" part="center-play" aria-hidden="true">
      ${state.ended ? replayIcon : playIcon}
    </div>`;
  }
  return html`<div class="vc-surface" part="surface" @pointerdown=${onPointerDown} @click=${onClick}>${indicator}</div>`;
}

function renderPlayButton(state: ControlsState, actions: ControlsActions): TemplateResult {
  const showPlay = state.paused || state.ended;
  return html`<button
    class="vc-button"
    part="play-button"
    type="button"
    aria-label=${showPlay ? 'Play' : 'Pause'}
    @click=${() => actions.togglePlay()}
  >
    ${state.ended ? replayIcon : showPlay ? playIcon : pauseIcon}
  </button>`;
}

function renderFullscreenButton(state: ControlsState, actions: ControlsActions): TemplateResult {
  return html`<button
    class="vc-button"
    part="fullscreen-button"
    type="button"
    aria-label=${state.fullscreen ? 'Exit fullscreen' : 'Enter fullscreen'}
    @click=${() => actions.toggleFullscreen()}
  >
    ${state.fullscreen ? fullscreenExitIcon : fullscreenEnterIcon}
  </button>`;
}
