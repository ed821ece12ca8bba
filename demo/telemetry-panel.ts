import type { VodPlayer } from '../src/component.js';
import type { TelemetryBeacon } from '../telemetry/types.js';

/**
 * `?telemetry=<collector URL>` (e.g. `http://127.0.0.1:8080/beacons`): turns telemetry on, shows
 * the live beacon stream (`player.telemetry$`) and the collector's summary of the current session
 * (`GET <collector>/summary?session=`), refreshed every 2 s.
 */
export function setupTelemetryPanel(player: VodPlayer, endpoint: string | null, videoId: string | null): void {
  const section = document.querySelector<HTMLElement>('#telemetry');
  const list = document.querySelector<HTMLOListElement>('#beacons');
  const summary = document.querySelector<HTMLPreElement>('#telemetry-summary');
  if (!endpoint || !section || !list || !summary) return;
  section.hidden = false;
  player.telemetry = { endpoint, ...(videoId ? { videoId } : {}) };

  let sessionId: string | null = null;
  player.telemetry$.subscribe((beacon) => {
    sessionId = beacon.sessionId;
    const item = document.createElement('li');
    item.textContent = `#${beacon.seq} ${beacon.type} ${describe(beacon)}`;
    list.prepend(item);
    while (list.childElementCount > 100) list.lastElementChild?.remove();
  });

  const refresh = async (): Promise<void> => {
    if (!sessionId) return;
    try {
      const response = await fetch(`${endpoint}/summary?session=${encodeURIComponent(sessionId)}`);
      const body = (await response.json()) as { beaconCount?: number; missingSeq?: number[]; complete?: boolean; qoe?: unknown };
      summary.textContent = JSON.stringify({ session: sessionId, received: body.beaconCount, missingSeq: body.missingSeq, complete: body.complete, qoe: body.qoe }, null, 1);
    } catch {
      summary.textContent = `collector unreachable (${endpoint})`;
    }
  };
  setInterval(() => void refresh(), 2_000);
}

function describe(beacon: TelemetryBeacon): string {
  switch (beacon.type) {
    case 'startup':
      return `${Math.round(beacon.data.startupMs)} ms`;
    case 'quality_change':
      return `${beacon.data.from?.label ?? '–'} → ${beacon.data.to.label}`;
    case 'rebuffer_end':
      return `${Math.round(beacon.data.durationMs)} ms`;
    case 'heartbeat':
      return `played ${beacon.data.playedSec.toFixed(1)} s, buffer ${beacon.data.bufferSec.toFixed(1)} s`;
    case 'error':
      return beacon.data.code;
    case 'session_end':
      return `rebuffer ratio ${(beacon.data.rebufferRatio * 100).toFixed(1)}%, ${beacon.data.switchCount} switches`;
    default:
      return '';
  }
}
