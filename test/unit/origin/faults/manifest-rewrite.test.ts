import { describe, expect, it } from 'vitest';
import {
  dropTopDashRung,
  dropTopHlsRung,
  manifestFormat,
  replaceVideoCodecs,
  rewriteManifest,
  setDashVideoCodecs,
  setHlsVideoCodecs,
} from '../../../../origin/faults/manifest-rewrite.js';

/** The generator's multivariant playlist, three rungs. */
const MASTER = [
  '#EXTM3U',
  '#EXT-X-VERSION:7',
  '#EXT-X-INDEPENDENT-SEGMENTS',
  '',
  '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="Main",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio/playlist.m3u8"',
  '',
  '#EXT-X-STREAM-INF:BANDWIDTH=458632,AVERAGE-BANDWIDTH=432910,RESOLUTION=426x240,CODECS="avc1.640015,mp4a.40.2",FRAME-RATE=25.000,AUDIO="aac"',
  'video/240p/playlist.m3u8',
  '#EXT-X-STREAM-INF:BANDWIDTH=4718036,AVERAGE-BANDWIDTH=4642187,RESOLUTION=1920x1080,CODECS="avc1.640028,mp4a.40.2",FRAME-RATE=25.000,AUDIO="aac"',
  'video/1080p/playlist.m3u8',
  '#EXT-X-STREAM-INF:BANDWIDTH=2718036,AVERAGE-BANDWIDTH=2642187,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=25.000,AUDIO="aac"',
  'video/720p/playlist.m3u8',
  '',
].join('\n');

const MEDIA_PLAYLIST = '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.000,\nseg-00001.m4s\n#EXT-X-ENDLIST\n';

const representation = (id: string, bandwidth: number, width: number, height: number): string =>
  `      <Representation id="${id}" bandwidth="${bandwidth}" codecs="avc1.64001f" width="${width}" height="${height}" frameRate="25" sar="1:1">
        <SegmentTemplate timescale="12800" initialization="video/${id}/init.mp4" media="video/${id}/seg-$Number%05d$.m4s" startNumber="1">
          <SegmentTimeline>
            <S t="0" d="25600" r="59"/>
          </SegmentTimeline>
        </SegmentTemplate>
      </Representation>`;

/** The generator's MPD, three video rungs, audio and text. */
const MPD = `<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT120S" minBufferTime="PT2S">
  <Period id="0" start="PT0S">
    <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1" maxWidth="1920" maxHeight="1080" maxFrameRate="25">
${representation('240p', 328260, 426, 240)}
${representation('1080p', 4587664, 1920, 1080)}
${representation('720p', 2587664, 1280, 720)}
    </AdaptationSet>
    <AdaptationSet id="1" contentType="audio" mimeType="audio/mp4" segmentAlignment="true" startWithSAP="1">
      <Representation id="audio" bandwidth="130372" codecs="mp4a.40.2" audioSamplingRate="48000">
        <SegmentTemplate timescale="48000" initialization="audio/init.mp4" media="audio/seg-$Number%05d$.m4s" startNumber="1"/>
      </Representation>
    </AdaptationSet>
    <AdaptationSet id="2" contentType="text" mimeType="text/vtt" lang="en">
      <Representation id="text-en" bandwidth="256">
        <BaseURL>text/en.vtt</BaseURL>
      </Representation>
    </AdaptationSet>
  </Period>
</MPD>
`;

describe('manifestFormat', () => {
  it('tells a multivariant playlist, a media playlist and an MPD apart by their content', () => {
    expect(manifestFormat(MASTER)).toBe('hls-multivariant');
    expect(manifestFormat(`\uFEFF${MEDIA_PLAYLIST}`)).toBe('hls-media');
    expect(manifestFormat(MPD)).toBe('dash');
    expect(manifestFormat('{"rungs":[]}')).toBeNull();
  });
});

describe('manifest-change: dropping the top rung', () => {
  it('drops the highest-BANDWIDTH variant of a multivariant playlist, wherever it is listed', () => {
    const changed = dropTopHlsRung(MASTER);
    expect(changed).not.toContain('1080p');
    expect(changed).toContain('video/240p/playlist.m3u8');
    expect(changed).toContain('video/720p/playlist.m3u8');
    expect(changed.split('\n').filter((line) => line.startsWith('#EXT-X-STREAM-INF:'))).toHaveLength(2);
    expect(changed.startsWith('#EXTM3U\n#EXT-X-VERSION:7')).toBe(true);
  });

  it('drops every variant of the top rung (one per audio group), with CRLF line ends kept', () => {
    const twoGroups = `${MASTER}#EXT-X-STREAM-INF:BANDWIDTH=4600000,RESOLUTION=1920x1080,CODECS="avc1.640028,ec-3",AUDIO="ec3"\r\nvideo/1080p/playlist.m3u8\r\n`;
    const changed = dropTopHlsRung(twoGroups.replaceAll('\n', '\r\n').replaceAll('\r\r\n', '\r\n'));
    expect(changed).not.toContain('1080p');
    expect(changed).toContain('\r\n');
  });

  it('leaves a playlist with one variant alone', () => {
    const single = '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nvideo/360p/playlist.m3u8\n';
    expect(dropTopHlsRung(single)).toBe(single);
  });

  it('drops the top video Representation of an MPD and lowers the AdaptationSet maxima', () => {
    const changed = dropTopDashRung(MPD);
    expect(changed).not.toContain('1080p');
    expect(changed).toContain('<Representation id="240p"');
    expect(changed).toContain('<Representation id="720p"');
    expect(changed).toContain('maxWidth="1280" maxHeight="720"');
    expect(changed).toContain('<Representation id="audio"');
    expect(changed.match(/<Representation /g)).toHaveLength(4);
    // What is left is the same document minus those lines.
    expect(changed).toBe(MPD.replace(`\n${representation('1080p', 4587664, 1920, 1080)}`, '').replace('maxWidth="1920" maxHeight="1080"', 'maxWidth="1280" maxHeight="720"'));
  });

  it('leaves an MPD with one video Representation alone', () => {
    const single = MPD.replace(`\n${representation('1080p', 4587664, 1920, 1080)}`, '').replace(`\n${representation('720p', 2587664, 1280, 720)}`, '');
    expect(dropTopDashRung(single)).toBe(single);
  });

  it('leaves media playlists and unknown text alone', () => {
    expect(rewriteManifest({ type: 'manifest-change' }, MEDIA_PLAYLIST)).toBe(MEDIA_PLAYLIST);
    expect(rewriteManifest({ type: 'codec', codecs: 'hvc1.1.6.L93.B0' }, '{"rungs":[]}')).toBe('{"rungs":[]}');
  });
});

describe('codec: rewriting video codecs', () => {
  it('replaces the video entry of every CODECS attribute and keeps the audio one', () => {
    const changed = setHlsVideoCodecs(MASTER, 'hvc1.1.6.L93.B0');
    const codecs = changed.split('\n').flatMap((line) => /CODECS="([^"]*)"/.exec(line)?.[1] ?? []);
    expect(codecs).toEqual(['hvc1.1.6.L93.B0,mp4a.40.2', 'hvc1.1.6.L93.B0,mp4a.40.2', 'hvc1.1.6.L93.B0,mp4a.40.2']);
    expect(changed.replaceAll('hvc1.1.6.L93.B0', 'X')).toBe(MASTER.replace(/avc1\.[0-9a-f]+/g, 'X'));
  });

  it('adds CODECS to a variant without one', () => {
    expect(setHlsVideoCodecs('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nv.m3u8\n', 'hvc1.1.6.L93.B0')).toBe(
      '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,CODECS="hvc1.1.6.L93.B0"\nv.m3u8\n',
    );
  });

  it('replaces @codecs in video AdaptationSets only', () => {
    const changed = setDashVideoCodecs(MPD, 'hvc1.1.6.L93.B0');
    expect(changed.match(/codecs="hvc1\.1\.6\.L93\.B0"/g)).toHaveLength(3);
    expect(changed).toContain('codecs="mp4a.40.2"');
    expect(changed).not.toContain('avc1');
  });

  it('replaces a set-level @codecs without adding one to each Representation', () => {
    const setLevel = MPD.replace('contentType="video"', 'contentType="video" codecs="avc1.64001f"').replaceAll(' codecs="avc1.64001f" width', ' width');
    const changed = setDashVideoCodecs(setLevel, 'hvc1.1.6.L93.B0');
    expect(changed.match(/codecs="hvc1\.1\.6\.L93\.B0"/g)).toHaveLength(1);
  });

  it.each([
    ['avc1.64001f,mp4a.40.2', 'hvc1.1.6.L93.B0,mp4a.40.2'],
    ['mp4a.40.2,avc1.64001f', 'mp4a.40.2,hvc1.1.6.L93.B0'],
    ['avc1.64001f', 'hvc1.1.6.L93.B0'],
    ['mp4a.40.2', 'hvc1.1.6.L93.B0,mp4a.40.2'],
    ['avc1.64001f, ec-3, wvtt', 'hvc1.1.6.L93.B0,ec-3,wvtt'],
  ])('turns CODECS %s into %s', (list, expected) => {
    expect(replaceVideoCodecs(list, 'hvc1.1.6.L93.B0')).toBe(expected);
  });
});
