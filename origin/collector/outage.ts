/** How the collector fails while down: HTTP 503, or a dropped connection (a network error to the client). */
export type OutageMode = '503' | 'reset';

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

/** `{ "sec": 30, "mode": "503" | "reset" }` → [sec, mode], or a message saying what is wrong. */
export function parseOutageBody(body: unknown): [number, OutageMode] | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'an outage is a JSON object like {"sec": 30}';
  const { sec, mode } = body as { sec?: unknown; mode?: unknown };
  if (typeof sec !== 'number' || !Number.isFinite(sec) || sec < 0 || sec > 3600) return 'sec must be a number of seconds in 0..3600';
  if (mode !== undefined && mode !== '503' && mode !== 'reset') return 'mode must be "503" or "reset"';
  return [sec, mode ?? '503'];
}
