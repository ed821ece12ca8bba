import { describe, expect, it } from 'vitest';
import { StallWatchdog } from '../../../src/recovery/stall-watchdog.js';
import { FakeRecoveryDeps } from './fake-recovery-deps.js';

function setup() {
  const deps = new FakeRecoveryDeps();
  const buffer = { fingerprint: '[[0,10]]' };
  const stuck: number[] = [];
  const watchdog = new StallWatchdog({ nowMs: deps.nowMs, setTimer: deps.setTimer, bufferFingerprint: () => buffer.fingerprint }, (ms) => stuck.push(ms), 12_000);
  return { deps, buffer, stuck, watchdog };
}

describe('StallWatchdog', () => {
  it('calls a stall stuck once the buffer has not changed for 12 s, once', async () => {
    const { deps, stuck, watchdog } = setup();
    watchdog.start();
    await deps.advance(11_000);
    expect(stuck).toEqual([]);
    await deps.advance(1_000);
    expect(stuck).toEqual([12_000]);
    await deps.advance(30_000);
    expect(stuck).toHaveLength(1);
  });

  it('starts counting again whenever media arrives', async () => {
    const { deps, buffer, stuck, watchdog } = setup();
    watchdog.start();
    await deps.advance(10_000);
    buffer.fingerprint = '[[0,12]]';
    await deps.advance(10_000);
    expect(stuck).toEqual([]);
    await deps.advance(3_000);
    expect(stuck).toEqual([12_000]);
  });

  it('says nothing for a stall that ended, and leaves no timer', async () => {
    const { deps, stuck, watchdog } = setup();
    watchdog.start();
    await deps.advance(5_000);
    watchdog.stop();
    await deps.advance(60_000);
    expect(stuck).toEqual([]);
    expect(deps.pendingTimers).toBe(0);
  });
});
