import { markFirstFrame } from './first-frame.js';

// ?engine=hls.js|dash.js|shaka&src=<manifest>: play it with the engine's defaults, no SDK.
const params = new URLSearchParams(location.search);
const src = params.get('src') ?? '';
const engine = params.get('engine') ?? 'hls.js';
const video = document.querySelector<HTMLVideoElement>('#video')!;
markFirstFrame(video);

async function start(): Promise<void> {
  if (engine === 'hls.js') {
    const { default: Hls } = await import('hls.js');
    const hls = new Hls();
    hls.loadSource(src);
    hls.attachMedia(video);
  } else if (engine === 'dash.js') {
    const { MediaPlayer } = await import('dashjs');
    MediaPlayer().create().initialize(video, src, false);
  } else {
    const { default: shaka } = await import('shaka-player/dist/shaka-player.compiled.js');
    const player = new shaka.Player();
    await player.attach(video);
    await player.load(src);
  }
  await video.play();
}
start().catch((error: unknown) => Object.assign(window, { benchError: String(error) }));
