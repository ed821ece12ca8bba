/**
 * The "Resume from 12:34 / Start over" prompt, shown over the picture when the player is asked
 * to prompt (`resume="prompt"`) instead of resuming on its own. The element owns the state.
 */
import { html, type TemplateResult } from 'lit';
import { formatTime } from './format-time.js';

export interface ResumePromptState {
  /** The saved position, seconds. */
  positionSec: number;
  durationSec: number;
}

export interface ResumePromptActions {
  resume(): void;
  startOver(): void;
}

/** Button text, also their accessible names: `Resume from 12:34`. */
export function resumeLabel(positionSec: number, durationSec: number): string {
  return `Resume from ${formatTime(positionSec, durationSec)}`;
}

export function renderResumePrompt(state: ResumePromptState, actions: ResumePromptActions): TemplateResult {
  return html`<div class="vr-prompt" part="resume-prompt" role="group" aria-label="Resume playback">
    <button class="vr-button vr-resume" part="resume-button" type="button" @click=${() => actions.resume()}>
      ${resumeLabel(state.positionSec, state.durationSec)}
    </button>
    <button class="vr-button" part="start-over-button" type="button" @click=${() => actions.startOver()}>Start over</button>
  </div>`;
}
