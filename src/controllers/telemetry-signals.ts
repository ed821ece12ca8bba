import type { BeaconRendition } from '../../telemetry/types.js';
import type { Quality } from '../engines/types.js';

/** A Quality as beacons name it. */
export function renditionOf(quality: Quality): BeaconRendition {
  return { index: quality.index, width: quality.width, height: quality.height, bitrateBps: quality.bitrateBps, label: quality.label };
}

/**
 * The switch reason for a beacon: the element's reason string, with the ABR's decision record
 * (when there is one) as JSON data. Anything that does not survive JSON becomes its string form.
 */
export function switchReason(reason: string, abr: unknown): unknown {
  if (abr === null || abr === undefined) return reason;
  try {
    return { source: reason, decision: JSON.parse(JSON.stringify(abr)) as unknown };
  } catch {
    return { source: reason, decision: String(abr) };
  }
}
