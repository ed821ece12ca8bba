import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { BeaconBatch, TelemetryBeacon } from '../../../telemetry/types.js';

/** How the fake collector answers one request: a status, a dropped connection, or no answer at all. */
export type Answer = number | 'network-error' | 'hang' | { status: number; headers: Record<string, string> };

export interface ReceivedRequest {
  endpoint: string;
  /** The test's clock (the harness's monotonic ms) when the request arrived. */
  atMs: number;
  batch: BeaconBatch;
  headers: Record<string, string>;
  answer: Answer;
}

/**
 * A collector on msw, at any number of endpoints: records every request (when, what, headers) and
 * answers as `answer(request)` says (200 by default). Stores what it answered 2xx for, deduplicated
 * by event id, as the real one does.
 */
export class FakeCollector {
  readonly server: ReturnType<typeof setupServer>;
  requests: ReceivedRequest[] = [];
  /** What the test's clock says (set to the harness's). */
  clock: () => number = () => 0;
  answer: (request: Omit<ReceivedRequest, 'answer'>) => Answer = () => 200;
  readonly #stored = new Map<string, Map<string, TelemetryBeacon>>();

  constructor(endpoints: readonly string[]) {
    this.server = setupServer(
      ...endpoints.map((endpoint) =>
        http.post(endpoint, async ({ request }) => {
          const batch = JSON.parse(await request.text()) as BeaconBatch;
          const seen = { endpoint, atMs: this.clock(), batch, headers: Object.fromEntries(request.headers.entries()) };
          const answer = this.answer(seen);
          this.requests.push({ ...seen, answer });
          if (answer === 'hang') return new Promise<never>(() => undefined); // until the client aborts
          if (answer === 'network-error') return HttpResponse.error();
          const status = typeof answer === 'number' ? answer : answer.status;
          if (status >= 200 && status < 300) {
            const stored = this.#stored.get(endpoint) ?? new Map<string, TelemetryBeacon>();
            for (const beacon of batch.beacons) if (!stored.has(beacon.eventId)) stored.set(beacon.eventId, beacon);
            this.#stored.set(endpoint, stored);
          }
          return HttpResponse.json({}, { status, headers: typeof answer === 'object' ? answer.headers : {} });
        }),
      ),
    );
  }

  reset(): void {
    this.requests = [];
    this.answer = () => 200;
    this.#stored.clear();
  }

  /** Beacons stored at `endpoint` (first copy of each event id), in arrival order. */
  stored(endpoint: string): TelemetryBeacon[] {
    return [...(this.#stored.get(endpoint)?.values() ?? [])];
  }

  /** Event ids stored at `endpoint`. */
  storedIds(endpoint: string): string[] {
    return this.stored(endpoint).map((beacon) => beacon.eventId);
  }

  /** Times (test clock) of the requests to `endpoint`. */
  times(endpoint: string): number[] {
    return this.requests.filter((request) => request.endpoint === endpoint).map((request) => request.atMs);
  }
}

/** Event ids of the beacons a request carried. */
export function idsOf(request: Pick<ReceivedRequest, 'batch'>): string[] {
  return request.batch.beacons.map((beacon) => beacon.eventId);
}
