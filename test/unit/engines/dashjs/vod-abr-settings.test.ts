import { describe, expect, it } from 'vitest';
import { VOD_ABR_DASH_KEYS, VOD_ABR_DASH_SETTINGS } from '../../../../src/engines/dashjs/vod-abr-settings.js';
import { withoutPaths } from '../../../../src/engines/engine-config.js';

describe('VOD_ABR_DASH_KEYS', () => {
  it("names every built-in rule switch that vod-player's dash.js settings turn off", () => {
    const rules = Object.keys(VOD_ABR_DASH_SETTINGS.streaming?.abr?.rules ?? {});
    expect(rules.length).toBeGreaterThan(5);
    expect(VOD_ABR_DASH_KEYS).toEqual(rules.map((rule) => `streaming.abr.rules.${rule}.active`));
  });

  it("strips an embedder's attempt to turn BOLA back on, and keeps their buffer settings", () => {
    const settings = { streaming: { abr: { rules: { bolaRule: { active: true } } }, buffer: { bufferTimeAtTopQuality: 60 } } };
    const { config, removed } = withoutPaths(settings, VOD_ABR_DASH_KEYS);
    expect(removed).toEqual(['streaming.abr.rules.bolaRule.active']);
    expect(config.streaming.buffer).toEqual({ bufferTimeAtTopQuality: 60 });
  });
});
