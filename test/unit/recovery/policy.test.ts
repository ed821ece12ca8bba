import { describe, expect, it } from 'vitest';
import { VodPlayerError, type VodErrorCode, type VodErrorDetail } from '../../../src/errors.js';
import {
  DEFAULT_RECOVERY_CONFIG,
  backoffMs,
  classifyFailure,
  exclusionOf,
  isGoneStatus,
  parseRetryAfterSec,
  type RecoveryContext,
} from '../../../src/recovery/policy.js';

const PLAYING: RecoveryContext = { everLoaded: true, online: true, qualityCount: 4, excludedCount: 0, decodeFailures: 0, renderedQualityIndex: 2 };
const STARTING: RecoveryContext = { ...PLAYING, everLoaded: false };

function fatal(code: VodErrorCode, detail: VodErrorDetail = {}): VodPlayerError {
  return new VodPlayerError(code, 'm', { fatal: true, detail });
}

describe('classifyFailure', () => {
  it('waits for the network when segments fail with no response, a timeout, 429 or 5xx', () => {
    for (const httpStatus of [undefined, 408, 429, 500, 503]) {
      expect(classifyFailure(fatal('SEGMENT_LOAD_FAILED', httpStatus ? { httpStatus } : {}), PLAYING)).toEqual({ action: 'wait-network' });
    }
  });

  it('excludes the rendition of a segment that is gone (404, 410, 403) while others remain', () => {
    for (const httpStatus of [403, 404, 410]) {
      expect(classifyFailure(fatal('SEGMENT_LOAD_FAILED', { httpStatus, qualityIndex: 3 }), PLAYING)).toEqual({ action: 'exclude-rendition', qualityIndex: 3 });
    }
  });

  it('is fatal (segment-unavailable) for a gone segment of an unknown rendition, or when no other rendition is left', () => {
    expect(classifyFailure(fatal('SEGMENT_LOAD_FAILED', { httpStatus: 404 }), PLAYING)).toEqual({ action: 'fatal', reason: 'segment-unavailable' });
    const lastOne = { ...PLAYING, excludedCount: 3 };
    expect(classifyFailure(fatal('SEGMENT_LOAD_FAILED', { httpStatus: 404, qualityIndex: 0 }), lastOne)).toEqual({ action: 'fatal', reason: 'segment-unavailable' });
  });

  it('fails fast on a manifest that is missing, or unreachable at the first load while online', () => {
    expect(classifyFailure(fatal('MANIFEST_LOAD_FAILED', { httpStatus: 404 }), PLAYING)).toEqual({ action: 'fatal', reason: 'manifest-unavailable' });
    expect(classifyFailure(fatal('MANIFEST_LOAD_FAILED'), STARTING)).toEqual({ action: 'fatal', reason: 'manifest-unavailable' });
  });

  it('waits for the network when the manifest is unreachable after playing, or at the first load while offline', () => {
    expect(classifyFailure(fatal('MANIFEST_LOAD_FAILED', { httpStatus: 503 }), PLAYING)).toEqual({ action: 'wait-network' });
    expect(classifyFailure(fatal('MANIFEST_LOAD_FAILED'), { ...STARTING, online: false })).toEqual({ action: 'wait-network' });
  });

  it('reloads after a decode or engine failure once the source played, and is fatal for one before', () => {
    expect(classifyFailure(fatal('MEDIA_DECODE_FAILED'), PLAYING)).toEqual({ action: 'reload' });
    expect(classifyFailure(fatal('ENGINE_ERROR'), PLAYING)).toEqual({ action: 'reload' });
    expect(classifyFailure(fatal('MEDIA_DECODE_FAILED'), STARTING)).toEqual({ action: 'fatal', reason: 'decode-failed' });
    expect(classifyFailure(fatal('ENGINE_ERROR'), STARTING)).toEqual({ action: 'fatal', reason: 'engine-failed' });
  });

  it('excludes the rendition on screen at the second decode failure of an episode, while another is left', () => {
    const again = { ...PLAYING, decodeFailures: 1 };
    expect(classifyFailure(fatal('MEDIA_DECODE_FAILED'), again)).toEqual({ action: 'exclude-rendition', qualityIndex: 2 });
    expect(classifyFailure(fatal('MEDIA_DECODE_FAILED', { qualityIndex: 1 }), again)).toEqual({ action: 'exclude-rendition', qualityIndex: 1 });
    expect(classifyFailure(fatal('MEDIA_DECODE_FAILED'), { ...again, renderedQualityIndex: null })).toEqual({ action: 'reload' });
    expect(classifyFailure(fatal('MEDIA_DECODE_FAILED'), { ...again, excludedCount: 3 })).toEqual({ action: 'reload' });
  });

  it('is fatal for what no reload can fix: invalid manifests, unsupported codecs or sources', () => {
    expect(classifyFailure(fatal('MANIFEST_PARSE_FAILED'), PLAYING)).toEqual({ action: 'fatal', reason: 'manifest-invalid' });
    expect(classifyFailure(fatal('CODEC_UNSUPPORTED'), PLAYING)).toEqual({ action: 'fatal', reason: 'unsupported' });
    expect(classifyFailure(fatal('SOURCE_UNSUPPORTED'), STARTING)).toEqual({ action: 'fatal', reason: 'unsupported' });
    expect(classifyFailure(fatal('ENGINE_LOAD_FAILED'), STARTING)).toEqual({ action: 'fatal', reason: 'engine-load-failed' });
    expect(classifyFailure(fatal('ENGINE_LOAD_FAILED'), { ...STARTING, online: false })).toEqual({ action: 'wait-network' });
  });
});

describe('exclusionOf', () => {
  it('excludes the rendition of a non-fatal 404/410 segment error the engine survived', () => {
    const error = new VodPlayerError('SEGMENT_LOAD_FAILED', 'm', { fatal: false, detail: { httpStatus: 404, qualityIndex: 2 } });
    expect(exclusionOf(error)).toBe(2);
  });

  it('excludes nothing for retryable statuses, unknown renditions or other errors', () => {
    expect(exclusionOf(new VodPlayerError('SEGMENT_LOAD_FAILED', 'm', { fatal: false, detail: { httpStatus: 503, qualityIndex: 2 } }))).toBeNull();
    expect(exclusionOf(new VodPlayerError('SEGMENT_LOAD_FAILED', 'm', { fatal: false, detail: { httpStatus: 404 } }))).toBeNull();
    expect(exclusionOf(new VodPlayerError('ENGINE_ERROR', 'm', { fatal: false, detail: { httpStatus: 404, qualityIndex: 1 } }))).toBeNull();
  });
});

describe('isGoneStatus', () => {
  it('treats 4xx as gone, except 408 and 429', () => {
    expect([400, 403, 404, 410, 408, 429, 500, undefined].map(isGoneStatus)).toEqual([true, true, true, true, false, false, false, false]);
  });
});

describe('backoffMs', () => {
  it('doubles from the first delay up to the cap, with ±20% jitter', () => {
    expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffMs(attempt, DEFAULT_RECOVERY_CONFIG, 0.5))).toEqual([1000, 2000, 4000, 8000, 15000, 15000]);
    expect(backoffMs(0, DEFAULT_RECOVERY_CONFIG, 0)).toBe(800);
    expect(backoffMs(0, DEFAULT_RECOVERY_CONFIG, 0.999999)).toBe(1200);
  });
});

describe('parseRetryAfterSec', () => {
  it('reads delta-seconds and HTTP dates, capped at an hour', () => {
    const nowMs = Date.parse('2026-12-07T12:00:00Z');
    expect(parseRetryAfterSec('7', nowMs)).toBe(7);
    expect(parseRetryAfterSec('Mon, 07 Dec 2026 12:00:30 GMT', nowMs)).toBe(30);
    expect(parseRetryAfterSec('Mon, 07 Dec 2026 11:00:00 GMT', nowMs)).toBe(0);
    expect(parseRetryAfterSec('99999', nowMs)).toBe(3600);
  });

  it('answers null for absent or unreadable values', () => {
    expect([null, undefined, '', 'soon', '-5'].map((value) => parseRetryAfterSec(value, 0))).toEqual([null, null, null, null, null]);
  });
});
