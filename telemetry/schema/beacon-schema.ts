/**
 * The published JSON Schema (draft-07) of beacons and batches, written as `const` data so that
 * `test/unit/telemetry/schema-types.test.ts` can check, at compile time, that it describes
 * exactly the TypeScript types of `../types.ts`. `npm run telemetry:schema` writes it to
 * `beacon.schema.json` and the field reference to `../SCHEMA.md`; a unit test fails when either
 * file is stale. Every field has a description that states its unit.
 *
 * No imports: the origin's collector (Node) validates with this same object.
 */

const ms = (what: string) => ({ type: 'number', minimum: 0, description: `${what}, milliseconds.` }) as const;
const sec = (what: string) => ({ type: 'number', minimum: 0, description: `${what}, seconds.` }) as const;
const count = (what: string) => ({ type: 'integer', minimum: 0, description: `${what} (a count).` }) as const;

const RENDITION = {
  type: 'object',
  additionalProperties: false,
  required: ['index', 'width', 'height', 'bitrateBps', 'label'],
  properties: {
    index: { type: 'integer', minimum: 0, description: "Position in the player's ladder, ascending by bitrate (an index)." },
    width: { type: 'integer', minimum: 0, description: 'Width, pixels.' },
    height: { type: 'integer', minimum: 0, description: 'Height, pixels.' },
    bitrateBps: { type: 'number', minimum: 0, description: 'Declared bitrate (HLS BANDWIDTH, DASH @bandwidth), bits per second.' },
    label: { type: 'string', description: 'Short label, e.g. `720p` (text).' },
  },
} as const;

const ENVELOPE_REQUIRED = ['schemaVersion', 'eventId', 'sessionId', 'seq', 'type', 'timeMs', 'sessionTimeMs', 'positionSec', 'droppedCount', 'data'] as const;

const ENVELOPE_PROPERTIES = {
  schemaVersion: { const: 1, description: 'Version of this schema (an integer): 1.' },
  eventId: { type: 'string', minLength: 1, maxLength: 64, description: 'Unique per beacon (a UUID); the collector drops a second copy.' },
  sessionId: { type: 'string', minLength: 1, maxLength: 64, description: 'One playback session: one source loaded in one element. Also the CMCD `sid` (text).' },
  seq: count('Order of the beacon in its session: 0, 1, 2, …; a gap is a lost beacon'),
  timeMs: { type: 'number', minimum: 0, description: 'Wall-clock time of the event, milliseconds since the Unix epoch.' },
  sessionTimeMs: ms('Time of the event since the session started (monotonic clock)'),
  positionSec: sec('Media position when the event happened'),
  droppedCount: count(
    'Beacons of this session the client gave up on (queue cap, refused alone by the collector with 400/413, quarantined after repeated 5xx) and not yet counted in an earlier beacon of the session',
  ),
  viewerId: { type: 'string', maxLength: 128, description: "The embedder's viewer id, when given (text)." },
  videoId: { type: 'string', maxLength: 256, description: "The video id (config `videoId`, else the element's `media-id` attribute), when known (text)." },
} as const;

/** One beacon type: the envelope plus `type: <name>` and its `data` object. */
function beacon<const T extends string, const R extends readonly string[], const P>(
  type: T,
  description: string,
  data: { required: R; properties: P },
) {
  return {
    type: 'object',
    description,
    additionalProperties: false,
    required: ENVELOPE_REQUIRED,
    properties: {
      ...ENVELOPE_PROPERTIES,
      type: { const: type, description: 'The beacon type (text).' },
      data: { type: 'object', additionalProperties: false, required: data.required, properties: data.properties },
    },
  } as const;
}

export const BEACON_SCHEMAS = {
  session_start: beacon('session_start', 'A session began: a source was loaded into the element.', {
    required: ['playerVersion', 'engine', 'abrMode', 'userAgent', 'manifestUrl', 'autoplay'],
    properties: {
      playerVersion: { type: 'string', description: 'Version of vod-player (text).' },
      engine: { type: 'string', description: 'Engine playing the source: `hls.js`, `dash.js`, `shaka` or `native` (text).' },
      abrMode: { type: 'string', description: 'Who chooses renditions: the `abr` attribute (`vod`: vod-player\'s ABR, `engine`: the engine\'s own), or `manual` when a rendition is pinned (text).' },
      userAgent: { type: 'string', description: "The browser's user agent (text)." },
      manifestUrl: { type: 'string', description: 'The manifest URL (text).' },
      autoplay: { type: 'boolean', description: 'Whether the source was set to autoplay (true/false).' },
    },
  }),
  startup: beacon('startup', 'Playback began (the first `playing` event) after play intent.', {
    required: ['startupMs'],
    properties: {
      startupMs: ms('From play intent (the first `play()`, or the autoplay attempt) to playback beginning (the first `playing` event, as Mux measures video startup time)'),
    },
  }),
  exit_before_start: beacon('exit_before_start', 'The viewer left after play intent and before the first frame.', {
    required: ['waitedMs'],
    properties: { waitedMs: ms('From play intent until the viewer left') },
  }),
  quality_change: beacon('quality_change', 'The engine switched the rendition being played (confirmed, not requested).', {
    required: ['from', 'to', 'auto', 'reason', 'bufferSec', 'bandwidthEstimateBps'],
    properties: {
      from: { anyOf: [RENDITION, { type: 'null' }], description: 'The rendition played before; null for the first one.' },
      to: { ...RENDITION, description: 'The rendition played now.' },
      auto: { type: 'boolean', description: 'True when an ABR chose it, false when it was pinned (true/false).' },
      reason: { description: 'Why, as the ABR explains it: a string or a JSON object (no unit).' },
      bufferSec: sec('Buffered ahead of the playhead at the switch'),
      bandwidthEstimateBps: { type: ['number', 'null'], minimum: 0, description: "The engine's bandwidth estimate, bits per second; null when it has none." },
    },
  }),
  rebuffer_start: beacon('rebuffer_start', 'Playback stalled as a viewer sees it.', {
    required: ['cause', 'bufferSec'],
    properties: {
      cause: { enum: ['waiting', 'frozen'], description: '`waiting` (the media element said so) or `frozen` (no new frame while playing) (text).' },
      bufferSec: sec('Buffered ahead of the playhead when the stall began'),
    },
  }),
  rebuffer_end: beacon('rebuffer_end', 'The picture moves again.', {
    required: ['cause', 'durationMs'],
    properties: {
      cause: { enum: ['waiting', 'frozen'], description: 'As in `rebuffer_start` (text).' },
      durationMs: ms('How long the picture stood still'),
    },
  }),
  seek: beacon('seek', 'The viewer (or the page) sought.', {
    required: ['fromSec', 'toSec', 'durationMs'],
    properties: {
      fromSec: sec('Media position before the seek'),
      toSec: sec('Media position sought to'),
      durationMs: ms('From `seeking` to `seeked`'),
    },
  }),
  error: beacon('error', 'Something went wrong.', {
    required: ['code', 'fatal', 'message'],
    properties: {
      code: { type: 'string', description: 'A VodPlayerError code, e.g. `SEGMENT_LOAD_FAILED` (text).' },
      fatal: { type: 'boolean', description: 'True when playback of the source stopped (true/false).' },
      message: { type: 'string', maxLength: 2000, description: 'What happened (text, at most 2000 characters).' },
    },
  }),
  heartbeat: beacon('heartbeat', 'Sent every `heartbeatIntervalSec` while the session is open.', {
    required: ['playedSec', 'bufferSec', 'bitrateBps', 'droppedFrames'],
    properties: {
      playedSec: sec('Media played in this session so far (not counting seeks, pauses or stalls)'),
      bufferSec: sec('Buffered ahead of the playhead'),
      bitrateBps: { type: ['number', 'null'], minimum: 0, description: 'Declared bitrate of the rendition being played, bits per second; null before the first one.' },
      droppedFrames: count('Frames the browser dropped in this session so far'),
    },
  }),
  session_end: beacon('session_end', 'The session ended; its QoE summary.', {
    required: ['reason', 'startupMs', 'exitBeforeStart', 'rebufferMs', 'rebufferCount', 'rebufferRatio', 'averageBitrateBps', 'switchCount', 'playedSec', 'errorCount', 'fatal', 'durationMs'],
    properties: {
      reason: {
        enum: ['pagehide', 'source-change', 'disconnect', 'stop', 'abandoned'],
        description: 'Why it ended: the page went away, another source was loaded, the element was removed, telemetry was stopped, or `abandoned`: the page died without `pagehide` and the next page load sent the summary kept in storage, as of the last beacon (text).',
      },
      startupMs: { type: ['number', 'null'], minimum: 0, description: 'Startup time (see `startup`), milliseconds; null when playback never started.' },
      exitBeforeStart: { type: 'boolean', description: 'True when the viewer left after play intent and before the first frame (true/false).' },
      rebufferMs: ms('Stalls after startup, in total (finished and still open)'),
      rebufferCount: count('Stalls after startup'),
      rebufferRatio: { type: 'number', minimum: 0, maximum: 1, description: 'rebufferMs / (playedSec × 1000 + rebufferMs), a fraction from 0 to 1; 0 when nothing was played.' },
      averageBitrateBps: { type: ['number', 'null'], minimum: 0, description: 'Declared bitrate weighted by the media seconds played at it, bits per second; null when nothing was played.' },
      switchCount: count('Rendition switches after the first rendition'),
      playedSec: sec('Media played (not counting seeks, pauses or stalls)'),
      errorCount: count('Errors, fatal or not'),
      fatal: { type: 'boolean', description: 'True when a fatal error happened (true/false).' },
      durationMs: ms('From session start to its end'),
      quarantinedCount: count(
        'Beacons of this session given up after the collector answered 5xx for each of them `retry.quarantineAfterServerErrors` times (5 by default); they are in `droppedCount` too. Absent from beacons of clients older than this field',
      ),
    },
  }),
  page_vitals: beacon('page_vitals', 'Core Web Vitals of the embedding page (from `web-vitals`), sent when new values are known.', {
    required: ['lcpMs', 'inpMs', 'cls', 'fcpMs', 'ttfbMs'],
    properties: {
      lcpMs: { type: ['number', 'null'], minimum: 0, description: 'Largest Contentful Paint, milliseconds; null until known.' },
      inpMs: { type: ['number', 'null'], minimum: 0, description: 'Interaction to Next Paint, milliseconds; null until known.' },
      cls: { type: ['number', 'null'], minimum: 0, description: 'Cumulative Layout Shift, a unitless score; null until known.' },
      fcpMs: { type: ['number', 'null'], minimum: 0, description: 'First Contentful Paint, milliseconds; null until known.' },
      ttfbMs: { type: ['number', 'null'], minimum: 0, description: 'Time to First Byte of the page, milliseconds; null until known.' },
    },
  }),
} as const;

/** Any beacon: one of BEACON_SCHEMAS, picked by `type`. */
export const BEACON_SCHEMA = {
  type: 'object',
  required: ['type'],
  discriminator: { propertyName: 'type' },
  oneOf: [
    BEACON_SCHEMAS.session_start,
    BEACON_SCHEMAS.startup,
    BEACON_SCHEMAS.exit_before_start,
    BEACON_SCHEMAS.quality_change,
    BEACON_SCHEMAS.rebuffer_start,
    BEACON_SCHEMAS.rebuffer_end,
    BEACON_SCHEMAS.seek,
    BEACON_SCHEMAS.error,
    BEACON_SCHEMAS.heartbeat,
    BEACON_SCHEMAS.session_end,
    BEACON_SCHEMAS.page_vitals,
  ],
} as const;

/** What one request carries: a POST body or a `sendBeacon` payload. */
export const BATCH_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://vod-player.dev/schema/telemetry/beacon-batch-v1.json',
  title: 'vod-player telemetry batch, schema version 1',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'sentAtMs', 'final', 'beacons'],
  properties: {
    schemaVersion: { const: 1, description: 'Version of this schema (an integer): 1.' },
    sentAtMs: { type: 'number', minimum: 0, description: 'When the batch left the client, milliseconds since the Unix epoch.' },
    final: { type: 'boolean', description: 'True when sent as the page went away (`sendBeacon` or a keepalive fetch on `pagehide` / hidden) (true/false).' },
    beacons: { type: 'array', minItems: 1, maxItems: 1000, items: BEACON_SCHEMA, description: 'The beacons, oldest first (1 to 1000).' },
  },
} as const;
