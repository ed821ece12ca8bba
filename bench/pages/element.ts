import '../../src/index.js';
import { markFirstFrame } from './first-frame.js';

const params = new URLSearchParams(location.search);
const player = document.querySelector('vod-player')!;
player.addEventListener('vod-enginechange', () => markFirstFrame(player.media!), { once: true });
// Fatal errors end a run (`benchError`); the others are kept for the report (`benchWarnings`).
const warnings: string[] = [];
Object.assign(window, { benchWarnings: warnings });
player.addEventListener('vod-error', (e) => {
  const { code, fatal, message } = e.detail.error;
  if (fatal) Object.assign(window, { benchError: `${code}: ${message}` });
  else warnings.push(`${code}: ${message}`);
});
player.engine = params.get('engine') ?? 'auto';
player.autoplay = true;
if (params.has('abr')) player.abr = params.get('abr')!;
Object.assign(window, { vodPlayer: player });
if (params.has('start-time')) player.setAttribute('start-time', params.get('start-time')!);
player.src = params.get('src') ?? '';
