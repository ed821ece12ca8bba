import { describe, expect, it } from 'vitest';
import { DEFAULT_RECOVERY_CONFIG, type RecoveryConfig } from '../../../src/recovery/policy.js';
import { RecoverySession, type RecoveryOutcome } from '../../../src/recovery/recovery-session.js';
import { FakeRecoveryDeps, flush } from './fake-recovery-deps.js';

const URL = 'https://cdn.example/master.m3u8';

function setup(config: Partial<RecoveryConfig> = {}) {
  const deps = new FakeRecoveryDeps();
  const session = new RecoverySession({ ...DEFAULT_RECOVERY_CONFIG, ...config }, deps);
  /** Starts a wait and records when it settles. */
  const start = (verdict: Parameters<RecoverySession['recover']>[0]) => {
    const result: { outcome: RecoveryOutcome | null; atMs: number | null } = { outcome: null, atMs: null };
    void session.recover(verdict, URL).then((outcome) => {
      result.outcome = outcome;
      result.atMs = deps.nowMsValue;
    });
    return result;
  };
  return { deps, session, start };
}

describe('RecoverySession', () => {
  describe('a network loss', () => {
    it('probes with backoff (1, 2, 4 s …) until the origin answers, then says go', async () => {
      const { deps, start } = setup();
      deps.probeResults = [
        { reachable: false, retryAfterSec: null },
        { reachable: false, retryAfterSec: null },
        { reachable: true, retryAfterSec: null },
      ];
      const result = start({ action: 'wait-network' });
      await deps.advance(10_000);
      expect(deps.probes.map((probe) => probe.atMs)).toEqual([1_000, 3_000, 7_000]);
      expect(deps.probes[0]!.url).toBe(URL);
      expect(result).toEqual({ outcome: { go: true }, atMs: 7_000 });
    });

    it('probes at once when the browser comes back online, and not while it is offline', async () => {
      const { deps, start } = setup();
      deps.isOnline = false;
      const result = start({ action: 'wait-network' });
      await deps.advance(30_000);
      expect(deps.probes).toEqual([]);
      await deps.goOnline();
      expect(deps.probes.map((probe) => probe.atMs)).toEqual([30_000]);
      expect(result.outcome).toEqual({ go: true });
    });

    it('honours Retry-After from a 503 probe, which an online event does not cut short', async () => {
      const { deps, start } = setup();
      deps.probeResults = [{ reachable: false, retryAfterSec: 20 }, { reachable: true, retryAfterSec: null }];
      const result = start({ action: 'wait-network' });
      await deps.advance(1_000);
      expect(deps.probes).toHaveLength(1);
      await deps.goOnline();
      await deps.advance(20_000 - 1);
      expect(deps.probes).toHaveLength(1);
      await deps.advance(1);
      expect(deps.probes.map((probe) => probe.atMs)).toEqual([1_000, 21_000]);
      expect(result.outcome).toEqual({ go: true });
    });

    it('gives up (network-lost) when the window closes, counted from the first failure of the episode', async () => {
      const { deps, start } = setup({ windowMs: 60_000 });
      deps.probeResults = [{ reachable: false, retryAfterSec: null }];
      const result = start({ action: 'wait-network' });
      await deps.advance(120_000);
      expect(result).toEqual({ outcome: { go: false, reason: 'network-lost' }, atMs: 60_000 });
      expect(deps.probes.at(-1)!.atMs).toBeLessThanOrEqual(60_000);
    });

    it('ends a wait on cancel without a reason, and leaves no timer behind', async () => {
      const { deps, session, start } = setup();
      deps.probeResults = [{ reachable: false, retryAfterSec: null }];
      const result = start({ action: 'wait-network' });
      await deps.advance(5_000);
      session.cancel();
      await flush();
      expect(result.outcome).toEqual({ go: false, reason: null });
      expect(deps.pendingTimers).toBe(0);
      expect(session.inEpisode).toBe(false);
    });
  });

  describe('decode errors', () => {
    it('reloads after a short pause, up to the budget per episode, then is fatal (decode-failed)', async () => {
      const { deps, session, start } = setup({ decodeReloads: 2 });
      const first = start({ action: 'reload' });
      await deps.advance(250);
      expect(first.outcome).toEqual({ go: true });
      const second = start({ action: 'reload' });
      await deps.advance(250);
      expect(second.outcome).toEqual({ go: true });
      const third = start({ action: 'reload' });
      await flush();
      expect(third.outcome).toEqual({ go: false, reason: 'decode-failed' });
      expect(session.reloads).toBe(3);
    });

    it('starts the budget over once playback progressed', async () => {
      const { deps, session, start } = setup({ decodeReloads: 1 });
      start({ action: 'reload' });
      await deps.advance(250);
      session.progressed();
      expect(session.inEpisode).toBe(false);
      const again = start({ action: 'reload' });
      await deps.advance(250);
      expect(again.outcome).toEqual({ go: true });
    });
  });

  it('reloads at once after excluding a rendition', async () => {
    const { start } = setup();
    const result = start({ action: 'exclude-rendition', qualityIndex: 3 });
    await flush();
    expect(result).toEqual({ outcome: { go: true }, atMs: 0 });
  });
});
