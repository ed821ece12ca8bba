/**
 * The resume API, as an origin plugin `route`:
 *
 * | route                 | methods            | body / answer |
 * |-----------------------|--------------------|---------------|
 * | `/progress/<mediaId>` | GET                | 200 `{ mediaId, positionSec, durationSec, completed, updatedAt, serverTimeMs }`; 404 when this viewer has none |
 * |                       | PUT                | `{ positionSec, durationSec, completed, updatedAt }` → 200 as GET; 409 `{ error, current }` when a newer one is kept |
 * |                       | DELETE             | 200 `{ mediaId, deleted }` |
 *
 * Every request needs `Authorization: Bearer <token>`; the token is the viewer, and a viewer only
 * ever reads and writes its own rows (another viewer's position answers 404, as if none). Bodies
 * are validated (`validate.ts`) and limited to 1 kB (413 beyond). Every answer carries
 * `serverTimeMs`, the server's clock, so clients can convert timestamps (clock skew). Works under
 * a session prefix too (`/s/<session>/progress/<id>`). Preflights are answered by the server.
 *
 * It is an API (`apiRoute`): only loopback pages and `--cors-origin` ones may use it, through a Host
 * naming the server, with JSON bodies; allowed pages may send credentials (http/access.ts).
 *
 * Fault injection: given the origin's faults plugin (`faults`), its rules apply to these routes
 * too, before anything else (a load balancer's 503 comes before auth): a rule matching the path
 * (`503:path=/progress/film-1,count=3,retryAfter=2`) answers with its status (and `Retry-After`),
 * an outage drops the connection, a slow first byte delays the answer. Body faults do not act here.
 * `Retry-After` is readable from other origins (it is in the origin's `Access-Control-Expose-Headers`).
 */
import { openDatabase, type OriginDatabase } from '../db/open-database.js';
import type { ApiRoute } from '../http/access.js';
import { readJsonBody } from '../http/body.js';
import { ControlError } from '../http/control-error.js';
import { sendJson } from '../http/respond.js';
import { routeMethod } from '../http/route.js';
import type { OriginPlugin } from '../server/types.js';
import { viewerOf } from './auth.js';
import { ProgressError, sendProgressError } from './errors.js';
import { ProgressTable } from './progress-table.js';
import { PROGRESS_BODY_LIMIT_BYTES, parseMediaId, parseProgressBody } from './validate.js';

export const PROGRESS_PREFIX = '/progress/';

const PROGRESS_ROUTE: ApiRoute = Object.freeze({ body: 'json', credentials: true });

export interface ProgressPluginOptions {
  /**
   * The SQLite database: a file path, `':memory:'`, or an open database shared with other
   * features (the collector). Defaults to `':memory:'` (positions last as long as the origin).
   */
  database?: string | OriginDatabase;
  /** Largest PUT body, bytes. Defaults to 1024. */
  bodyLimitBytes?: number;
  /** The server clock, ms since the epoch (`updatedAt` clamping, `serverTimeMs`). Defaults to `Date.now`. */
  epochMs?: () => number;
  /**
   * The origin's fault injection (its faults plugin), applied to these routes before they answer;
   * `createOrigin` passes its own. Defaults to none.
   */
  faults?: Pick<OriginPlugin, 'beforeResponse'>;
}

export interface ProgressPlugin extends OriginPlugin {
  readonly table: ProgressTable;
}

export function createProgressPlugin(options: ProgressPluginOptions = {}): ProgressPlugin {
  const ownsDatabase = typeof options.database !== 'object';
  const db = typeof options.database === 'object' ? options.database : openDatabase(options.database ?? ':memory:');
  const table = new ProgressTable(db);
  const limitBytes = options.bodyLimitBytes ?? PROGRESS_BODY_LIMIT_BYTES;
  const epochMs = options.epochMs ?? (() => Date.now());

  return {
    name: 'progress',
    table,
    apiRoute(path) {
      return path.startsWith(PROGRESS_PREFIX) || path === '/progress' ? PROGRESS_ROUTE : null;
    },
    async route(req, res, ctx) {
      if (!ctx.path.startsWith(PROGRESS_PREFIX) && ctx.path !== '/progress') return false;
      if (options.faults?.beforeResponse && (await options.faults.beforeResponse(req, res, ctx))) return true;
      try {
        const mediaId = parseMediaId(ctx.path.slice(PROGRESS_PREFIX.length));
        const method = routeMethod(req);
        if (method !== 'GET' && method !== 'PUT' && method !== 'DELETE') {
          throw new ProgressError('METHOD_NOT_ALLOWED', `${req.method ?? ''} is not allowed here; use GET, PUT, DELETE`);
        }
        const viewer = viewerOf(req);
        if (method === 'GET') {
          const record = table.get(viewer, mediaId);
          if (!record) throw new ProgressError('NOT_FOUND', `no saved position for ${mediaId}`);
          sendJson(res, 200, { mediaId, ...record, serverTimeMs: epochMs() });
        } else if (method === 'PUT') {
          const record = parseProgressBody(await readJsonBody(req, limitBytes), epochMs());
          const result = table.put(viewer, mediaId, record);
          if (!result.ok) {
            const error = new ProgressError('STALE_WRITE', `a newer position (updatedAt ${result.current.updatedAt}) is kept`);
            sendProgressError(res, error, epochMs(), { current: result.current });
          } else {
            sendJson(res, 200, { mediaId, ...result.record, serverTimeMs: epochMs() });
          }
        } else {
          sendJson(res, 200, { mediaId, deleted: table.delete(viewer, mediaId), serverTimeMs: epochMs() });
        }
      } catch (error) {
        if (error instanceof ProgressError || error instanceof ControlError) sendProgressError(res, error, epochMs());
        else throw error;
      }
      return true;
    },
    close() {
      if (ownsDatabase) db.close();
    },
  };
}
