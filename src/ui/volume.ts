/** Mute button and volume slider. */

import { html, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { volumeHighIcon, volumeLowIcon, volumeMutedIcon } from './icons.js';
import type { ControlsActions, ControlsState } from './types.js';

type VolumeState = Pick<ControlsState, 'volume' | 'muted'>;

export function renderVolume(state: VolumeState, actions: Pick<ControlsActions, 'setVolume' | 'toggleMute'>): TemplateResult {
  const volume = Number.isFinite(state.volume) ? Math.min(1, Math.max(0, state.volume)) : 0;
  const silent = state.muted || volume === 0;
  const shown = state.muted ? 0 : volume;
  const icon = silent ? volumeMutedIcon : volume < 0.5 ? volumeLowIcon : volumeHighIcon;

  const onInput = (event: Event): void => {
    const next = Number((event.currentTarget as HTMLInputElement).value);
    if (!Number.isFinite(next)) return;
    if (state.muted && next > 0) actions.toggleMute();
    actions.setVolume(next);
  };

  return html`
    <div class="vc-volume">
      <button
        class="vc-button"
        part="mute-button"
        type="button"
        aria-label=${state.muted ? 'Unmute' : 'Mute'}
        @click=${() => actions.toggleMute()}
      >
        ${icon}
      </button>
      <input
        class="vc-volume-slider"
        part="volume-slider"
        type="range"
        min="0"
        max="1"
        step="0.05"
        .value=${String(shown)}
        aria-label="Volume"
        aria-valuetext=${`${Math.round(shown * 100)}%`}
        style=${styleMap({ '--vc-volume-fraction': String(shown) })}
        @input=${onInput}
      />
    </div>
  `;
}
