import { VodPlayer } from './vod-player.component.js';

/** Registers `<vod-player>` once; importing the package entry calls it. */
export function defineVodPlayer(tagName = 'vod-player'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, class extends VodPlayer {});
}

declare global {
  interface HTMLElementTagNameMap {
    'vod-player': VodPlayer;
  }
}
