/**
 * `vod-origin`: the mock origin for Node (tests, benchmarks, the demo).
 *
 *  - Serve a ladder: `startOrigin` (plain), or `createOrigin` (with throttling, fault injection and
 *    the session control API under `/_origin/sessions/…`).
 *  - Make a ladder: `generateLadder`, `ensureSyntheticLadder` (cached).
 *  - Network profiles (named, generated links): `NETWORK_PROFILES`, `listNetworkProfiles`,
 *    `networkProfile`, `networkProfileSpec`.
 *  - Traces and profiles: `loadTrace`, `parseProfileJson`, `describeProfile`, …
 *  - Faults: `parseFaultRuleCli`, `parseFaultRulesJson`, …
 *  - Reports: `playedView`, `playedReport`, `buildSessionReport` over request log entries.
 */

// Server
export {
  startOrigin,
  CONTROL_PREFIX,
  OriginError,
  RequestLog,
  DEFAULT_LOG_LIMIT,
  SESSION_HEADER,
  isSessionId,
  withSession,
  type OriginOptions,
  type OriginServer,
  type OriginErrorCode,
  type RequestLogFilter,
  type RequestLogListener,
  type FileKind,
  type OriginPlugin,
  type PathInfo,
  type RequestContext,
  type RequestLogEntry,
} from './server/server.js';

// Server with throttling, faults and the control API
export { createOrigin, type ControlledOrigin, type CreateOriginOptions } from './control/create-origin.js';
export { createControlPlugin, type ControlPluginOptions } from './control/routes.js';
export { ControlError, type ControlErrorCode } from './http/control-error.js';
export { DEFAULT_BODY_LIMIT_BYTES, DEFAULT_BODY_MAX_DEPTH } from './http/body.js';
export {
  AccessConfigError,
  AccessPolicy,
  LOOPBACK_HOSTNAMES,
  parseCorsOrigin,
  parseAllowedHost,
  type AccessConfigErrorCode,
  type AccessOptions,
  type ApiRoute,
  type RequestAccess,
} from './http/access.js';

// Beacon collector (telemetry)
export { createCollectorPlugin, BEACONS_PATH, type CollectorPlugin, type CollectorPluginOptions, type CollectorStats } from './collector/plugin.js';
export { CollectorError, type CollectorErrorCode, type SchemaViolation } from './collector/errors.js';
export { summarizeSession, summarizeVideo, type SessionSummary, type VideoSummary } from './collector/summary.js';
export type { StoredBeacon, InsertResult } from './collector/beacon-table.js';
export { readCmcd, parseCmcd, type CmcdValue } from './server/cmcd.js';

// Resume API
export { createProgressPlugin, PROGRESS_PREFIX, type ProgressPlugin, type ProgressPluginOptions } from './progress/plugin.js';
export { ProgressError, type ProgressErrorCode } from './progress/errors.js';
export type { ProgressRecord } from './progress/validate.js';
export { parseProfileBody } from './control/profile-body.js';
export { profileText } from './control/profile-text.js';
export {
  ThrottlePlugin,
  createThrottlePlugin,
  type ThrottlePluginOptions,
  type ProfileSource,
  type SessionClockView,
  type SessionProfileView,
  type SessionStatsView,
} from './throttle/plugin.js';
export { FaultsPlugin, createFaultsPlugin, type FaultsPluginOptions, type SessionFaultsView } from './faults/plugin.js';

// Sessions and reports
export { SessionRegistry, type SessionRegistryOptions, type SessionReport } from './sessions/registry.js';
export { buildSessionReport, type AppliedFault, type SessionLogReport } from './sessions/report.js';
export {
  playedView,
  playedReport,
  declaredBitrates,
  type PlayedLogEntry,
  type PlayedOptions,
  type PlayedSegment,
  type PlayedSummary,
} from './sessions/played.js';
export { readPlayedOptions } from './sessions/ladder-info.js';
export { NO_SESSION_KEY } from './server/session.js';

// Ladders
export {
  generateLadder,
  ensureSyntheticLadder,
  type GenerateOptions,
  type GenerateCommonOptions,
  type GenerateProgress,
  type EnsureResult,
  type SyntheticLadderOptions,
} from './ladder/generate.js';
export { LadderError } from './ladder/errors.js';
export type { LadderJson, LadderRung, LadderAudio, SegmentSummary, SourceInfo, PlannedRung } from './ladder/types.js';

// Throttling: traces, profiles, the shaper
export {
  loadTrace,
  readTraceFile,
  cachedTraceLoader,
  listTraceNames,
  listTraceRefs,
  isTraceName,
  type LoadTraceOptions,
} from './throttle/trace-file.js';
export {
  NETWORK_PROFILES,
  NETWORK_PROFILE_NAMES,
  listNetworkProfiles,
  networkProfile,
  isNetworkProfileName,
  type NetworkProfile,
  type NetworkProfileName,
} from './throttle/network-profiles.js';
export { summarizeNetworkProfile, formatNetworkProfiles, sparkline, type NetworkProfileSummary } from './throttle/profile-listing.js';
export { createTrace, parseTrace, meanKbps, bitsBetween, rateBpsAt, type Trace, type TraceMode, type TraceStep } from './throttle/trace.js';
export {
  UNLIMITED_PROFILE,
  describeProfile,
  networkProfileSpec,
  parseProfileArgs,
  parseProfileJson,
  parseProfileQuery,
  resolveProfile,
  type LinkProfile,
  type LinkRate,
  type ProfileSpec,
} from './throttle/profile.js';
export { Shaper, type ShaperOptions } from './throttle/shaper.js';
export type { LinkStats } from './throttle/link.js';
export { expectedBytesPerSecond, perSecondErrors, summarizeErrors, type ErrorSummary } from './throttle/fidelity.js';
export { TraceError, ProfileError, type TraceErrorCode, type ProfileErrorCode } from './throttle/errors.js';

// Faults
export { parseFaultRuleCli, parseFaultRulesCli, parseFaultRuleJson, parseFaultRulesJson } from './faults/parse.js';
export { formatFaultRule } from './faults/format.js';
export { compileGlob, matchesGlob, readGlob, MAX_GLOB_LENGTH, type CompiledGlob } from './faults/glob.js';
export { rewriteManifest, manifestFormat, type ManifestFormat } from './faults/manifest-rewrite.js';
export { faultLabel } from './faults/apply.js';
export { FaultError, type FaultErrorCode } from './faults/errors.js';
export type { FaultMatch, FaultRule, FaultSpec, FaultType, ReplaceFault, ManifestChangeFault, CodecFault, RewriteFault } from './faults/types.js';
