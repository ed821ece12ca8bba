import { describe, expect, it } from 'vitest';
import { writeMasterPlaylist, writeMediaPlaylist, writeSubtitlePlaylist } from '../../../../../origin/ladder/package/hls.js';
import { sampleLadder } from '../fixtures/ladder.js';
import { audio6s, verified, video720 } from '../fixtures/listings.js';

const extinfSum = (playlist: string) =>
  [...playlist.matchAll(/#EXTINF:([\d.]+),/g)].reduce((sum, match) => sum + Number(match[1]), 0);

describe('writeMediaPlaylist', () => {
  it('writes a VOD fMP4 playlist with one exact EXTINF per segment', () => {
    expect(writeMediaPlaylist(verified(video720()))).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:7',
        '#EXT-X-TARGETDURATION:2',
        '#EXT-X-MEDIA-SEQUENCE:1',
        '#EXT-X-PLAYLIST-TYPE:VOD',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-MAP:URI="init.mp4"',
        '#EXTINF:2.000,',
        'seg-00001.m4s',
        '#EXTINF:2.000,',
        'seg-00002.m4s',
        '#EXTINF:2.000,',
        'seg-00003.m4s',
        '#EXT-X-ENDLIST',
        '',
      ].join('\n'),
    );
  });

  it('gives audio EXTINFs that add up to the track duration', () => {
    const playlist = writeMediaPlaylist(verified(audio6s()));
    expect(playlist).toContain('#EXTINF:2.005333,\nseg-00001.m4s');
    expect(playlist).toContain('#EXTINF:1.984,\nseg-00003.m4s');
    expect(extinfSum(playlist)).toBeCloseTo((96256 * 2 + 95232) / 48000, 5);
    expect(playlist).toContain('#EXT-X-TARGETDURATION:2\n');
  });

  it('rounds the target duration to the nearest integer of the longest segment', () => {
    const track = { timescale: 1000, segments: [{ number: 1, bytes: 1, startTicks: 0, durationTicks: 2600 }] };
    expect(writeMediaPlaylist(track)).toContain('#EXT-X-TARGETDURATION:3\n');
  });
});

describe('writeMasterPlaylist', () => {
  it('lists audio and subtitle groups and one variant per rung with measured bandwidths and exact codecs', () => {
    const { ladder } = sampleLadder();
    expect(writeMasterPlaylist(ladder)).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:7',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="Main",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio/playlist.m3u8"',
        '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI="text/en.m3u8"',
        '',
        '#EXT-X-STREAM-INF:BANDWIDTH=1168059,AVERAGE-BANDWIDTH=1127714,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",FRAME-RATE=25.000,AUDIO="aac",SUBTITLES="subs"',
        'video/360p/playlist.m3u8',
        '#EXT-X-STREAM-INF:BANDWIDTH=2328059,AVERAGE-BANDWIDTH=2127714,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=25.000,AUDIO="aac",SUBTITLES="subs"',
        'video/720p/playlist.m3u8',
        '',
      ].join('\n'),
    );
  });

  it('leaves out the audio group and audio codec when there is no audio', () => {
    const { ladder } = sampleLadder();
    const master = writeMasterPlaylist({ ...ladder, audio: null, captions: [] });
    expect(master).not.toContain('TYPE=AUDIO');
    expect(master).toContain('CODECS="avc1.64001f",FRAME-RATE=25.000\nvideo/720p/playlist.m3u8');
  });
});

describe('writeSubtitlePlaylist', () => {
  it('wraps the whole WebVTT file in one segment', () => {
    expect(writeSubtitlePlaylist('en.vtt', 120)).toBe(
      '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:120\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:120.000,\nen.vtt\n#EXT-X-ENDLIST\n',
    );
  });
});
