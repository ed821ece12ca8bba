import { describe, expect, it } from 'vitest';
import { VodShakaAbrManager, type VariantLike } from '../../../../src/engines/shaka/vod-abr.js';
import { VodAbrSession } from '../../../../src/vod-abr/abr-session.js';

/** Variants as shaka hands them: unordered, bandwidth = video + audio. */
const VARIANTS: VariantLike[] = [
  { id: 13, bandwidth: 2_628_000, video: { type: 'video', height: 720, width: 1280 } },
  { id: 11, bandwidth: 428_000, video: { type: 'video', height: 240, width: 426 } },
  { id: 14, bandwidth: 4_628_000, video: { type: 'video', height: 1080, width: 1920 } },
  { id: 12, bandwidth: 828_000, video: { type: 'video', height: 360, width: 640 } },
];

class FakeMedia extends EventTarget {
  currentTime = 0;
  duration = 120;
  playbackRate = 1;
  seeking = false;
  bufferedEndSec = 0;
  get buffered() {
    const end = this.bufferedEndSec;
    return { length: end > 0 ? 1 : 0, start: () => 0, end: () => end };
  }
}

function setup() {
  let nowMs = 0;
  const session = new VodAbrSession({ seedHost: null, storage: null, nowMs: () => nowMs });
  const manager = new VodShakaAbrManager(session, () => 30);
  const media = new FakeMedia();
  const switches: VariantLike[] = [];
  manager.init((variant) => switches.push(variant));
  manager.setMediaElement(media as unknown as HTMLMediaElement);
  manager.setVariants([...VARIANTS]);
  const tick = (ms: number) => (nowMs += ms);
  return { session, manager, media, switches, tick };
}

const VIDEO_SEGMENT = { type: 1, stream: { type: 'video' }, segment: { startTime: 0, endTime: 2 } };

describe("vod-player's ABR as a shaka AbrManager", () => {
  it('chooses from the variants in ascending bandwidth, starting a cold viewer low', () => {
    const { manager } = setup();
    expect(manager.chooseVariant().id).toBe(11);
  });

  it('feeds video segment downloads to the estimate; audio and init segments measure nothing', () => {
    const { manager, session, tick } = setup();
    manager.segmentDownloaded(800, 1_000_000, false, undefined, { ...VIDEO_SEGMENT, stream: { type: 'audio' } });
    manager.segmentDownloaded(20, 900, false, undefined, { type: 0, stream: { type: 'video' } });
    expect(session.controller.state.estimator.acceptedSamples).toBe(0);
    tick(1000);
    manager.segmentDownloaded(800, 1_000_000, false, undefined, VIDEO_SEGMENT); // 10 Mbps
    expect(session.controller.state.estimator.acceptedSamples).toBe(1);
    expect(manager.getBandwidthEstimate()).toBeGreaterThan(5_000_000);
  });

  it('switches up through switchCallback, without clearing the buffer, once enabled and allowed', () => {
    const { manager, media, switches, tick } = setup();
    manager.chooseVariant();
    manager.enable();
    for (let i = 0; i < 10; i++) {
      tick(1000);
      media.bufferedEndSec += 2;
      manager.segmentDownloaded(400, 1_000_000, true, undefined, VIDEO_SEGMENT); // 20 Mbps
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
      manager.segmentDownloaded(400, 1_000_000, true, undefined, VIDEO_SEGMENT);
    }
    manager.enable();
    manager.segmentDownloaded(400, 1_000_000, false, undefined, VIDEO_SEGMENT);
    expect(switches).toEqual([]);
  });

  it('goes back to its startup phase when the media seeks', () => {
    const { manager, session, media, tick } = setup();
    for (let i = 0; i < 20; i++) {
      tick(1000);
      media.bufferedEndSec += 2;
      manager.segmentDownloaded(400, 1_000_000, true, undefined, VIDEO_SEGMENT);
      manager.chooseVariant();
    }
    expect(session.controller.state.phase).toBe('steady');
    media.dispatchEvent(new Event('seeking'));
    expect(session.controller.state.phase).toBe('startup');
  });

  it('tells shaka whether the variants changed', () => {
    const { manager } = setup();
    expect(manager.setVariants([...VARIANTS].reverse())).toBe(false);
    expect(manager.setVariants(VARIANTS.slice(0, 2))).toBe(true);
  });
});
