import '../../src/index.js';
import { markFirstFrame } from './first-frame.js';

const params = new URLSearchParams(location.search);
const player = document.querySelector('vod-player')!;
player.addEventListener('vod-enginechange', () => markFirstFrame(player.media!), { once: true });
player.addEventListener('vod-error', (e) => Object.assign(window, { benchError: e.detail.error.code }));
player.engine = params.get('engine') ?? 'auto';
player.autoplay = true;
if (params.has('abr')) player.abr = params.get('abr')!;
Object.assign(window, { vodPlayer: player });
if (params.has('start-time')) player.setAttribute('start-time', params.get('start-time')!);
player.src = params.get('src') ?? '';
