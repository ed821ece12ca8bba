import { describe, expect, it } from 'vitest';
import { renditionOf, switchReason } from '../../../src/controllers/telemetry-signals.js';

describe('telemetry signals from element events', () => {
  it('names a rendition by index, size, bitrate and label (codecs left out)', () => {
    expect(renditionOf({ index: 2, width: 854, height: 480, bitrateBps: 1_383_536, codecs: 'avc1.64001e', label: '480p' })).toEqual({
      index: 2,
      width: 854,
      height: 480,
      bitrateBps: 1_383_536,
      label: '480p',
    });
  });

  it("keeps the element's reason, with the ABR decision as JSON when there is one", () => {
    expect(switchReason('manual', null)).toBe('manual');
    expect(switchReason('vod-abr', { rule: 'buffer', bufferSec: 9, skip: undefined })).toEqual({ source: 'vod-abr', decision: { rule: 'buffer', bufferSec: 9 } });
  });

  it('turns a decision that is not JSON into its string form', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(switchReason('vod-abr', circular)).toEqual({ source: 'vod-abr', decision: '[object Object]' });
  });
});
