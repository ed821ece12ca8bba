/**
 * `vod-player/react`: `<VodPlayer>` for React 18 and 19, made with `@lit/react`.
 *
 *     import { VodPlayer } from 'vod-player/react';
 *     <VodPlayer src={url} controls muted autoplay ref={playerRef}
 *                onVodQualityChange={(e) => console.log(e.detail.to.label)} />
 *
 * Every property of the element is a prop (objects such as `abrConfig`, `engineConfig` and
 * `telemetry` are set as properties, not attributes); every `vod-*` event and the common media
 * events are `on…` props with typed events; `ref` is the `<vod-player>` element itself, so the
 * whole element API (`play()`, `setQuality()`, `qualities`, …) is there. Importing this module
 * registers `<vod-player>` (like `import 'vod-player'`).
 */
import { createComponent, type EventName, type ReactWebComponent } from '@lit/react';
import * as React from 'react';
import type { VodPlayerEventMap } from './events.js';
import { VodPlayer as VodPlayerElement } from './vod-player.component.js';
import { defineVodPlayer } from './vod-player.js';

defineVodPlayer();

const vod = <K extends keyof VodPlayerEventMap>(type: K) => type as EventName<VodPlayerEventMap[K]>;
const media = (type: keyof HTMLMediaElementEventMap) => type as EventName<Event>;

/** React prop name → DOM event name. */
export const VOD_PLAYER_REACT_EVENTS = {
  onVodLoadedMetadata: vod('vod-loadedmetadata'),
  onVodReady: vod('vod-ready'),
  onVodQualityChange: vod('vod-qualitychange'),
  onVodRebufferStart: vod('vod-rebufferstart'),
  onVodRebufferEnd: vod('vod-rebufferend'),
  onVodError: vod('vod-error'),
  onVodEngineChange: vod('vod-enginechange'),
  onVodResume: vod('vod-resume'),
  onVodRecovering: vod('vod-recovering'),
  onVodRecovered: vod('vod-recovered'),
  onVodTelemetryError: vod('vod-telemetry-error'),
  onPlay: media('play'),
  onPause: media('pause'),
  onPlaying: media('playing'),
  onWaiting: media('waiting'),
  onSeeking: media('seeking'),
  onSeeked: media('seeked'),
  onEnded: media('ended'),
  onTimeUpdate: media('timeupdate'),
  onDurationChange: media('durationchange'),
  onVolumeChange: media('volumechange'),
  onRateChange: media('ratechange'),
} as const;

/** The React component: props are the element's properties plus the `on…` event props above. */
export const VodPlayer: ReactWebComponent<VodPlayerElement, typeof VOD_PLAYER_REACT_EVENTS> = createComponent({
  react: React,
  tagName: 'vod-player',
  elementClass: VodPlayerElement,
  events: VOD_PLAYER_REACT_EVENTS,
  displayName: 'VodPlayer',
});

/** Props of `<VodPlayer>`. */
export type VodPlayerProps = React.ComponentProps<typeof VodPlayer>;
/** The element a `ref` on `<VodPlayer>` points at. */
export type { VodPlayerElement };
