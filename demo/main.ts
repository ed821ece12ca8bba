/// <reference types="vite/client" />
import '../src/index.js';
import type { VodPlayer } from '../src/component.js';
import { RollingChart } from './chart.js';
import { setupTelemetryPanel } from './telemetry-panel.js';

// The page reproduces a case from its URL: ?src=<manifest URL>&engine=<auto|hls.js|dash.js|shaka>&abr=<vod|engine>.
// Without src it plays the mock origin's synthetic ladder (npm start sets VITE_VOD_ORIGIN).
const params = new URLSearchParams(location.search);
const originUrl: string = import.meta.env.VITE_VOD_ORIGIN ?? `${location.protocol}//${location.hostname}:8080`;

const PRESETS = [
  { label: 'HLS · hls.js', src: `${originUrl}/master.m3u8`, engine: 'hls.js' },
  { label: 'DASH · dash.js', src: `${originUrl}/manifest.mpd`, engine: 'dash.js' },
  { label: 'HLS · shaka', src: `${originUrl}/master.m3u8`, engine: 'shaka' },
  { label: 'DASH · shaka', src: `${originUrl}/manifest.mpd`, engine: 'shaka' },
] as const;

const player = document.querySelector<VodPlayer>('#player')!;
const readout = document.querySelector<HTMLDListElement>('#readout')!;
const eventsList = document.querySelector<HTMLOListElement>('#events')!;
const form = document.querySelector<HTMLFormElement>('#source-form')!;
const srcInput = document.querySelector<HTMLInputElement>('#src-input')!;
const engineInput = document.querySelector<HTMLSelectElement>('#engine-input')!;
const abrInput = document.querySelector<HTMLSelectElement>('#abr-input')!;
const presetNav = document.querySelector<HTMLElement>('#presets')!;

const charts = {
  buffer: new RollingChart(document.querySelector('#chart-buffer')!, { color: '#4fd18b' }),
  bitrate: new RollingChart(document.querySelector('#chart-bitrate')!, { color: '#5aa0ff' }),
  bandwidth: new RollingChart(document.querySelector('#chart-bandwidth')!, { color: '#f5b94a' }),
};

function load(src: string, engine: string, autoplay: boolean): void {
  srcInput.value = src;
  engineInput.value = engine;
  const url = new URL(location.href);
  url.searchParams.set('src', src);
  url.searchParams.set('engine', engine);
  url.searchParams.set('abr', abrInput.value);
  history.replaceState(null, '', url);
  for (const link of presetNav.querySelectorAll('a')) {
    const active = link.dataset.src === src && link.dataset.engine === engine;
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  Object.values(charts).forEach((chart) => chart.clear());
  player.autoplay = autoplay;
  player.engine = engine;
  player.abr = abrInput.value;
  player.src = src;
}

for (const preset of PRESETS) {
  const link = document.createElement('a');
  link.textContent = preset.label;
  link.href = `?src=${encodeURIComponent(preset.src)}&engine=${preset.engine}`;
  link.dataset.src = preset.src;
  link.dataset.engine = preset.engine;
  link.addEventListener('click', (event) => {
    event.preventDefault();
    load(preset.src, preset.engine, true);
  });
  presetNav.append(link);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  load(srcInput.value, engineInput.value, true);
});

const logEvent = (text: string): void => {
  const item = document.createElement('li');
  item.textContent = `${(performance.now() / 1000).toFixed(1)}s ${text}`;
  eventsList.prepend(item);
  while (eventsList.childElementCount > 100) eventsList.lastElementChild?.remove();
};
player.addEventListener('vod-enginechange', (e) => logEvent(`engine ${e.detail.engine}`));
player.addEventListener('vod-loadedmetadata', (e) => logEvent(`metadata: ${e.detail.qualities.length} renditions, ${e.detail.durationSec.toFixed(1)} s`));
player.addEventListener('vod-ready', (e) => logEvent(`ready after ${Math.round(e.detail.loadToReadyMs)} ms`));
player.addEventListener('vod-qualitychange', (e) =>
  logEvent(
    `quality ${e.detail.from?.label ?? '–'} → ${e.detail.to.label} (${e.detail.reason}${e.detail.abr ? `: ${e.detail.abr.rule}, ${e.detail.abr.reason}` : ''})`,
  ),
);
player.addEventListener('vod-rebufferstart', (e) => logEvent(`rebuffer start (${e.detail.cause}) at ${e.detail.positionSec.toFixed(1)} s`));
player.addEventListener('vod-rebufferend', (e) => logEvent(`rebuffer end after ${Math.round(e.detail.durationMs)} ms`));
player.addEventListener('vod-error', (e) => logEvent(`error ${e.detail.error.code}${e.detail.error.fatal ? ' (fatal)' : ''}: ${e.detail.error.message}`));

const formatMbps = (bps: number | null | undefined): string =>
  bps === null || bps === undefined || !Number.isFinite(bps) ? '–' : `${(bps / 1e6).toFixed(2)} Mbps`;

function renderReadout(): void {
  const quality = player.quality;
  const stats = player.rebufferStats;
  const dropped = player.media?.getVideoPlaybackQuality?.().droppedVideoFrames ?? 0;
  const rows: Array<[string, string]> = [
    ['Engine', player.engineName ?? '–'],
    ['Quality', quality ? `${quality.label} · ${formatMbps(quality.bitrateBps)}` : '–'],
    ['Selection', player.autoQuality ? 'auto (ABR)' : 'pinned'],
    ['Buffer ahead', `${player.bufferAheadSec.toFixed(1)} s`],
    ['Bandwidth estimate', formatMbps(player.bandwidthEstimateBps)],
    ['ABR', player.abrSession ? `vod-player: ${player.abrSession.decisions.at(-1)?.reason ?? 'starting'}` : 'engine'],
    ['Position', `${player.currentTime.toFixed(1)} / ${Number.isFinite(player.duration) ? player.duration.toFixed(1) : '–'} s`],
    ['Rebuffering', `${stats.count} stalls, ${(stats.totalMs / 1000).toFixed(2)} s${stats.stalled ? ' (now)' : ''}`],
    ['Dropped frames', String(dropped)],
  ];
  readout.replaceChildren(
    ...rows.flatMap(([term, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      return [dt, dd];
    }),
  );
  const nowSec = performance.now() / 1000;
  charts.buffer.push(nowSec, player.bufferAheadSec);
  charts.bitrate.push(nowSec, quality ? quality.bitrateBps / 1e6 : null);
  charts.bandwidth.push(nowSec, player.bandwidthEstimateBps === null ? null : player.bandwidthEstimateBps / 1e6);
}
setInterval(renderReadout, 250);

// Resume: ?media-id=&resume=auto|prompt|off&resume-url=<origin>/progress&resume-token=<viewer token>.
for (const name of ['media-id', 'resume', 'resume-url', 'resume-token']) {
  const value = params.get(name);
  if (value !== null) player.setAttribute(name, value);
}
player.addEventListener('vod-resume', (e) =>
  logEvent(`resume at ${e.detail.positionSec.toFixed(1)} s from ${e.detail.source}${e.detail.late ? ' (late)' : ''}`),
);

// Telemetry: ?telemetry=<collector URL>, e.g. <origin>/beacons (`npm start` turns it on against its origin).
setupTelemetryPanel(player, params.get('telemetry') ?? import.meta.env.VITE_VOD_TELEMETRY ?? null, params.get('media-id'));

// Given src, autoplay it muted (the source may live on another origin).
const initialSrc = params.get('src');
const initialEngine = params.get('engine') ?? 'auto';
abrInput.value = params.get('abr') === 'engine' ? 'engine' : 'vod';
// Caps on vod-player's ABR pass straight through as attributes (`&abr-max-rung=1`).
for (const name of ['abr-min-rung', 'abr-max-rung']) {
  const value = params.get(name);
  if (value !== null) player.setAttribute(name, value);
}
if (initialSrc) load(initialSrc, initialEngine, true);
else load(PRESETS[0].src, PRESETS[0].engine, false);
