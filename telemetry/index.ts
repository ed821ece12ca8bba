/**
 * `telemetry/`: vod-player's QoE beacons. Pure of the element (it never imports `src/`): it takes
 * player signals and makes, batches and delivers beacons. The element loads this module lazily,
 * only when telemetry is configured.
 */
export { startTelemetry, type DeliveryLane, type StartTelemetryOptions, type TelemetryEnv, type TelemetryPipeline } from './pipeline.js';
export { TelemetryError, type TelemetryErrorCode, type TelemetryErrorDetail } from './errors.js';
export { resolveTelemetryConfig, hasDelivery, DEFAULT_TELEMETRY_CONFIG, type TelemetryOptions, type ResolvedTelemetryConfig, type TelemetryTransportFn } from './config.js';
export type { PlayerSignal, PlayerProbe, SessionSignal, QualitySignal } from './signals.js';
export type { TelemetryClock } from './clock.js';
export * from './types.js';
