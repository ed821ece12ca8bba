import type Hls from 'hls.js';
import { Events, type AbrComponentAPI } from 'hls.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PlayerSnapshot } from '../../../../abr/index.js';
import { vodAbrControllerClass } from '../../../../src/engines/hlsjs/vod-abr.js';
import { VodAbrSession } from '../../../../src/vod-abr/abr-session.js';
import { FakeMedia } from '../fake-media.js';

type Listener = (event: string, data: unknown) => void;

/** Fragment `sn` (2 s) of `level`, as hls.js hands it in FRAG_LOADING / FRAG_LOADED. */
function fragment(level: number, sn: number | 'initSegment') {
  const start = typeof sn === 'number' ? sn * 2 : 0;
  return {
    type: 'main',
    level,
    sn,
    start,
    duration: 2,
    stats: { loading: { start: 0, first: 50, end: 500 }, loaded: 500_000, total: 500_000, aborted: false },
    abortRequests: () => undefined,
  };
}

/** The parts of Hls the controller touches, driven like hls.js's stream controller drives it. */
class FakeHls {
  static readonly Events = Events;
  readonly levels = [428_000, 828_000, 2_628_000, 4_628_000].map((bitrate, i) => ({
    bitrate,
    height: [240, 360, 720, 1080][i]!,
    width: [426, 640, 1280, 1920][i]!,
    details: { fragments: Array.from({ length: 60 }, (_, sn) => ({ sn, start: sn * 2, duration: 2 })), targetduration: 2 },
  }));
  readonly media = new FakeMedia();
  readonly config = { maxBufferLength: 30 };
  loadLevel = 0;
  /** -1: ABR on; else the pinned level (hls.nextLevel). */
  manualLevel = -1;
  abr!: AbrComponentAPI;
  readonly #listeners = new Map<string, Set<Listener>>();

  get autoLevelEnabled(): boolean {
    return this.manualLevel === -1;
  }
  on(event: string, listener: Listener): void {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event)!.add(listener);
  }
  off(event: string, listener: Listener): void {
    this.#listeners.get(event)?.delete(listener);
  }
  trigger(event: string, data: unknown): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(event, data);
  }
  /** hls.nextLoadLevel = level: with ABR on, hls.js hands it to the controller's setter. */
  set nextLoadLevel(level: number) {
    if (this.manualLevel === -1) this.abr.nextAutoLevel = level;
  }
  /** One tick of the stream controller: read the level, set it back, load fragment `sn` of it. */
  requestFragment(sn: number) {
    const level = this.manualLevel !== -1 ? this.manualLevel : this.abr.nextAutoLevel;
    this.nextLoadLevel = level;
    this.loadLevel = level;
    const frag = fragment(level, sn);
    this.trigger(Events.FRAG_LOADING, { frag });
    return frag;
  }
  loaded(frag: ReturnType<typeof fragment>): void {
    this.trigger(Events.FRAG_LOADED, { frag });
  }
}

const controllers: AbrComponentAPI[] = [];
afterEach(() => controllers.splice(0).forEach((c) => c.destroy()));

function setup() {
  const session = new VodAbrSession({ seedHost: null, storage: null, monotonicClock: { monotonicMs: () => 0 } });
  const snapshots: PlayerSnapshot[] = [];
  const choose = session.choose.bind(session);
  vi.spyOn(session, 'choose').mockImplementation((snapshot) => (snapshots.push(snapshot), choose(snapshot)));
  const hls = new FakeHls();
  const Controller = vodAbrControllerClass(session);
  hls.abr = new Controller(hls as unknown as Hls);
  controllers.push(hls.abr);
  return { session, hls, snapshots };
}

describe("vod-player's ABR as an hls.js abrController", () => {
  it('reads the probe: rungs from the levels, the fragment after the buffer, maxBufferLength', () => {
    const { hls, snapshots } = setup();
    hls.media.currentTime = 3;
    hls.media.bufferedEndSec = 9;
    void hls.abr.nextAutoLevel;
    expect(snapshots.at(-1)).toMatchObject({
      bufferSec: 6,
      rungs: [{ index: 0, bitrateBps: 428_000 }, { index: 1 }, { index: 2 }, { index: 3, height: 1080 }],
      nextSegment: { index: 4, durationSec: 2 },
      lastRung: null,
      bufferGoalSec: 30,
      mediaRemainingSec: 111,
    });
  });

  it('gives the fragment requested after nextAutoLevel was read the id of that decision', () => {
    const { session, hls } = setup();
    const frag = hls.requestFragment(0);
    const rendered = session.renderedAt(frag.level, 1);
    expect(rendered.decisionId).not.toBeNull();
    expect(session.decisionById(rendered.decisionId)).toMatchObject({ rung: frag.level, rule: 'startup' });
  });

  it('gives no decision to a fragment of a level hls.js forced itself, or of a pinned level', () => {
    const { session, hls } = setup();
    void hls.abr.nextAutoLevel; // a decision for level 0
    hls.abr.nextAutoLevel = 2; // hls.js's own pick (after a level error, say)
    hls.trigger(Events.FRAG_LOADING, { frag: fragment(2, 0) });
    expect(session.renderedAt(2, 1).decisionId).toBeNull();
    hls.manualLevel = 0;
    const pinned = hls.requestFragment(1);
    expect(session.renderedAt(pinned.level, 3).decisionId).toBeNull();
  });

  it('passes as lastRung the level of the last media fragment loaded, not its last answer', () => {
    const { hls, snapshots } = setup();
    const first = hls.requestFragment(0);
    void hls.abr.nextAutoLevel; // hls.js asks again while the fragment loads: still forced, no decision
    hls.loaded(first);
    hls.loaded(fragment(3, 'initSegment')); // an init segment is no media segment
    void hls.abr.nextAutoLevel;
    expect(snapshots.map((s) => s.lastRung)).toEqual([null, first.level]);
  });
});
