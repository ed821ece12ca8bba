/** Styles of the resume prompt (`.vr-*`), for the element's `static styles`. */
import { css } from 'lit';

export const resumePromptStyles = css`
  .vr-prompt {
    position: absolute;
    inset: auto 0 calc(var(--vod-controls-height, 48px) + 24px) 0;
    z-index: 2;
    display: flex;
    justify-content: center;
    gap: 12px;
    pointer-events: none;
    font-family: var(--vod-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--vod-font-size, 14px);
  }
  .vr-button {
    pointer-events: auto;
    padding: 10px 18px;
    border: 1px solid rgb(255 255 255 / 0.4);
    border-radius: 999px;
    background: var(--vod-menu-background, rgb(20 20 20 / 0.85));
    color: var(--vod-controls-color, #fff);
    font: inherit;
    cursor: pointer;
  }
  .vr-resume {
    border-color: transparent;
    background: var(--vod-accent-color, #3d8bfd);
  }
  .vr-button:focus-visible {
    outline: var(--vod-focus-ring, 2px solid var(--vod-accent-color, #3d8bfd));
    outline-offset: 2px;
  }
`;
