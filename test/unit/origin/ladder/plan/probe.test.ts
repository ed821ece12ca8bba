import { describe, expect, it } from 'vitest';
import { captionLanguage, sourceFromProbe } from '../../../../../origin/ladder/plan/probe.js';

const probe = (streams: object[], duration = '10.000000') => ({ streams, format: { duration } });
const h264 = { index: 0, codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, avg_frame_rate: '25/1', r_frame_rate: '25/1', sample_aspect_ratio: '1:1' };

describe('sourceFromProbe', () => {
  it('reads size, duration, frame rate and audio presence', () => {
    const source = sourceFromProbe(probe([h264, { index: 1, codec_type: 'audio', codec_name: 'aac' }]), 'in.mp4');
    expect(source.info).toEqual({ width: 1920, height: 1080, durationSec: 10, frameRate: 25, hasAudio: true });
    expect(source).toMatchObject({ videoStreamIndex: 0, audioStreamIndex: 1, subtitle: null });
  });

  it('reads each stream’s own duration, from the stream or a Matroska tag', () => {
    const video = { ...h264, duration: '9.960000' };
    const audio = { index: 1, codec_type: 'audio', tags: { DURATION: '00:00:10.500000000' } };
    expect(sourceFromProbe(probe([video, audio], '10.5'), 'a.mkv')).toMatchObject({ videoDurationSec: 9.96, audioDurationSec: 10.5 });
    expect(sourceFromProbe(probe([h264]), 'a.mp4')).toMatchObject({ videoDurationSec: null, audioDurationSec: null });
  });

  it('applies a non-square sample aspect ratio to the width', () => {
    const anamorphic = { ...h264, width: 720, height: 576, sample_aspect_ratio: '64:45' };
    expect(sourceFromProbe(probe([anamorphic]), 'dv.mpg').info).toMatchObject({ width: 1024, height: 576 });
  });

  it('swaps width and height for a rotated phone video', () => {
    const rotated = { ...h264, side_data_list: [{ rotation: -90 }] };
    expect(sourceFromProbe(probe([rotated]), 'phone.mov').info).toMatchObject({ width: 1080, height: 1920 });
  });

  it('reads NTSC frame rates', () => {
    expect(sourceFromProbe(probe([{ ...h264, avg_frame_rate: '30000/1001' }]), 'a').info.frameRate).toBeCloseTo(29.97, 2);
  });

  it('skips cover art and finds the first subtitle stream', () => {
    const cover = { index: 0, codec_type: 'video', codec_name: 'mjpeg', width: 600, height: 600, disposition: { attached_pic: 1 } };
    const subs = { index: 2, codec_type: 'subtitle', codec_name: 'subrip', tags: { language: 'fre' } };
    const source = sourceFromProbe(probe([cover, { ...h264, index: 1 }, subs]), 'a.mkv');
    expect(source.videoStreamIndex).toBe(1);
    expect(source.subtitle).toEqual({ streamIndex: 2, codec: 'subrip', textBased: true, lang: 'fr', label: 'Français' });
    expect(source.info.hasAudio).toBe(false);
  });

  it('marks bitmap subtitles as not convertible', () => {
    const pgs = { index: 1, codec_type: 'subtitle', codec_name: 'hdmv_pgs_subtitle' };
    expect(sourceFromProbe(probe([h264, pgs]), 'a.m2ts').subtitle?.textBased).toBe(false);
  });

  it('fails clearly without a video stream or a duration', () => {
    expect(() => sourceFromProbe(probe([{ index: 0, codec_type: 'audio' }]), 'song.m4a')).toThrow(/song.m4a has no video stream/);
    expect(() => sourceFromProbe({ streams: [h264], format: {} }, 'x')).toThrow(/no known duration/);
  });
});

describe('captionLanguage', () => {
  it('maps ISO 639-2 to two letters and defaults to en', () => {
    expect(captionLanguage('eng')).toBe('en');
    expect(captionLanguage('de')).toBe('de');
    expect(captionLanguage(undefined)).toBe('en');
    expect(captionLanguage('und')).toBe('en');
  });
});
