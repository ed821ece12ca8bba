/**
 * How the collector fails while down:
 *  - `503`: HTTP 503 `COLLECTOR_DOWN` with `Retry-After: 1` (a collector that knows it is down);
 *  - `reset`: the connection is dropped (a network error to the client);
 *  - `404`: HTTP 404 `NOT_FOUND` (a collector not deployed yet, or a wrong route);
 *  - `hang`: the connection is accepted and never answered while the outage lasts; when it ends
 *    the request is answered as usual (a collector stuck, then recovered). A client that gave up
 *    meanwhile has closed the connection; the server closing ends every held request.
 */
export type OutageMode = '503' | 'reset' | '404' | 'hang';

export const OUTAGE_MODES: readonly OutageMode[] = ['503', 'reset', '404', 'hang'];

export interface OutageState {
  /** Down until this wall-clock time (ms since the epoch); null when up. */
  untilMs: number | null;
  mode: OutageMode;
}

export const COLLECTOR_UP: OutageState = { untilMs: null, mode: '503' };

/** Down for `sec` seconds from `nowEpochMs` (0 or less: up). */
export function startOutage(nowEpochMs: number, sec: number, mode: OutageMode): OutageState {
  return sec > 0 ? { untilMs: nowEpochMs + sec * 1000, mode } : COLLECTOR_UP;
}

export function isDown(state: OutageState, nowEpochMs: number): boolean {
  return state.untilMs !== null && nowEpochMs < state.untilMs;
}

/** `{ "sec": 30, "mode": "503" | "reset" | "404" | "hang" }` → [sec, mode], or a message saying what is wrong. */
export function parseOutageBody(body: unknown): [number, OutageMode] | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'an outage is a JSON object like {"sec": 30}';
  const { sec, mode } = body as { sec?: unknown; mode?: unknown };
  if (typeof sec !== 'number' || !Number.isFinite(sec) || sec < 0 || sec > 3600) return 'sec must be a number of seconds in 0..3600';
  if (mode !== undefined && !OUTAGE_MODES.includes(mode as OutageMode)) return `mode must be one of ${OUTAGE_MODES.map((m) => `"${m}"`).join(', ')}`;
  return [sec, (mode as OutageMode | undefined) ?? '503'];
}

/** What a held request's connection needs to offer: `close` when the client or the server ends it. */
export interface HeldConnection {
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
  readonly destroyed: boolean;
}

/**
 * Requests held by a `hang` outage. Each `hold` resolves `released` when its outage ends (by its
 * own timer, or `releaseAll` when the outage is changed) and `closed` when its connection closes
 * first (the client gave up, or the server is closing), so nothing outlives the outage or the
 * server: no timer, listener or socket is left behind.
 */
export class HeldRequests {
  readonly #waiting = new Set<(why: 'released' | 'closed') => void>();

  /** How many requests are held now. */
  get size(): number {
    return this.#waiting.size;
  }

  hold(connection: HeldConnection, untilEpochMs: number, nowEpochMs: number): Promise<'released' | 'closed'> {
    if (connection.destroyed) return Promise.resolve('closed');
    return new Promise((resolve) => {
      const finish = (why: 'released' | 'closed'): void => {
        if (!this.#waiting.delete(finish)) return;
        clearTimeout(timer);
        connection.off('close', onClose);
        resolve(why);
      };
      const onClose = (): void => finish('closed');
      const timer = setTimeout(() => finish('released'), Math.max(0, untilEpochMs - nowEpochMs));
      timer.unref?.();
      connection.once('close', onClose);
      this.#waiting.add(finish);
    });
  }

  /** Lets every held request go (the outage changed: each checks it again). */
  releaseAll(): void {
    for (const finish of [...this.#waiting]) finish('released');
  }
}
