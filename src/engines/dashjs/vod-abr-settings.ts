import type { MediaPlayerSettingClass } from 'dashjs';

/**
 * dash.js settings with vod-player's ABR in charge: every built-in rule off (they stay active
 * unless turned off, and within a priority the lowest pick of all rules wins), and no fast
 * switching. dash.js 5's `fastSwitchEnabled` re-downloads already-buffered segments after each
 * up-switch (about 18 of 32 MB wasted on a steady 5 Mbps link); without it an up-switch shows
 * once the buffered segments have played, and no byte is fetched twice. `npm run bench:abr`
 * counts the bytes each mode wastes. The forward buffer is 60 s at every rung (embedders may set
 * their own through `engineConfig.dashjs`).
 */
export const VOD_ABR_DASH_SETTINGS: MediaPlayerSettingClass = {
  streaming: {
    abr: {
      rules: {
        throughputRule: { active: false },
        bolaRule: { active: false },
        insufficientBufferRule: { active: false },
        switchHistoryRule: { active: false },
        droppedFramesRule: { active: false },
        abandonRequestsRule: { active: false },
        l2ARule: { active: false },
        loLPRule: { active: false },
      },
    },
    // A minute ahead, at every rung: dash.js's defaults (18 s, 30 s at the top) are too short to
    // ride out a deep fade (hls.js's default buffers whole minutes ahead at low bitrates).
    buffer: { fastSwitchEnabled: false, bufferTimeDefault: 60, bufferTimeAtTopQuality: 60, bufferTimeAtTopQualityLongForm: 60 },
  },
};

/**
 * Embedder keys (`engineConfig.dashjs`) vod-player keeps while its ABR is plugged in: the switches of
 * the built-in rules that `VOD_ABR_DASH_SETTINGS` turns off (one on would outvote vod-player's rule).
 */
export const VOD_ABR_DASH_KEYS: readonly string[] = Object.keys(VOD_ABR_DASH_SETTINGS.streaming?.abr?.rules ?? {}).map(
  (rule) => `streaming.abr.rules.${rule}.active`,
);
