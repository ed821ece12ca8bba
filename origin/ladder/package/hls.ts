import type { LadderJson } from '../types.js';
import { formatFrameRate, formatSec, segmentName } from './format.js';
import type { TimedSegment } from './verify.js';

/** Audio rendition group id in the multivariant playlist. */
export const HLS_AUDIO_GROUP = 'aac';
/** Subtitle rendition group id in the multivariant playlist. */
export const HLS_SUBTITLE_GROUP = 'subs';

/**
 * A VOD media playlist for one fMP4 track, EXTINF exact from the segments. Pure.
 * TARGETDURATION is the largest EXTINF rounded to the nearest integer (RFC 8216 §4.3.3.1).
 */
export function writeMediaPlaylist(track: { timescale: number; segments: readonly TimedSegment[] }): string {
  const durationsSec = track.segments.map((segment) => segment.durationTicks / track.timescale);
  const targetSec = Math.max(1, ...durationsSec.map((sec) => Math.round(sec)));
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${targetSec}`,
    `#EXT-X-MEDIA-SEQUENCE:${track.segments[0]?.number ?? 1}`,
    '#EXT-X-PLAYLIST-TYPE:VOD',
    '#EXT-X-INDEPENDENT-SEGMENTS',
    '#EXT-X-MAP:URI="init.mp4"',
  ];
  track.segments.forEach((segment, index) => {
    lines.push(`#EXTINF:${formatSec(durationsSec[index] as number)},`, segmentName(segment.number));
  });
  lines.push('#EXT-X-ENDLIST', '');
  return lines.join('\n');
}

/** A one-segment subtitle playlist wrapping a whole WebVTT file (path relative to the playlist). Pure. */
export function writeSubtitlePlaylist(vttName: string, durationSec: number): string {
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${Math.max(1, Math.ceil(durationSec))}`,
    '#EXT-X-MEDIA-SEQUENCE:1',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    `#EXTINF:${formatSec(durationSec)},`,
    vttName,
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
}

/**
 * The multivariant playlist: one audio group (when there is audio), one subtitle group (when
 * there are captions), and a variant per published rung, ascending. BANDWIDTH and
 * AVERAGE-BANDWIDTH are video + audio, as measured from the segments. Pure.
 */
export function writeMasterPlaylist(ladder: LadderJson): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS', ''];
  if (ladder.audio) {
    lines.push(
      `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="${HLS_AUDIO_GROUP}",NAME="Main",DEFAULT=YES,AUTOSELECT=YES,` +
        `CHANNELS="${ladder.audio.channels}",URI="${ladder.audio.path}/playlist.m3u8"`,
    );
  }
  ladder.captions.forEach((caption, index) => {
    lines.push(
      `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="${HLS_SUBTITLE_GROUP}",NAME="${caption.label}",LANGUAGE="${caption.lang}",` +
        `DEFAULT=NO,AUTOSELECT=${index === 0 ? 'YES' : 'NO'},FORCED=NO,URI="${caption.playlist}"`,
    );
  });
  if (ladder.audio || ladder.captions.length > 0) lines.push('');

  for (const rung of ladder.rungs) {
    const codecs = ladder.audio ? `${rung.codecs},${ladder.audio.codecs}` : rung.codecs;
    const attributes = [
      `BANDWIDTH=${rung.peakBitrateBps}`,
      `AVERAGE-BANDWIDTH=${rung.averageBitrateBps}`,
      `RESOLUTION=${rung.width}x${rung.height}`,
      `CODECS="${codecs}"`,
      `FRAME-RATE=${formatFrameRate(ladder.source.frameRate)}`,
    ];
    if (ladder.audio) attributes.push(`AUDIO="${HLS_AUDIO_GROUP}"`);
    if (ladder.captions.length > 0) attributes.push(`SUBTITLES="${HLS_SUBTITLE_GROUP}"`);
    lines.push(`#EXT-X-STREAM-INF:${attributes.join(',')}`, `${rung.path}/playlist.m3u8`);
  }
  lines.push('');
  return lines.join('\n');
}
