import { CodedError } from '../contracts/coded-error.js';

/**
 * What telemetry delivery reports about itself. Nothing is lost silently: every beacon given up
 * is counted in a beacon of its own session (`droppedCount`, and `session_end.quarantinedCount`)
 * and told here; a collector that refuses the endpoint is told once per episode.
 */
export type TelemetryErrorCode =
  /**
   * The collector answered 401, 403, 404, 405, 410 (or another 4xx that is not about the beacons):
   * the endpoint or its credentials are wrong, or it is not deployed yet. The beacons stay queued
   * and persisted, delivery backs off; told once until a request is delivered again.
   */
  | 'TELEMETRY_ENDPOINT_REJECTED'
  /** The collector answered 400 (or 422) for a beacon sent alone: that beacon was dropped, and counted. */
  | 'TELEMETRY_BEACON_INVALID'
  /** The collector answered 413 for a beacon sent alone: that beacon was dropped, and counted. */
  | 'TELEMETRY_BEACON_TOO_LARGE'
  /**
   * The collector answered 5xx for a beacon sent alone, `retry.quarantineAfterServerErrors` times,
   * while it took other requests: the beacon was removed from the queue, and counted.
   */
  | 'TELEMETRY_BEACON_QUARANTINED'
  /** The queue reached `maxQueuedBeacons`: the oldest heartbeat (else the oldest beacon) was dropped, and counted; told once until the queue has room again. */
  | 'TELEMETRY_QUEUE_FULL';

export interface TelemetryErrorDetail {
  /** Where the beacons were going: the endpoint URL, or `custom` for the embedder's transport. */
  destination: string;
  /** The collector's HTTP status, when it answered. */
  httpStatus?: number;
  /** Beacons concerned (dropped, quarantined, or waiting in the queue for a rejected endpoint). */
  beaconCount: number;
  /** Sessions of those beacons. */
  sessionIds: string[];
}

/** The one error telemetry reports (the element fires it as `vod-telemetry-error`); never fatal to playback. */
export class TelemetryError extends CodedError<TelemetryErrorCode> {
  override readonly name = 'TelemetryError';
  readonly detail: TelemetryErrorDetail;

  constructor(code: TelemetryErrorCode, message: string, detail: TelemetryErrorDetail, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.detail = detail;
  }
}
