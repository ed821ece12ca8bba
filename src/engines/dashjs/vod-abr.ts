import * as dashjsModule from 'dashjs';
import { MediaPlayer, type MediaPlayerClass, type Representation, type RulesContext } from 'dashjs';
import { VOD_ABR_DASH_SETTINGS } from './vod-abr-settings.js';
import type { NextSegmentInfo, RungInfo } from '../../../abr/index.js';
import { readMediaState, type MediaState } from '../../vod-abr/media-snapshot.js';
import type { VodAbrSession } from '../../vod-abr/abr-session.js';

/** Segment duration assumed when the representation does not say, seconds. */
const FALLBACK_SEGMENT_SEC = 4;

/** dash.js's FragmentRequest fields the plug-in reads (its typings lag the v5 objects). */
interface FragmentRequestLike {
  mediaType?: string;
  type?: string | null;
  index?: number;
  duration?: number;
  bytesLoaded?: number;
  bytesTotal?: number;
  startDate?: Date | null;
  firstByteDate?: Date | null;
  endDate?: Date | null;
  representation?: Representation;
}

interface SwitchRequestLike {
  representation: Representation | null;
  priority: number | null;
  reason: unknown;
  rule?: unknown;
}

interface SwitchRequestFactory {
  (context: unknown): { create(): SwitchRequestLike };
  PRIORITY: { WEAK: number; DEFAULT: number; STRONG: number };
}

/** The FactoryMaker calls used here (dash.js puts FactoryMaker on its default export only). */
interface FactoryMakerLike {
  getClassFactory(classConstructor: unknown): unknown;
  getClassFactoryByName(name: string): unknown;
}
const FactoryMaker = (dashjsModule as unknown as { default: { FactoryMaker: FactoryMakerLike } }).default.FactoryMaker;

let ruleNameCounter = 0;

/**
 * Plugs `session` into `player` (call before `initialize()`, the one point where dash.js reads
 * its rules): a quality rule (`getSwitchRequest`) and an abandon rule (`shouldAbandon`), both
 * FactoryMaker classes that answer for video only (dash.js asks them for audio too) and return
 * Representation objects (dash.js 5), plus the samples from FRAGMENT_LOADING_COMPLETED /
 * FRAGMENT_LOADING_ABANDONED. Returns a function that unplugs it.
 *
 * dash.js asks abandon rules on download progress events only, so a request that receives nothing
 * at all (an outage) is never abandoned there; a slow one is.
 *
 * FactoryMaker caches class factories by name for the whole page, so each session's rules get
 * names of their own; a shared name would hand a later player the first player's session.
 */
export function plugVodAbr(player: MediaPlayerClass, video: HTMLVideoElement, session: VodAbrSession): () => void {
  const id = ++ruleNameCounter;
  const qualityName = `VodAbrQualityRule${id}`;
  const abandonName = `VodAbrAbandonRule${id}`;
  let lastRung: number | null = null;
  /** When each request started: dash.js sets `startDate` only once a request ends. */
  const startedAtMs = new WeakMap<object, number>();

  const snapshot = (reps: readonly Representation[], nextSegment: (state: MediaState) => NextSegmentInfo) => {
    const state = readMediaState(video);
    return {
      nowMs: session.now(),
      bufferSec: state.bufferSec,
      rungs: rungsOf(reps),
      nextSegment: nextSegment(state),
      lastRung,
      playbackRate: state.playbackRate,
      mediaRemainingSec: state.mediaRemainingSec,
      bufferGoalSec: bufferGoalSec(player),
      seeking: state.seeking,
    };
  };

  function QualityRule(this: { context: unknown }) {
    const context = this.context;
    const SwitchRequest = FactoryMaker.getClassFactoryByName('SwitchRequest') as unknown as SwitchRequestFactory;
    function getSwitchRequest(rulesContext: RulesContext): SwitchRequestLike {
      const request = SwitchRequest(context).create(); // representation = NO_CHANGE
      if (rulesContext.getMediaType() !== 'video') return request;
      const reps = videoRepresentations(rulesContext);
      if (reps.length === 0) return request;
      const current = rulesContext.getRepresentation();
      const decision = session.choose(snapshot(reps, (state) => nextSegmentOf(current, state.bufferEndSec)));
      const representation = reps[decision.rung];
      if (!representation) return request;
      lastRung = decision.rung;
      request.representation = representation;
      request.priority = SwitchRequest.PRIORITY.STRONG;
      request.reason = { rule: decision.rule, reason: decision.reason };
      return request;
    }
    return { getSwitchRequest };
  }
  (QualityRule as unknown as { __dashjs_factory_name: string }).__dashjs_factory_name = qualityName;

  function AbandonRule(this: { context: unknown }) {
    const context = this.context;
    const SwitchRequest = FactoryMaker.getClassFactoryByName('SwitchRequest') as unknown as SwitchRequestFactory;
    function shouldAbandon(rulesContext: RulesContext): SwitchRequestLike {
      const request = SwitchRequest(context).create();
      if (rulesContext.getMediaType() !== 'video') return request;
      const current = rulesContext.getCurrentRequest() as unknown as FragmentRequestLike;
      const reps = videoRepresentations(rulesContext);
      const rung = reps.findIndex((rep) => rep.id === current.representation?.id);
      const startMs = startedAtMs.get(current) ?? current.startDate?.getTime() ?? current.firstByteDate?.getTime();
      if (rung <= 0 || startMs === undefined || !(Number(current.bytesLoaded) >= 0)) return request;
      const nowMs = session.now();
      const elapsedMs = Date.now() - startMs;
      const verdict = session.shouldAbandon(
        {
          rung,
          bytesLoaded: Number(current.bytesLoaded),
          bytesTotal: current.bytesTotal && current.bytesTotal > 0 ? current.bytesTotal : undefined,
          elapsedMs,
          ttfbMs: current.firstByteDate ? Math.max(0, current.firstByteDate.getTime() - startMs) : undefined,
        },
        { ...snapshot(reps, () => ({ index: current.index ?? 0, durationSec: current.duration || FALLBACK_SEGMENT_SEC })), nowMs, lastRung: rung },
      );
      const target = reps[verdict.toRung];
      if (!verdict.abandon || !target || verdict.toRung >= rung) return request;
      lastRung = verdict.toRung;
      request.representation = target;
      request.priority = SwitchRequest.PRIORITY.STRONG;
      request.reason = { rule: 'abandon', reason: verdict.reason };
      return request;
    }
    return { shouldAbandon };
  }
  (AbandonRule as unknown as { __dashjs_factory_name: string }).__dashjs_factory_name = abandonName;

  const onLoaded = (e: { request?: FragmentRequestLike }): void => {
    const sample = sampleOf(e.request, session.now(), false);
    if (sample) session.onSegmentLoaded(sample);
  };
  const onAbandoned = (e: { request?: FragmentRequestLike }): void => {
    const sample = sampleOf(e.request, session.now(), true, e.request ? startedAtMs.get(e.request) : undefined);
    if (sample) session.onSegmentLoaded(sample);
  };
  const onStarted = (e: { request?: FragmentRequestLike }): void => {
    if (e.request) startedAtMs.set(e.request, Date.now());
  };
  const onSeeking = (): void => session.onSeek();

  player.updateSettings(VOD_ABR_DASH_SETTINGS);
  player.addABRCustomRule('qualitySwitchRules', qualityName, FactoryMaker.getClassFactory(QualityRule) as object);
  player.addABRCustomRule('abandonFragmentRules', abandonName, FactoryMaker.getClassFactory(AbandonRule) as object);
  player.on(MediaPlayer.events.FRAGMENT_LOADING_STARTED, onStarted as never);
  player.on(MediaPlayer.events.FRAGMENT_LOADING_COMPLETED, onLoaded as never);
  player.on(MediaPlayer.events.FRAGMENT_LOADING_ABANDONED, onAbandoned as never);
  video.addEventListener('seeking', onSeeking);

  return () => {
    video.removeEventListener('seeking', onSeeking);
    player.off(MediaPlayer.events.FRAGMENT_LOADING_STARTED, onStarted as never);
    player.off(MediaPlayer.events.FRAGMENT_LOADING_COMPLETED, onLoaded as never);
    player.off(MediaPlayer.events.FRAGMENT_LOADING_ABANDONED, onAbandoned as never);
    player.removeABRCustomRule(qualityName);
    player.removeABRCustomRule(abandonName);
  };
}

/** The video representations dash.js may choose, ascending by bitrate. */
function videoRepresentations(rulesContext: RulesContext): Representation[] {
  const reps = rulesContext.getAbrController().getPossibleVoRepresentationsFilteredBySettings(rulesContext.getMediaInfo(), true) ?? [];
  return [...reps].sort((a, b) => a.bandwidth - b.bandwidth);
}

function rungsOf(reps: readonly Representation[]): RungInfo[] {
  return reps.map((rep, index) => ({ index, bitrateBps: rep.bandwidth, height: rep.height, width: rep.width }));
}

function nextSegmentOf(current: Representation | null, bufferEndSec: number): NextSegmentInfo {
  const durationSec = current?.segmentDuration && current.segmentDuration > 0 ? current.segmentDuration : FALLBACK_SEGMENT_SEC;
  return { index: Math.floor(bufferEndSec / durationSec) + 1, durationSec };
}

/** dash.js buffers to `bufferTimeDefault` (to `bufferTimeAtTopQuality` at the top rung). */
function bufferGoalSec(player: MediaPlayerClass): number | undefined {
  const buffer = player.getSettings().streaming?.buffer as { bufferTimeDefault?: number } | undefined;
  return buffer?.bufferTimeDefault;
}

function sampleOf(request: FragmentRequestLike | undefined, nowMs: number, aborted: boolean, startedAtMs?: number) {
  if (!request || request.mediaType !== 'video') return null;
  const startMs = request.startDate?.getTime() ?? startedAtMs;
  if (startMs === undefined) return null;
  const endMs = request.endDate?.getTime() ?? Date.now();
  return {
    bytes: request.bytesLoaded ?? 0,
    durationMs: Math.max(0, endMs - startMs),
    ttfbMs: request.firstByteDate ? request.firstByteDate.getTime() - startMs : undefined,
    nowMs,
    kind: request.type === 'InitializationSegment' ? ('init' as const) : ('media' as const),
    aborted,
  };
}
