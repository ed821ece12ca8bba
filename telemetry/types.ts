/**
 * The beacons `<vod-player>` reports: one envelope, one `type`, one `data` object per type.
 * The JSON Schema in `schema/beacon-schema.ts` describes exactly these types (a test fails when
 * they drift); `SCHEMA.md` documents every field with its unit.
 */

/** Bumped when a field changes meaning or a required field is added. */
export const SCHEMA_VERSION = 1;

export type BeaconType =
  | 'session_start'
  | 'startup'
  | 'exit_before_start'
  | 'quality_change'
  | 'rebuffer_start'
  | 'rebuffer_end'
  | 'seek'
  | 'error'
  | 'heartbeat'
  | 'session_end'
  | 'page_vitals';

/** A rendition as beacons name it. */
export interface BeaconRendition {
  /** Position in the player's ladder, ascending by bitrate. */
  index: number;
  width: number;
  height: number;
  /** Declared bitrate (HLS BANDWIDTH, DASH @bandwidth), bits per second. */
  bitrateBps: number;
  label: string;
}

/** Fields every beacon carries. */
export interface BeaconEnvelope {
  schemaVersion: typeof SCHEMA_VERSION;
  /** Unique per beacon (UUID): the collector drops a second copy. */
  eventId: string;
  /** One playback session: one source loaded in one element. Also the CMCD `sid`. */
  sessionId: string;
  /** 0, 1, 2, … within the session, in the order events happened: a gap is a lost beacon. */
  seq: number;
  /** Wall-clock time of the event, milliseconds since the Unix epoch. */
  timeMs: number;
  /** Time of the event since the session started, milliseconds (monotonic clock). */
  sessionTimeMs: number;
  /** Media position when the event happened, seconds. */
  positionSec: number;
  /**
   * Beacons of this session the client gave up on (queue cap, refused alone by the collector with
   * 400/413, quarantined after repeated 5xx) and not yet counted in an earlier beacon of the session.
   */
  droppedCount: number;
  /** The embedder's viewer id, when given. */
  viewerId?: string;
  /** The video id (config `videoId`, else the element's `media-id` attribute), when known. */
  videoId?: string;
}

export interface SessionStartData {
  playerVersion: string;
  /** `hls.js`, `dash.js`, `shaka` or `native`. */
  engine: string;
  /** Who chooses renditions: the `abr` attribute (`vod`, `engine`), or `manual` when a rendition is pinned. */
  abrMode: string;
  userAgent: string;
  manifestUrl: string;
  /** Whether the source was set to autoplay. */
  autoplay: boolean;
}

export interface StartupData {
  /** From play intent (the first `play()`, or the autoplay attempt) to playback beginning (the first `playing` event, as Mux measures it), milliseconds. */
  startupMs: number;
}

export interface ExitBeforeStartData {
  /** From play intent until the viewer left, milliseconds. */
  waitedMs: number;
}

export interface QualityChangeData {
  /** The rendition played before; null for the first one. */
  from: BeaconRendition | null;
  to: BeaconRendition;
  /** True when an ABR chose it, false when it was pinned. */
  auto: boolean;
  /** Why, as the ABR explains it: a string or a JSON object. */
  reason: unknown;
  /** Seconds buffered ahead of the playhead at the switch. */
  bufferSec: number;
  /** The engine's bandwidth estimate, bits per second; null when it has none. */
  bandwidthEstimateBps: number | null;
}

export type RebufferCause = 'waiting' | 'frozen';

export interface RebufferStartData {
  /** `waiting` (the media element said so) or `frozen` (no new frame while playing). */
  cause: RebufferCause;
  /** Seconds buffered ahead of the playhead when the stall began. */
  bufferSec: number;
}

export interface RebufferEndData {
  cause: RebufferCause;
  /** How long the picture stood still, milliseconds. */
  durationMs: number;
}

export interface SeekData {
  /** Media position before the seek, seconds. */
  fromSec: number;
  /** Media position sought to, seconds. */
  toSec: number;
  /** From `seeking` to `seeked`, milliseconds. */
  durationMs: number;
}

export interface ErrorData {
  /** A VodPlayerError code, e.g. `SEGMENT_LOAD_FAILED`. */
  code: string;
  /** True when playback of the source stopped. */
  fatal: boolean;
  message: string;
}

export interface HeartbeatData {
  /** Media seconds played in this session so far (not counting seeks, pauses or stalls). */
  playedSec: number;
  /** Seconds buffered ahead of the playhead. */
  bufferSec: number;
  /** Declared bitrate of the rendition being played, bits per second; null before the first one. */
  bitrateBps: number | null;
  /** Frames the browser dropped in this session so far. */
  droppedFrames: number;
}

/**
 * `pagehide`: the page was left; `source-change`: another source was loaded; `disconnect`: the
 * element was removed; `stop`: telemetry was turned off; `abandoned`: the page died without
 * `pagehide` (crash, killed tab) and the next page load sent the summary kept in storage, as of
 * the session's last beacon.
 */
export type SessionEndReason = 'pagehide' | 'source-change' | 'disconnect' | 'stop' | 'abandoned';

export interface SessionEndData {
  reason: SessionEndReason;
  /** Startup time (see `startup`), milliseconds; null when playback never started. */
  startupMs: number | null;
  /** True when the viewer left after play intent and before the first frame. */
  exitBeforeStart: boolean;
  /** Finished and open stalls after startup, milliseconds in total. */
  rebufferMs: number;
  rebufferCount: number;
  /** rebufferMs / (playedSec × 1000 + rebufferMs); 0 when nothing was played. */
  rebufferRatio: number;
  /** Declared bitrate weighted by the media seconds played at it, bits per second; null when nothing was played. */
  averageBitrateBps: number | null;
  /** Rendition switches after the first rendition. */
  switchCount: number;
  /** Media seconds played. */
  playedSec: number;
  errorCount: number;
  /** True when a fatal error happened. */
  fatal: boolean;
  /** From session start to its end, milliseconds. */
  durationMs: number;
  /**
   * Beacons of this session the client gave up on after the collector answered 5xx for each of
   * them `retry.quarantineAfterServerErrors` times (they are in `droppedCount` too). Written in
   * by delivery as the beacon leaves (`telemetry$` shows 0); absent from older clients' beacons.
   */
  quarantinedCount?: number;
}

export interface PageVitalsData {
  /** Largest Contentful Paint, milliseconds; null until known. */
  lcpMs: number | null;
  /** Interaction to Next Paint, milliseconds; null until known. */
  inpMs: number | null;
  /** Cumulative Layout Shift, unitless score; null until known. */
  cls: number | null;
  /** First Contentful Paint, milliseconds; null until known. */
  fcpMs: number | null;
  /** Time to First Byte of the page, milliseconds; null until known. */
  ttfbMs: number | null;
}

export interface BeaconDataMap {
  session_start: SessionStartData;
  startup: StartupData;
  exit_before_start: ExitBeforeStartData;
  quality_change: QualityChangeData;
  rebuffer_start: RebufferStartData;
  rebuffer_end: RebufferEndData;
  seek: SeekData;
  error: ErrorData;
  heartbeat: HeartbeatData;
  session_end: SessionEndData;
  page_vitals: PageVitalsData;
}

/** One beacon of type `T`. */
export type BeaconOf<T extends BeaconType> = BeaconEnvelope & { type: T; data: BeaconDataMap[T] };

/** Any beacon: a union discriminated by `type`. */
export type TelemetryBeacon = { [T in BeaconType]: BeaconOf<T> }[BeaconType];

/** What a transport sends in one request (POST body, `sendBeacon` payload). */
export interface BeaconBatch {
  schemaVersion: typeof SCHEMA_VERSION;
  /** When the batch left the client, milliseconds since the Unix epoch. */
  sentAtMs: number;
  /** True when sent as the page went away (`sendBeacon` or a keepalive fetch on `pagehide` / hidden). */
  final: boolean;
  beacons: TelemetryBeacon[];
}
