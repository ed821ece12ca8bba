import { describe, expect, it } from 'vitest';
import { VodShakaAbrManager, type VariantLike } from '../../../../src/engines/shaka/vod-abr.js';
import { VodAbrSession } from '../../../../src/vod-abr/abr-session.js';
import { FakeMedia } from '../fake-media.js';

/** Variants as shaka hands them: unordered, bandwidth = video + audio, each video stream with its id. */
const VARIANTS: VariantLike[] = [
  { id: 13, bandwidth: 2_628_000, video: { id: 3, type: 'video', height: 720, width: 1280 } },
  { id: 11, bandwidth: 428_000, video: { id: 1, type: 'video', height: 240, width: 426 } },
  { id: 14, bandwidth: 4_628_000, video: { id: 4, type: 'video', height: 1080, width: 1920 } },
  { id: 12, bandwidth: 828_000, video: { id: 2, type: 'video', height: 360, width: 640 } },
];

function setup() {
  let nowMs = 0;
  const session = new VodAbrSession({ seedHost: null, storage: null, monotonicClock: { monotonicMs: () => nowMs } });
  const manager = new VodShakaAbrManager(session, () => 30);
  const media = new FakeMedia();
  const switches: VariantLike[] = [];
  manager.init((variant) => switches.push(variant));
  manager.setMediaElement(media as unknown as HTMLMediaElement);
  manager.setVariants([...VARIANTS]);
  const tick = (ms: number) => (nowMs += ms);
  return { session, manager, media, switches, tick };
}

/** shaka's progress report for a whole download in one packet, then the response filter with the whole response. */
function download(manager: VodShakaAbrManager, ms: number, bytes: number, allowSwitch: boolean, _request: unknown, context: Parameters<VodShakaAbrManager['segmentCompleted']>[1]): void {
  manager.segmentDownloaded(ms, bytes, allowSwitch, undefined, context);
  manager.segmentCompleted({ data: { byteLength: bytes }, timeMs: ms, uri: 'https://cdn.example/v/seg.m4s' }, context);
}

/** A media segment of the lowest variant's video stream (shaka's RequestContext). */
const VIDEO_SEGMENT = { type: 1, stream: { id: 1, type: 'video' }, segment: { startTime: 0, endTime: 2 } };

describe("vod-player's ABR as a shaka AbrManager", () => {
  it('chooses from the variants in ascending bandwidth, starting a cold viewer low', () => {
    const { manager } = setup();
    expect(manager.chooseVariant().id).toBe(11);
  });

  it('feeds video segment downloads to the estimate; audio and init segments measure nothing', () => {
    const { manager, session, tick } = setup();
    download(manager, 800, 1_000_000, false, undefined, { ...VIDEO_SEGMENT, stream: { type: 'audio' } });
    download(manager, 20, 900, false, undefined, { type: 0, stream: { type: 'video' } });
    expect(session.controller.state.estimator.acceptedSamples).toBe(0);
    tick(1000);
    download(manager, 800, 1_000_000, false, undefined, VIDEO_SEGMENT); // 10 Mbps
    expect(session.controller.state.estimator.acceptedSamples).toBe(1);
    expect(manager.getBandwidthEstimate()).toBeGreaterThan(5_000_000);
  });

  it('measures whole responses, not progress chunks: packets that arrive together would read as hundreds of Mbps', () => {
    const { manager, session, tick } = setup();
    tick(1000);
    for (let i = 0; i < 10; i++) manager.segmentDownloaded(1, 100_000, false, undefined, VIDEO_SEGMENT); // 800 Mbps chunks
    expect(session.controller.state.estimator.acceptedSamples).toBe(0);
    manager.segmentCompleted({ data: { byteLength: 1_000_000 }, timeMs: 800, originalRequest: { timeToFirstByte: 40 } }, VIDEO_SEGMENT);
    expect(session.controller.state.estimator.acceptedSamples).toBe(1);
    expect(manager.getBandwidthEstimate()).toBeCloseTo(8_000_000 / 0.76, -4); // 1 MB over 760 ms after the first byte
    manager.segmentCompleted({ data: { byteLength: 1_000_000 }, timeMs: 5, fromCache: true }, VIDEO_SEGMENT);
    expect(session.controller.state.estimator.rejectedSamples).toBe(1);
  });

  it('switches up through switchCallback, without clearing the buffer, once enabled and allowed', () => {
    const { manager, media, switches, tick } = setup();
    manager.chooseVariant();
    manager.enable();
    for (let i = 0; i < 10; i++) {
      tick(1000);
      media.bufferedEndSec += 2;
      download(manager, 400, 1_000_000, true, undefined, VIDEO_SEGMENT); // 20 Mbps
    }
    expect(switches.length).toBeGreaterThan(0);
    expect(switches.at(-1)!.bandwidth).toBeGreaterThan(428_000);
  });

  it('never switches while disabled (a pinned rung) or when shaka does not allow it', () => {
    const { manager, media, switches, tick } = setup();
    manager.chooseVariant();
    for (let i = 0; i < 10; i++) {
      tick(1000);
      media.bufferedEndSec += 2;
      download(manager, 400, 1_000_000, true, undefined, VIDEO_SEGMENT);
    }
    manager.enable();
    download(manager, 400, 1_000_000, false, undefined, VIDEO_SEGMENT);
    expect(switches).toEqual([]);
  });

  it('goes back to its startup phase when the media seeks', () => {
    const { manager, session, media, tick } = setup();
    for (let i = 0; i < 20; i++) {
      tick(1000);
      media.bufferedEndSec += 2;
      download(manager, 400, 1_000_000, true, undefined, VIDEO_SEGMENT);
      manager.chooseVariant();
    }
    expect(session.controller.state.phase).toBe('steady');
    media.dispatchEvent(new Event('seeking'));
    expect(session.controller.state.phase).toBe('startup');
  });

  it('gives a video segment of the variant it chose the id of that decision', () => {
    const { manager, session } = setup();
    const variant = manager.chooseVariant();
    manager.segmentRequested({ type: 1, stream: variant.video!, segment: { startTime: 0, endTime: 2 } });
    const rendered = session.renderedAt(variant.video!.id!, 1);
    expect(session.decisionById(rendered.decisionId)).toMatchObject({ rung: 0, rule: 'startup' });
  });

  it('gives no decision to a segment of another variant, nor to any after a pin (disable)', () => {
    const { manager, session } = setup();
    manager.chooseVariant(); // the lowest variant, stream 1
    manager.segmentRequested({ type: 1, stream: { id: 3, type: 'video' }, segment: { startTime: 0, endTime: 2 } });
    expect(session.renderedAt(3, 1).decisionId).toBeNull();
    manager.enable();
    manager.disable();
    manager.segmentRequested({ type: 1, stream: { id: 1, type: 'video' }, segment: { startTime: 2, endTime: 4 } });
    expect(session.renderedAt(1, 3).decisionId).toBeNull();
  });

  it('passes as lastRung the variant of the last video media segment downloaded, not its last choice', () => {
    const { manager, session } = setup();
    const lastRungs: Array<number | null> = [];
    const choose = session.choose.bind(session);
    session.choose = (snapshot) => (lastRungs.push(snapshot.lastRung), choose(snapshot));
    manager.chooseVariant();
    manager.chooseVariant();
    download(manager, 800, 1_000_000, false, undefined, { type: 1, stream: { id: 4, type: 'video' }, segment: { startTime: 0, endTime: 2 } });
    download(manager, 20, 900, false, undefined, { type: 0, stream: { id: 2, type: 'video' } });
    manager.chooseVariant();
    expect(lastRungs).toEqual([null, null, 3]);
  });

  it('tells shaka whether the variants changed', () => {
    const { manager } = setup();
    expect(manager.setVariants([...VARIANTS].reverse())).toBe(false);
    expect(manager.setVariants(VARIANTS.slice(0, 2))).toBe(true);
  });
});
