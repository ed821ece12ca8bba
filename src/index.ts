// Package entry: registers <vod-player> and exports its types.
import { defineVodPlayer } from './vod-player.js';

export * from './component.js';

defineVodPlayer();
