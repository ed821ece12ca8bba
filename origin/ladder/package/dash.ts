import type { LadderJson } from '../types.js';
import { dashFrameRate, isoDurationSec, xmlAttr } from './format.js';
import type { TimedSegment } from './verify.js';

/** A published track's timeline, as the MPD needs it. */
export interface DashTrack {
  timescale: number;
  segments: readonly TimedSegment[];
}

/**
 * The `<S>` elements of a SegmentTimeline: `t` on the first and after any gap, runs of equal
 * durations folded into `r`. Pure.
 */
export function segmentTimeline(segments: readonly TimedSegment[]): string[] {
  const runs: Array<{ t: number | null; d: number; r: number }> = [];
  let expectedStart: number | null = null;
  for (const segment of segments) {
    const last = runs[runs.length - 1];
    const contiguous = expectedStart === segment.startTicks;
    if (last && contiguous && last.d === segment.durationTicks) {
      last.r += 1;
    } else {
      runs.push({ t: contiguous ? null : segment.startTicks, d: segment.durationTicks, r: 0 });
    }
    expectedStart = segment.startTicks + segment.durationTicks;
  }
  return runs.map((run) => {
    const t = run.t === null ? '' : ` t="${run.t}"`;
    const r = run.r === 0 ? '' : ` r="${run.r}"`;
    return `<S${t} d="${run.d}"${r}/>`;
  });
}

function segmentTemplate(path: string, track: DashTrack, indent: string): string[] {
  const first = track.segments[0]?.number ?? 1;
  return [
    `${indent}<SegmentTemplate timescale="${track.timescale}" initialization="${xmlAttr(path)}/init.mp4" ` +
      `media="${xmlAttr(path)}/seg-$Number%05d$.m4s" startNumber="${first}">`,
    `${indent}  <SegmentTimeline>`,
    ...segmentTimeline(track.segments).map((s) => `${indent}    ${s}`),
    `${indent}  </SegmentTimeline>`,
    `${indent}</SegmentTemplate>`,
  ];
}

const sameTimeline = (a: DashTrack, b: DashTrack): boolean =>
  a.timescale === b.timescale &&
  a.segments.length === b.segments.length &&
  a.segments.every((s, i) => s.startTicks === b.segments[i]?.startTicks && s.durationTicks === b.segments[i]?.durationTicks);

/**
 * A static DASH MPD (isoff-live profile) over the same segment files as the HLS playlists:
 * one video AdaptationSet (a Representation per rung), one audio AdaptationSet, one sidecar
 * WebVTT AdaptationSet per caption track.
 *
 * Representation@bandwidth is the track's own peak segment bitrate (video alone, audio alone),
 * the DASH reading of "deliverable at this rate with minBufferTime = one segment buffered". Pure.
 */
export function writeMpd(
  ladder: LadderJson,
  tracks: { video: ReadonlyMap<string, DashTrack>; audio: DashTrack | null },
): string {
  const videoTracks = ladder.rungs.map((rung) => {
    const track = tracks.video.get(rung.id);
    if (!track) throw new Error(`no timeline for rung ${rung.id}`);
    return track;
  });
  const first = videoTracks[0];
  const aligned = first !== undefined && videoTracks.every((track) => sameTimeline(first, track));
  const maxSegmentSec = Math.max(
    ...[...videoTracks, ...(tracks.audio ? [tracks.audio] : [])].flatMap((track) =>
      track.segments.map((segment) => segment.durationTicks / track.timescale),
    ),
  );
  const maxWidth = Math.max(...ladder.rungs.map((rung) => rung.width));
  const maxHeight = Math.max(...ladder.rungs.map((rung) => rung.height));
  const frameRate = dashFrameRate(ladder.source.frameRate);

  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011" type="static"' +
      ` mediaPresentationDuration="${isoDurationSec(ladder.durationSec)}" maxSegmentDuration="${isoDurationSec(maxSegmentSec)}"` +
      ` minBufferTime="${isoDurationSec(ladder.segmentDurationSec)}">`,
    '  <Period id="0" start="PT0S">',
    `    <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="${aligned}" startWithSAP="1"` +
      ` maxWidth="${maxWidth}" maxHeight="${maxHeight}" maxFrameRate="${frameRate}">`,
  ];
  ladder.rungs.forEach((rung, index) => {
    lines.push(
      `      <Representation id="${xmlAttr(rung.id)}" bandwidth="${rung.videoPeakBitrateBps}" codecs="${xmlAttr(rung.codecs)}"` +
        ` width="${rung.width}" height="${rung.height}" frameRate="${frameRate}" sar="1:1">`,
      ...segmentTemplate(rung.path, videoTracks[index] as DashTrack, '        '),
      '      </Representation>',
    );
  });
  lines.push('    </AdaptationSet>');

  if (ladder.audio && tracks.audio) {
    const audio = ladder.audio;
    lines.push(
      '    <AdaptationSet id="1" contentType="audio" mimeType="audio/mp4" segmentAlignment="true" startWithSAP="1">',
      '      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="main"/>',
      `      <Representation id="audio" bandwidth="${audio.peakBitrateBps}" codecs="${xmlAttr(audio.codecs)}" audioSamplingRate="${audio.sampleRateHz}">`,
      `        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="${audio.channels}"/>`,
      ...segmentTemplate(audio.path, tracks.audio, '        '),
      '      </Representation>',
      '    </AdaptationSet>',
    );
  }

  ladder.captions.forEach((caption, index) => {
    lines.push(
      `    <AdaptationSet id="${2 + index}" contentType="text" mimeType="text/vtt" lang="${xmlAttr(caption.lang)}">`,
      '      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle"/>',
      `      <Representation id="text-${xmlAttr(caption.lang)}" bandwidth="256">`,
      `        <BaseURL>${xmlAttr(caption.path)}</BaseURL>`,
      '      </Representation>',
      '    </AdaptationSet>',
    );
  });

  lines.push('  </Period>', '</MPD>', '');
  return lines.join('\n');
}
