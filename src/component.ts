// Entry without registration: the class and its types, for embedders who pick their own tag name.
export { VodPlayer } from './vod-player.component.js';
export { defineVodPlayer } from './vod-player.js';
export { VodPlayerError } from './errors.js';
export type { FatalReason, VodErrorCode, VodErrorDetail } from './errors.js';
export type { RecoveryConfig } from './recovery/policy.js';
export type * from './events.js';
export type { EngineName, Quality, EngineAdapter } from './engines/types.js';
export type { EngineConfig, EngineSetupContext, EngineSetupHook } from './engines/engine-config.js';
// Resume: stores (local, remote, synced), the ResumeStore interface, policy and conflict rule.
export * from './resume/index.js';
/** vod-player's version (from package.json at build time), as reported in telemetry. */
export { PLAYER_VERSION as VERSION } from './version.js';
// Telemetry: the beacon types analytics code consumes, and the options of `player.telemetry`.
export type * from '../telemetry/types.js';
export type { TelemetryOptions } from '../telemetry/config.js';
export type { TelemetryError, TelemetryErrorCode, TelemetryErrorDetail } from '../telemetry/errors.js';
