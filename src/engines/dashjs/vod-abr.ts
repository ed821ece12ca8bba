import * as dashjsModule from 'dashjs';
import { MediaPlayer, type MediaPlayerClass, type Representation, type RulesContext } from 'dashjs';
import { VOD_ABR_DASH_SETTINGS } from './vod-abr-settings.js';
import { snapshotOf } from '../../vod-abr/snapshot.js';
import type { VodAbrSession } from '../../vod-abr/abr-session.js';
import { FALLBACK_SEGMENT_SEC, dashProbe, requestedSegment, videoRepresentations } from './probe.js';

/** dash.js's FragmentRequest fields the plug-in reads (its typings lag the v5 objects). */
interface FragmentRequestLike {
  url?: string;
  mediaType?: string;
  type?: string | null;
  index?: number;
  startTime?: number;
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
 *
 * Decision ids: the representation a rule last returned is pending with its decision; a video media
 * request of that representation (FRAGMENT_LOADING_STARTED), while `autoSwitchBitrate.video` is
 * on, carries its id (`session.segmentRequested`); any other (a pinned rendition, a switch dash.js
 * did not make) carries none.
 */
export function plugVodAbr(player: MediaPlayerClass, video: HTMLVideoElement, session: VodAbrSession): () => void {
  const id = ++ruleNameCounter;
  const qualityName = `VodAbrQualityRule${id}`;
  const abandonName = `VodAbrAbandonRule${id}`;
  /** Id of the Representation of the last video media segment loaded. */
  let lastLoadedId: string | null = null;
  /** The decision behind the representation a rule last returned. */
  let pending: { readonly id: number; readonly representationId: string } | null = null;
  /** When each request started: dash.js sets `startDate` only once a request ends. */
  const startedAtMs = new WeakMap<object, number>();

  const probe = (rulesContext: RulesContext, representations: readonly Representation[]) =>
    dashProbe({ representations, current: rulesContext.getRepresentation(), media: video, player, lastLoadedId });

  function QualityRule(this: { context: unknown }) {
    const context = this.context;
    const SwitchRequest = FactoryMaker.getClassFactoryByName('SwitchRequest') as unknown as SwitchRequestFactory;
    function getSwitchRequest(rulesContext: RulesContext): SwitchRequestLike {
      const request = SwitchRequest(context).create(); // representation = NO_CHANGE
      if (rulesContext.getMediaType() !== 'video') return request;
      const reps = videoRepresentations(rulesContext);
      if (reps.length === 0) return request;
      const engineProbe = probe(rulesContext, reps);
      const decision = session.choose(snapshotOf(engineProbe, session.monotonicMs()), engineProbe.media());
      const representation = reps[decision.rung];
      if (!representation) return request;
      pending = { id: decision.id, representationId: representation.id };
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
      const nowMs = session.monotonicMs();
      const elapsedMs = Date.now() - startMs;
      const verdict = session.shouldAbandon(
        {
          rung,
          bytesLoaded: Number(current.bytesLoaded),
          bytesTotal: current.bytesTotal && current.bytesTotal > 0 ? current.bytesTotal : undefined,
          elapsedMs,
          ttfbMs: current.firstByteDate ? Math.max(0, current.firstByteDate.getTime() - startMs) : undefined,
        },
        snapshotOf(probe(rulesContext, reps), nowMs, { index: current.index ?? 0, durationSec: current.duration || FALLBACK_SEGMENT_SEC }),
      );
      const target = reps[verdict.toRung];
      if (!verdict.abandon || !target || verdict.toRung >= rung) return request;
      pending = verdict.id === null ? null : { id: verdict.id, representationId: target.id };
      request.representation = target;
      request.priority = SwitchRequest.PRIORITY.STRONG;
      request.reason = { rule: 'abandon', reason: verdict.reason };
      return request;
    }
    return { shouldAbandon };
  }
  (AbandonRule as unknown as { __dashjs_factory_name: string }).__dashjs_factory_name = abandonName;

  const onLoaded = (e: { request?: FragmentRequestLike }): void => {
    const sample = sampleOf(e.request, session.monotonicMs(), false);
    if (sample) session.onSegmentLoaded(sample, e.request?.url);
    if (sample?.kind === 'media') lastLoadedId = e.request?.representation?.id ?? lastLoadedId;
  };
  const onAbandoned = (e: { request?: FragmentRequestLike }): void => {
    const sample = sampleOf(e.request, session.monotonicMs(), true, e.request ? startedAtMs.get(e.request) : undefined);
    if (sample) session.onSegmentLoaded(sample);
  };
  const onStarted = (e: { request?: FragmentRequestLike }): void => {
    if (e.request) startedAtMs.set(e.request, Date.now());
    const segment = requestedSegment(e.request);
    if (!segment) return;
    const auto = player.getSettings().streaming?.abr?.autoSwitchBitrate?.video !== false;
    session.segmentRequested(segment, auto && pending?.representationId === segment.rendition ? pending.id : null);
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
