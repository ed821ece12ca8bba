import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TelemetryController, type TelemetryHost } from '../../../src/controllers/telemetry-controller.js';
import type { VodTelemetryErrorDetail } from '../../../src/events.js';
import { FakeCollector } from '../telemetry/fake-collector.js';

const ENDPOINT = 'http://127.0.0.1:9/controller-beacons';
const collector = new FakeCollector([ENDPOINT]);

beforeAll(() => {
  collector.server.listen({ onUnhandledRequest: 'error' });
  if (typeof navigator === 'undefined') vi.stubGlobal('navigator', { userAgent: 'node' });
});
afterEach(() => collector.reset());
afterAll(() => {
  collector.server.close();
  vi.unstubAllGlobals();
});

/** The part of `<vod-player>` the controller reads, on a plain EventTarget. */
class FakeHost extends EventTarget {
  readonly isConnected = true;
  readonly src = 'http://127.0.0.1:9/master.m3u8';
  readonly autoplay = false;
  readonly media = null;
  readonly quality = null;
  readonly autoQuality = true;
  readonly bufferAheadSec = 0;
  readonly bandwidthEstimateBps = null;
  readonly engineName = null;
  readonly telemetryEndpoint = null;
  addController(): void {}
  removeController(): void {}
  requestUpdate(): void {}
  getAttribute(): string | null {
    return null;
  }
}

describe('TelemetryController', () => {
  it('fires vod-telemetry-error (bubbling, composed) with the typed error the pipeline reports, once per episode', async () => {
    collector.answer = () => 404;
    const host = new FakeHost();
    const seen: CustomEvent<VodTelemetryErrorDetail>[] = [];
    host.addEventListener('vod-telemetry-error', (event) => seen.push(event as CustomEvent<VodTelemetryErrorDetail>));
    const controller = new TelemetryController(host as unknown as TelemetryHost);
    controller.configure({ endpoint: ENDPOINT, batch: { maxCount: 1, maxDelayMs: 0 }, webVitals: false, persist: false, retry: { firstDelayMs: 50, maxDelayMs: 100 } });
    host.dispatchEvent(new CustomEvent('vod-enginechange', { detail: { engine: 'hls.js', src: host.src } }));
    await vi.waitFor(() => expect(collector.requests.length).toBeGreaterThanOrEqual(3), { timeout: 5_000 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ bubbles: true, composed: true });
    expect(seen[0]?.detail.error).toMatchObject({ name: 'TelemetryError', code: 'TELEMETRY_ENDPOINT_REJECTED', detail: { destination: ENDPOINT, httpStatus: 404, beaconCount: 1 } });
    // Turned off, the pipeline ends its session and keeps sending until its queue is empty.
    controller.configure(null);
    collector.answer = () => 200;
    await vi.waitFor(() => expect(collector.stored(ENDPOINT).map((beacon) => beacon.type)).toEqual(['session_start', 'session_end']), { timeout: 5_000 });
  });
});
