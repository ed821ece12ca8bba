/**
 * The beacon collector, as an origin plugin `route` (also under a session prefix, `/s/<id>/beacons`):
 *
 * | route                | methods            | body / answer |
 * |----------------------|--------------------|---------------|
 * | `/beacons`           | POST               | a batch (JSON, any content type: `sendBeacon` sends text/plain) → 200 `{ accepted, duplicates }` |
 * |                      | GET                | `?session=<id>` → `{ session, beacons: [{ beacon, receivedAtMs, final }] }` in seq order |
 * | `/beacons/summary`   | GET                | `?session=<id>` → SessionSummary; `?video=<id>` → VideoSummary + its sessions |
 * | `/beacons/sessions`  | GET                | `{ sessions: [ids] }` (`?video=<id>`: that video's) |
 * | `/beacons/outage`    | GET, PUT, DELETE   | PUT `{ "sec": 30, "mode": "503" \| "reset" \| "404" \| "hang" }`: POSTs fail for that long (see outage.ts); DELETE: back up |
 *
 * An outage set under a session prefix (`/s/<id>/beacons/outage`) only fails POSTs that come through
 * the same prefix, so parallel tests do not share it; one set without a prefix fails every POST.
 *
 * A batch is validated against the published schema (`telemetry/schema`) as a whole: one invalid
 * beacon rejects it with 400 `{ error: { code: 'INVALID_BEACON', message, errors: [{ path, message }] } }`
 * and nothing is stored. Bodies over 64 kB get 413; bad JSON 400; JSON nested more than 32 deep 400
 * `TOO_DEEP` (checked before parsing). Beacons are stored in SQLite (`beacon_events`), deduplicated
 * by event id.
 *
 * Every route is an API (`apiRoute`): only loopback pages and `--cors-origin` ones may use it, through
 * a Host naming the server (http/access.ts). `POST /beacons` takes any content type and allows
 * credentials (`sendBeacon` sends text/plain with credentials); the reads and the outage switch take
 * JSON bodies only and no credentials.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { openDatabase, type OriginDatabase } from '../db/open-database.js';
import type { ApiRoute } from '../http/access.js';
import { DEFAULT_BODY_LIMIT_BYTES, readJsonBody } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import { routeMethod, routePath } from '../http/route.js';
import type { OriginPlugin, RequestContext } from '../server/types.js';
import { BeaconTable, type InsertResult, type StoredBeacon } from './beacon-table.js';
import { CollectorError, sendCollectorError, toCollectorError } from './errors.js';
import { COLLECTOR_UP, HeldRequests, isDown, parseOutageBody, startOutage, type OutageMode, type OutageState } from './outage.js';
import { summarizeSession, summarizeVideo, type SessionSummary, type VideoSummary } from './summary.js';
import { validateBatch } from './validate.js';

export const BEACONS_PATH = '/beacons';

/** `POST /beacons`: any content type (`sendBeacon` sends text/plain), credentials allowed (it sends them). */
const BEACON_POST_ROUTE: ApiRoute = Object.freeze({ body: 'any', credentials: true });
/** The reads and the outage switch: JSON bodies, no credentials. */
const BEACON_READ_ROUTE: ApiRoute = Object.freeze({ body: 'json', credentials: false });

export interface CollectorPluginOptions {
  /** The SQLite database: a file, `':memory:'` (default) or an open database shared with other features. */
  database?: string | OriginDatabase;
  /** Largest POST body, bytes. Defaults to 64 kB. */
  bodyLimitBytes?: number;
  /** The server clock, ms since the epoch (`receivedAtMs`, outage windows). Defaults to `Date.now`. */
  epochMs?: () => number;
}

/** Counters since the collector started. */
export interface CollectorStats {
  requests: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

export interface CollectorPlugin extends OriginPlugin {
  /** Stores a batch as `POST /beacons` would (validated first; throws CollectorError). */
  receive(body: unknown): InsertResult;
  beacons(sessionId: string): StoredBeacon[];
  sessionSummary(sessionId: string): SessionSummary;
  videoSummary(videoId: string): VideoSummary & { sessionSummaries: SessionSummary[] };
  sessions(videoId?: string): string[];
  /** Fail POSTs for `sec` seconds (0: back up now); of one origin session only, or (null) all. */
  setOutage(sec: number, mode?: OutageMode, session?: string | null): void;
  readonly stats: Readonly<CollectorStats>;
}

export function createCollectorPlugin(options: CollectorPluginOptions = {}): CollectorPlugin {
  const ownsDatabase = typeof options.database !== 'object';
  const db = typeof options.database === 'object' ? options.database : openDatabase(options.database ?? ':memory:');
  const table = new BeaconTable(db);
  const limitBytes = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const epochMs = options.epochMs ?? Date.now;
  const stats: CollectorStats = { requests: 0, accepted: 0, duplicates: 0, rejected: 0 };
  /** Outages by origin session ('' for the one that fails every POST). */
  const outages = new Map<string, OutageState>();
  const outageFor = (session: string | null): OutageState => {
    const now = epochMs();
    const own = outages.get(session ?? '') ?? COLLECTOR_UP;
    const all = outages.get('') ?? COLLECTOR_UP;
    return isDown(own, now) ? own : isDown(all, now) ? all : COLLECTOR_UP;
  };
  /** POSTs held by a `hang` outage. */
  const held = new HeldRequests();

  const receive = (body: unknown): InsertResult => {
    let batch;
    try {
      batch = validateBatch(body);
    } catch (error) {
      stats.rejected += 1;
      throw error;
    }
    const result = table.insert(batch, epochMs());
    stats.accepted += result.accepted;
    stats.duplicates += result.duplicates;
    return result;
  };
  const sessionSummary = (id: string): SessionSummary => summarizeSession(id, table.bySession(id).map((stored) => stored.beacon));
  const videoSummary = (videoId: string): VideoSummary & { sessionSummaries: SessionSummary[] } => {
    const sessionSummaries = table.sessionsOfVideo(videoId).map(sessionSummary);
    return { ...summarizeVideo(videoId, sessionSummaries), sessionSummaries };
  };

  const plugin: CollectorPlugin = {
    name: 'collector',
    stats,
    receive,
    beacons: (id) => table.bySession(id),
    sessionSummary,
    videoSummary,
    sessions: (videoId) => (videoId === undefined ? table.sessions() : table.sessionsOfVideo(videoId)),
    setOutage(sec, mode = '503', session = null) {
      outages.set(session ?? '', startOutage(epochMs(), sec, mode));
      held.releaseAll(); // each held POST checks the outage again
    },
    apiRoute(path, method) {
      const route = routePath(path);
      if (route !== BEACONS_PATH && !route.startsWith(`${BEACONS_PATH}/`)) return null;
      return route === BEACONS_PATH && method === 'POST' ? BEACON_POST_ROUTE : BEACON_READ_ROUTE;
    },
    async route(req, res, ctx) {
      const path = routePath(ctx.path);
      if (path !== BEACONS_PATH && !path.startsWith(`${BEACONS_PATH}/`)) return false;
      try {
        await answer(req, res, ctx, path.slice(BEACONS_PATH.length));
      } catch (error) {
        sendCollectorError(res, toCollectorError(error));
      }
      return true;
    },
    close() {
      held.releaseAll();
      if (ownsDatabase) db.close();
    },
  };

  async function answer(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, rest: string): Promise<void> {
    const method = routeMethod(req);
    switch (rest) {
      case '':
        if (method === 'POST') {
          stats.requests += 1;
          for (let outage = outageFor(ctx.session); isDown(outage, epochMs()); outage = outageFor(ctx.session)) {
            if (outage.mode !== 'hang') return down(res, outage.mode);
            if ((await held.hold(res, outage.untilMs ?? 0, epochMs())) === 'closed') return;
          }
          return sendJson(res, 200, receive(await readJsonBody(req, limitBytes)));
        }
        allow(method, 'GET, POST');
        return sendJson(res, 200, { session: requireParam(ctx, 'session'), beacons: table.bySession(requireParam(ctx, 'session')) });
      case '/summary': {
        allow(method, 'GET');
        const video = ctx.query.get('video');
        if (video) return sendJson(res, 200, videoSummary(video));
        return sendJson(res, 200, sessionSummary(requireParam(ctx, 'session')));
      }
      case '/sessions':
        allow(method, 'GET');
        return sendJson(res, 200, { sessions: plugin.sessions(ctx.query.get('video') ?? undefined) });
      case '/outage': {
        allow(method, 'GET, PUT, DELETE');
        if (method === 'PUT') {
          const parsed = parseOutageBody(await readJsonBody(req, limitBytes));
          if (typeof parsed === 'string') throw new CollectorError('BAD_QUERY', parsed);
          plugin.setOutage(parsed[0], parsed[1], ctx.session);
        } else if (method === 'DELETE') plugin.setOutage(0, '503', ctx.session);
        const outage = outageFor(ctx.session);
        const isOut = isDown(outage, epochMs());
        return sendJson(res, 200, { down: isOut, untilMs: isOut ? outage.untilMs : null, mode: outage.mode });
      }
      default:
        throw new CollectorError('NOT_FOUND', `no collector route ${ctx.path}`);
    }
  }

  return plugin;
}

function down(res: ServerResponse, mode: Exclude<OutageMode, 'hang'>): void {
  if (mode === 'reset') {
    res.socket?.destroy();
    return;
  }
  if (mode === '404') {
    sendCollectorError(res, new CollectorError('NOT_FOUND', 'no collector here (an outage set with PUT /beacons/outage, mode 404)'));
    return;
  }
  sendCollectorError(res, new CollectorError('COLLECTOR_DOWN', 'the collector is down (an outage set with PUT /beacons/outage)'));
}

function allow(method: string, methods: string): void {
  if (!methods.split(', ').includes(method)) {
    throw new CollectorError('METHOD_NOT_ALLOWED', `${method} is not allowed here; use ${methods}`, { allow: `${methods}, OPTIONS` });
  }
}

function requireParam(ctx: RequestContext, name: string): string {
  const value = ctx.query.get(name);
  if (!value) throw new CollectorError('BAD_QUERY', `this route needs ?${name}=<id>`);
  return value;
}
