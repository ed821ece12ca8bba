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
 */
import { readJsonBody } from '../control/body.js';
import { ControlError } from '../control/errors.js';
import { sendControlJson } from '../control/errors.js';
import { openDatabase, type OriginDatabase } from '../db/open-database.js';
import type { OriginPlugin } from '../server/types.js';
import { viewerOf } from './auth.js';
import { ProgressError, sendProgressError } from './errors.js';
import { ProgressTable } from './progress-table.js';
import { PROGRESS_BODY_LIMIT_BYTES, parseMediaId, parseProgressBody } from './validate.js';

export const PROGRESS_PREFIX = '/progress/';

export interface ProgressPluginOptions {
  /**
   * The SQLite database: a file path, `':memory:'`, or an open database shared with other
   * features (the collector). Defaults to `':memory:'` (positions last as long as the origin).
   */
  database?: string | OriginDatabase;
  /** Largest PUT body, bytes. Defaults to 1024. */
  bodyLimitBytes?: number;
  /** The server clock, ms since the epoch. Defaults to `Date.now`. */
  nowMs?: () => number;
}

export interface ProgressPlugin extends OriginPlugin {
  readonly table: ProgressTable;
}

export function createProgressPlugin(options: ProgressPluginOptions = {}): ProgressPlugin {
  const ownsDatabase = typeof options.database !== 'object';
  const db = typeof options.database === 'object' ? options.database : openDatabase(options.database ?? ':memory:');
  const table = new ProgressTable(db);
  const limitBytes = options.bodyLimitBytes ?? PROGRESS_BODY_LIMIT_BYTES;
  const nowMs = options.nowMs ?? (() => Date.now());

  return {
    name: 'progress',
    table,
    async route(req, res, ctx) {
      if (!ctx.path.startsWith(PROGRESS_PREFIX) && ctx.path !== '/progress') return false;
      try {
        const mediaId = parseMediaId(ctx.path.slice(PROGRESS_PREFIX.length));
        const method = req.method === 'HEAD' ? 'GET' : req.method;
        if (method !== 'GET' && method !== 'PUT' && method !== 'DELETE') {
          throw new ProgressError('method-not-allowed', `${req.method ?? ''} is not allowed here; use GET, PUT, DELETE`);
        }
        const viewer = viewerOf(req);
        if (method === 'GET') {
          const record = table.get(viewer, mediaId);
          if (!record) throw new ProgressError('not-found', `no saved position for ${mediaId}`);
          sendControlJson(res, 200, { mediaId, ...record, serverTimeMs: nowMs() });
        } else if (method === 'PUT') {
          const record = parseProgressBody(await readJsonBody(req, limitBytes), nowMs());
          const result = table.put(viewer, mediaId, record);
          if (!result.ok) {
            const error = new ProgressError('stale-write', `a newer position (updatedAt ${result.current.updatedAt}) is kept`);
            sendProgressError(res, error, nowMs(), { current: result.current });
          } else {
            sendControlJson(res, 200, { mediaId, ...result.record, serverTimeMs: nowMs() });
          }
        } else {
          sendControlJson(res, 200, { mediaId, deleted: table.delete(viewer, mediaId), serverTimeMs: nowMs() });
        }
      } catch (error) {
        if (error instanceof ProgressError || error instanceof ControlError) sendProgressError(res, error, nowMs());
        else throw error;
      }
      return true;
    },
    close() {
      if (ownsDatabase) db.close();
    },
  };
}
