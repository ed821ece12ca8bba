import { css } from 'lit';

export const playerStyles = css`
  :host {
    display: block;
    position: relative;
    aspect-ratio: var(--vod-aspect-ratio, 16 / 9);
    background: var(--vod-background, #000);
    overflow: hidden;
    outline: none;
  }
  :host([hidden]) {
    display: none;
  }
  :host(:focus-visible) {
    box-shadow: var(--vod-focus-ring, 0 0 0 3px rgba(80, 160, 255, 0.8));
  }
  .container {
    position: relative;
    width: 100%;
    height: 100%;
  }
  video {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: var(--vod-object-fit, contain);
    background: var(--vod-background, #000);
  }
`;
