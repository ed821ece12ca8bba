import { describe, expect, it } from 'vitest';
import { CollectorError } from '../../../../origin/collector/errors.js';
import { validateBatch } from '../../../../origin/collector/validate.js';
import type { PipelineSignal } from '../../../../telemetry/signals.js';
import type { BeaconBatch, TelemetryBeacon } from '../../../../telemetry/types.js';
import { rendition, run, sessionSignal } from '../../telemetry/fixtures.js';

/** One of every beacon type, as the session fold makes them. */
function everyType(): TelemetryBeacon[] {
  const low = rendition(0, 1e6);
  const signals: PipelineSignal[] = [
    { type: 'vitals', atMs: 0, metrics: { ttfbMs: 40, fcpMs: 300 } },
    sessionSignal(),
    { type: 'play_intent', atMs: 10 },
    { type: 'quality', atMs: 20, positionSec: 0, from: null, to: low, auto: true, reason: { source: 'vod-abr', decision: { rule: 'startup' } }, bufferSec: 0, bandwidthEstimateBps: null },
    { type: 'first_frame', atMs: 600, positionSec: 0 },
    { type: 'rebuffer_start', atMs: 900, positionSec: 1, cause: 'frozen', bufferSec: 0 },
    { type: 'rebuffer_end', atMs: 1_900, positionSec: 1, cause: 'frozen', durationMs: 1_000 },
    { type: 'seek', atMs: 2_000, fromSec: 1, toSec: 50, durationMs: 120 },
    { type: 'error', atMs: 2_100, positionSec: 50, code: 'SEGMENT_LOAD_FAILED', fatal: false, message: 'HTTP 503' },
    { type: 'heartbeat_tick', atMs: 10_000, probe: { positionSec: 58, bufferSec: 20, bitrateBps: 1e6, droppedFrames: 2 } },
    { type: 'end', atMs: 11_000, reason: 'pagehide' },
    sessionSignal({ atMs: 12_000, sessionId: 's2' }),
    { type: 'play_intent', atMs: 12_100 },
    { type: 'end', atMs: 13_000, reason: 'pagehide' },
  ];
  return run(signals);
}

function batchOf(beacons: TelemetryBeacon[]): BeaconBatch {
  return { schemaVersion: 1, sentAtMs: 1_700_000_000_000, final: false, beacons };
}

function violationsOf(body: unknown): string[] {
  try {
    validateBatch(body);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(CollectorError);
    return (error as CollectorError).violations.map((v) => `${v.path} ${v.message}`);
  }
}

describe('collector validation against the published schema', () => {
  it('accepts every beacon type the client makes', () => {
    const beacons = everyType();
    expect(new Set(beacons.map((b) => b.type))).toEqual(
      new Set(['session_start', 'startup', 'exit_before_start', 'quality_change', 'rebuffer_start', 'rebuffer_end', 'seek', 'error', 'heartbeat', 'session_end', 'page_vitals']),
    );
    expect(validateBatch(batchOf(beacons))).toBeTruthy();
  });

  it('rejects a beacon with a missing field, saying which', () => {
    const [beacon] = everyType().filter((b) => b.type === 'heartbeat');
    const { bufferSec: _dropped, ...data } = beacon!.data as unknown as Record<string, unknown>;
    expect(violationsOf(batchOf([{ ...beacon!, data } as unknown as TelemetryBeacon]))).toContain("/beacons/0/data must have required property 'bufferSec'");
  });

  it('rejects unknown fields, wrong types, unknown beacon types and a wrong schema version', () => {
    const [beacon] = everyType();
    expect(violationsOf(batchOf([{ ...beacon!, extra: 1 } as unknown as TelemetryBeacon]))).toContain('/beacons/0 must NOT have additional properties: extra');
    expect(violationsOf(batchOf([{ ...beacon!, seq: -1 }]))).toContain('/beacons/0/seq must be >= 0');
    expect(violationsOf(batchOf([{ ...beacon!, type: 'nonsense' } as unknown as TelemetryBeacon])).join()).toMatch(/type/);
    expect(violationsOf({ ...batchOf([beacon!]), schemaVersion: 2 })).toContain('/schemaVersion must be equal to constant');
    expect(violationsOf({ ...batchOf([]) })).toContain('/beacons must NOT have fewer than 1 items');
  });
});
