/**
 * The seek bar: a native range input (keyboard, pointer and `role="slider"` for free) over a
 * drawn track with the buffered ranges, the played part and a thumb.
 */

import { html, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { playedPercent, toPercentSegments } from './buffered.js';
import { seekValueText } from './format-time.js';
import { SEEK_STEP_SEC } from './keyboard.js';
import type { ControlsActions, ControlsState } from './types.js';

type SeekState = Pick<ControlsState, 'currentTimeSec' | 'durationSec' | 'bufferedRanges'>;

/** Page Up/Down move by this share of the duration. */
const PAGE_FRACTION = 0.1;

export function renderSeekBar(state: SeekState, actions: Pick<ControlsActions, 'seek'>): TemplateResult {
  const { currentTimeSec, durationSec } = state;
  const seekable = Number.isFinite(durationSec) && durationSec > 0;
  const maxSec = seekable ? durationSec : 0;
  const valueSec = seekable && Number.isFinite(currentTimeSec) ? Math.min(maxSec, Math.max(0, currentTimeSec)) : 0;
  const playedPct = playedPercent(currentTimeSec, durationSec);

  const onInput = (event: Event): void => {
    const input = event.currentTarget as HTMLInputElement;
    const timeSec = Number(input.value);
    if (seekable && Number.isFinite(timeSec)) actions.seek(timeSec);
  };

  // The input's own arrow step is 1 % of the range; take arrows and Page keys to seek by time.
  const onKeydown = (event: KeyboardEvent): void => {
    if (!seekable || event.ctrlKey || event.metaKey || event.altKey) return;
    const deltaSec = keyDeltaSec(event.key, durationSec);
    if (deltaSec === null) return;
    event.preventDefault();
    // Step from the input's value, which moves at once, not from a state that may lag behind.
    const input = event.currentTarget as HTMLInputElement;
    const fromSec = Number.isFinite(Number(input.value)) ? Number(input.value) : valueSec;
    const toSec = Math.min(durationSec, Math.max(0, fromSec + deltaSec));
    input.value = String(toSec);
    actions.seek(toSec);
  };

  return html`
    <div class="vc-seek" part="seek-bar" ?data-disabled=${!seekable}>
      <div class="vc-seek-track" part="seek-track">
        ${toPercentSegments(state.bufferedRanges, durationSec).map(
          (segment) =>
            html`<div
              class="vc-seek-buffered"
              part="seek-buffered"
              style=${styleMap({ left: `${segment.leftPct}%`, width: `${segment.widthPct}%` })}
            ></div>`,
        )}
        <div class="vc-seek-played" part="seek-played" style=${styleMap({ width: `${playedPct}%` })}></div>
      </div>
      <div class="vc-seek-thumb" part="seek-thumb" style=${styleMap({ left: `${playedPct}%` })}></div>
      <input
        class="vc-seek-input"
        type="range"
        min="0"
        max=${maxSec}
        step="any"
        .value=${String(valueSec)}
        ?disabled=${!seekable}
        aria-label="Seek"
        aria-valuetext=${seekValueText(currentTimeSec, durationSec)}
        @input=${onInput}
        @keydown=${onKeydown}
      />
    </div>
  `;
}

function keyDeltaSec(key: string, durationSec: number): number | null {
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return -SEEK_STEP_SEC;
    case 'ArrowRight':
    case 'ArrowUp':
      return SEEK_STEP_SEC;
    case 'PageDown':
      return -durationSec * PAGE_FRACTION;
    case 'PageUp':
      return durationSec * PAGE_FRACTION;
    default:
      return null;
  }
}
