import { describe, expect, it } from 'vitest';
import { segmentTimeline, writeMpd } from '../../../../../origin/ladder/package/dash.js';
import { sampleLadder } from '../fixtures/ladder.js';

const seg = (number: number, startTicks: number, durationTicks: number) => ({ number, bytes: 1, startTicks, durationTicks });

describe('segmentTimeline', () => {
  it('folds equal durations into r and gives t once', () => {
    expect(segmentTimeline([seg(1, 0, 25600), seg(2, 25600, 25600), seg(3, 51200, 12800)])).toEqual(['<S t="0" d="25600" r="1"/>', '<S d="12800"/>']);
  });

  it('restarts with an explicit t after a gap', () => {
    expect(segmentTimeline([seg(1, 0, 100), seg(2, 150, 100)])).toEqual(['<S t="0" d="100"/>', '<S t="150" d="100"/>']);
  });

  it('starts at the first decode time', () => {
    expect(segmentTimeline([seg(1, 1024, 2048)])).toEqual(['<S t="1024" d="2048"/>']);
  });
});

describe('writeMpd', () => {
  it('writes a static isoff-live MPD over the same segment files as the HLS playlists', () => {
    const { ladder, video, audio } = sampleLadder();
    expect(writeMpd(ladder, { video, audio })).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011" type="static" mediaPresentationDuration="PT6S" maxSegmentDuration="PT2.005S" minBufferTime="PT2S">',
        '  <Period id="0" start="PT0S">',
        '    <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1" maxWidth="1280" maxHeight="720" maxFrameRate="25">',
        '      <Representation id="360p" bandwidth="1040000" codecs="avc1.64001e" width="640" height="360" frameRate="25" sar="1:1">',
        '        <SegmentTemplate timescale="12800" initialization="video/360p/init.mp4" media="video/360p/seg-$Number%05d$.m4s" startNumber="1">',
        '          <SegmentTimeline>',
        '            <S t="0" d="25600" r="2"/>',
        '          </SegmentTimeline>',
        '        </SegmentTemplate>',
        '      </Representation>',
        '      <Representation id="720p" bandwidth="2200000" codecs="avc1.64001f" width="1280" height="720" frameRate="25" sar="1:1">',
        '        <SegmentTemplate timescale="12800" initialization="video/720p/init.mp4" media="video/720p/seg-$Number%05d$.m4s" startNumber="1">',
        '          <SegmentTimeline>',
        '            <S t="0" d="25600" r="2"/>',
        '          </SegmentTimeline>',
        '        </SegmentTemplate>',
        '      </Representation>',
        '    </AdaptationSet>',
        '    <AdaptationSet id="1" contentType="audio" mimeType="audio/mp4" segmentAlignment="true" startWithSAP="1">',
        '      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="main"/>',
        '      <Representation id="audio" bandwidth="128059" codecs="mp4a.40.2" audioSamplingRate="48000">',
        '        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2"/>',
        '        <SegmentTemplate timescale="48000" initialization="audio/init.mp4" media="audio/seg-$Number%05d$.m4s" startNumber="1">',
        '          <SegmentTimeline>',
        '            <S t="0" d="96256" r="1"/>',
        '            <S d="95232"/>',
        '          </SegmentTimeline>',
        '        </SegmentTemplate>',
        '      </Representation>',
        '    </AdaptationSet>',
        '    <AdaptationSet id="2" contentType="text" mimeType="text/vtt" lang="en">',
        '      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle"/>',
        '      <Representation id="text-en" bandwidth="256">',
        '        <BaseURL>text/en.vtt</BaseURL>',
        '      </Representation>',
        '    </AdaptationSet>',
        '  </Period>',
        '</MPD>',
        '',
      ].join('\n'),
    );
  });

  it('has timelines whose durations add up to each track', () => {
    const { ladder, video, audio } = sampleLadder();
    const mpd = writeMpd(ladder, { video, audio });
    const totals = [...mpd.matchAll(/<SegmentTemplate timescale="(\d+)"[\s\S]*?<\/SegmentTimeline>/g)].map((match) => {
      const timescale = Number(match[1]);
      const ticks = [...match[0].matchAll(/<S(?: t="\d+")? d="(\d+)"(?: r="(\d+)")?\/>/g)].reduce(
        (sum, s) => sum + Number(s[1]) * (1 + Number(s[2] ?? 0)),
        0,
      );
      return ticks / timescale;
    });
    expect(totals).toEqual([6, 6, (96256 * 2 + 95232) / 48000]);
  });

  it('says segments are not aligned when rung timelines differ', () => {
    const { ladder, video, audio } = sampleLadder();
    const track360 = video.get('360p');
    if (!track360) throw new Error('fixture');
    const shifted = new Map(video).set('360p', { ...track360, segments: track360.segments.map((s) => ({ ...s, durationTicks: s.durationTicks + 1 })) });
    expect(writeMpd(ladder, { video: shifted, audio })).toContain('segmentAlignment="false"');
  });
});
