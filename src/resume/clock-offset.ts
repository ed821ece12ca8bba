/**
 * The offset between a server's clock and this device's, from one request. PURE.
 *
 * The server answers with its time (`serverTimeMs`); it was read somewhere between sending and
 * receiving, so the best guess is the midpoint (as NTP does), off by at most half the round trip.
 */
export function estimateOffsetMs(sentAtMs: number, receivedAtMs: number, serverTimeMs: number): number {
  return serverTimeMs - (sentAtMs + receivedAtMs) / 2;
}

/** A device timestamp on the server's clock. */
export function toServerClock(deviceMs: number, offsetMs: number): number {
  return Math.round(deviceMs + offsetMs);
}

/** A server timestamp on this device's clock. */
export function toDeviceClock(serverMs: number, offsetMs: number): number {
  return Math.round(serverMs - offsetMs);
}
