import type { ServerResponse } from 'node:http';

/**
 * Waits `delayMs` before the headers (the throttle's RTT, a slow-first-byte fault); resolves early
 * (true = the delay ran out) if the client leaves.
 */
export function delayFirstByte(res: ServerResponse, delayMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (res.destroyed) {
      resolve(false);
      return;
    }
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(true);
    }, delayMs);
    res.once('close', onClose);
  });
}
