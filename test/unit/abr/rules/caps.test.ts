import { describe, expect, it } from 'vitest';
import { allowedRungs, decide } from '../../../../abr/index.js';
import { estimatorAt, makeInput, RUNGS } from '../fixtures.js';

describe('caps', () => {
  it('allows the whole ladder without caps', () => {
    expect(allowedRungs(RUNGS, undefined)).toEqual({ minRung: 0, maxRung: 4 });
  });

  it('applies the embedder min and max rung, clamped to the ladder', () => {
    expect(allowedRungs(RUNGS, { maxRung: 2 })).toEqual({ minRung: 0, maxRung: 2 });
    expect(allowedRungs(RUNGS, { minRung: 1, maxRung: 99 })).toEqual({ minRung: 1, maxRung: 4 });
    expect(allowedRungs(RUNGS, { minRung: 3, maxRung: 1 })).toEqual({ minRung: 1, maxRung: 1 });
  });

  it('caps to the smallest rung at least as tall as the player in device pixels', () => {
    expect(allowedRungs(RUNGS, { playerHeightPx: 360, devicePixelRatio: 2 })).toEqual({ minRung: 0, maxRung: 3 });
    expect(allowedRungs(RUNGS, { playerHeightPx: 300 })).toEqual({ minRung: 0, maxRung: 1 });
  });

  it("caps at the highest rung the device plays smoothly, never under the min rung, and says why", () => {
    expect(allowedRungs(RUNGS, { maxSmoothRung: 2 })).toEqual({ minRung: 0, maxRung: 2 });
    expect(allowedRungs(RUNGS, { minRung: 3, maxSmoothRung: 1 })).toEqual({ minRung: 3, maxRung: 3 });
    const decision = decide(makeInput({ estimator: estimatorAt(50_000_000), bufferSec: 25, lastRung: 2, caps: { maxSmoothRung: 2, smoothReason: '22% frames dropped at 720p' } }));
    expect(decision.rung).toBe(2);
    expect(decision.reason).toMatch(/\[caps: max 480p \(22% frames dropped at 720p\)\]$/);
  });

  it('keeps the top rung for a player taller than every rung', () => {
    expect(allowedRungs(RUNGS, { playerHeightPx: 2_000 })).toEqual({ minRung: 0, maxRung: 4 });
  });

  it('never lets the player size cap go under the min rung', () => {
    expect(allowedRungs(RUNGS, { minRung: 3, playerHeightPx: 200 })).toEqual({ minRung: 3, maxRung: 3 });
  });

  it('keeps decisions inside the caps and names the caps in the reason', () => {
    const decision = decide(makeInput({ estimator: estimatorAt(50_000_000), bufferSec: 25, lastRung: 1, caps: { playerHeightPx: 400 } }));
    expect(decision.rung).toBe(2);
    expect(decision.reason).toMatch(/\[caps: max 480p \(player 400px × 1\)\]$/);

    const floor = decide(makeInput({ estimator: estimatorAt(100_000), bufferSec: 1, lastRung: 3, caps: { minRung: 1 } }));
    expect(floor.rung).toBe(1);
    expect(floor.reason).toMatch(/min 360p/);
  });
});
