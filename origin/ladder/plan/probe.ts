import { LadderError } from '../errors.js';
import { probeJson } from '../ffmpeg.js';
import type { SourceInfo } from '../types.js';

/** What the generator needs to know about a source file. */
export interface ProbedSource {
  info: SourceInfo;
  /** Absolute stream index of the video stream to encode. */
  videoStreamIndex: number;
  /** Absolute stream index of the first audio stream, or null. */
  audioStreamIndex: number | null;
  /** Durations of the chosen streams when the container states them (they may differ from the file's). */
  videoDurationSec: number | null;
  audioDurationSec: number | null;
  /** The first subtitle stream, if any; `textBased` says whether it converts to WebVTT. */
  subtitle: { streamIndex: number; codec: string; textBased: boolean; lang: string; label: string } | null;
}

interface ProbeStream {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  sample_aspect_ratio?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string | undefined>;
  side_data_list?: Array<{ rotation?: number }>;
}

const TEXT_SUBTITLE_CODECS = new Set(['subrip', 'srt', 'ass', 'ssa', 'mov_text', 'webvtt', 'text']);
const LANGUAGE_2: Record<string, string> = {
  eng: 'en', fre: 'fr', fra: 'fr', ger: 'de', deu: 'de', spa: 'es', ita: 'it', por: 'pt', rus: 'ru',
  jpn: 'ja', chi: 'zh', zho: 'zh', kor: 'ko', dut: 'nl', nld: 'nl', swe: 'sv', pol: 'pl', ara: 'ar',
};
const LANGUAGE_LABEL: Record<string, string> = {
  en: 'English', fr: 'Français', de: 'Deutsch', es: 'Español', it: 'Italiano', pt: 'Português', ru: 'Русский',
  ja: '日本語', zh: '中文', ko: '한국어', nl: 'Nederlands', sv: 'Svenska', pl: 'Polski', ar: 'العربية',
};

/** A stream's own duration: `duration`, or Matroska's `DURATION` tag (`00:00:10.010000000`). */
function streamDurationSec(stream: ProbeStream | undefined): number | null {
  if (!stream) return null;
  const direct = Number(stream.duration);
  if (Number.isFinite(direct) && direct > 0) return direct;
  const tag = /^(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(stream.tags?.DURATION ?? '');
  if (!tag) return null;
  const sec = Number(tag[1]) * 3600 + Number(tag[2]) * 60 + Number(tag[3]);
  return sec > 0 ? sec : null;
}

function rational(value: string | undefined): number {
  if (!value) return NaN;
  const [num, den] = value.split(/[/:]/).map(Number);
  if (num === undefined || !Number.isFinite(num)) return NaN;
  if (den === undefined) return num;
  return den === 0 ? NaN : num / den;
}

/** Language code for a caption file name: ISO 639-2 tags become two letters; untagged is `en`. */
export function captionLanguage(tag: string | undefined): string {
  const lower = (tag ?? '').toLowerCase();
  if (lower === '' || lower === 'und') return 'en';
  return LANGUAGE_2[lower] ?? lower.replace(/[^a-z0-9-]/g, '');
}

/** SourceInfo and stream choices from `ffprobe -show_format -show_streams` JSON. Pure. */
export function sourceFromProbe(json: unknown, name: string): ProbedSource {
  const data = (json ?? {}) as { streams?: ProbeStream[]; format?: { duration?: string } };
  const streams = data.streams ?? [];
  const video = streams.find((stream) => stream.codec_type === 'video' && stream.disposition?.attached_pic !== 1);
  if (!video || video.index === undefined || !video.width || !video.height) {
    throw new LadderError('PROBE_FAILED', `${name} has no video stream.`);
  }

  const sar = rational(video.sample_aspect_ratio);
  let width = video.width;
  let height = video.height;
  if (Number.isFinite(sar) && sar > 0 && Math.abs(sar - 1) > 1e-3) width = Math.round(width * sar);
  const rotation = Number(video.tags?.rotate ?? video.side_data_list?.find((side) => side.rotation !== undefined)?.rotation ?? 0);
  if (Math.abs(rotation) % 180 === 90) [width, height] = [height, width];

  const avgFps = rational(video.avg_frame_rate);
  const baseFps = rational(video.r_frame_rate);
  const frameRate = Number.isFinite(avgFps) && avgFps > 0 ? avgFps : Number.isFinite(baseFps) && baseFps > 0 ? baseFps : 25;

  const durationSec = Number(data.format?.duration ?? video.duration ?? NaN);
  if (!Number.isFinite(durationSec) || durationSec <= 0) {
    throw new LadderError('PROBE_FAILED', `${name} has no known duration.`);
  }

  const audio = streams.find((stream) => stream.codec_type === 'audio');
  const subtitleStream = streams.find((stream) => stream.codec_type === 'subtitle');
  let subtitle: ProbedSource['subtitle'] = null;
  if (subtitleStream?.index !== undefined) {
    const lang = captionLanguage(subtitleStream.tags?.language);
    subtitle = {
      streamIndex: subtitleStream.index,
      codec: subtitleStream.codec_name ?? 'unknown',
      textBased: TEXT_SUBTITLE_CODECS.has(subtitleStream.codec_name ?? ''),
      lang,
      label: subtitleStream.tags?.title ?? LANGUAGE_LABEL[lang] ?? lang,
    };
  }

  return {
    info: { width, height, durationSec, frameRate, hasAudio: audio !== undefined },
    videoStreamIndex: video.index,
    audioStreamIndex: audio?.index ?? null,
    videoDurationSec: streamDurationSec(video),
    audioDurationSec: streamDurationSec(audio),
    subtitle,
  };
}

/** Probes a source file with ffprobe. */
export async function probeSource(ffprobePath: string, input: string): Promise<ProbedSource> {
  return sourceFromProbe(await probeJson(ffprobePath, input), input);
}
