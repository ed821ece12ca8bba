import { join } from 'node:path';
import { DEFAULT_ENCODER } from '../defaults.js';
import { TILES_DIR, thumbnailFilter, type ThumbnailLayout } from '../sidecars/thumbnails.js';
import type { PlannedRung } from '../types.js';
import type { ResolvedSyntheticOptions } from './synthetic.js';

/** Where the pictures and sound come from. */
export type EncodeSource =
  | { kind: 'file'; path: string; videoStreamIndex: number; audioStreamIndex: number | null }
  | { kind: 'synthetic'; options: ResolvedSyntheticOptions };

/** Everything one encode needs; the args builder turns it into an ffmpeg command line. */
export interface EncodePlan {
  source: EncodeSource;
  /** Ladder root; outputs go to `video/<id>/`, `audio/`, `thumbs/`. */
  outDir: string;
  segmentSec: number;
  frameRate: number;
  rungs: readonly PlannedRung[];
  audio: { bitrateBps: number; channels: number; sampleRateHz: number } | null;
  thumbnails: ThumbnailLayout | null;
  /** A TrueType font for burnt-in text (synthetic clock and rung labels), or null for none. */
  fontFile: string | null;
  encoder?: typeof DEFAULT_ENCODER;
}

/** One output of the encode: a rung id, `audio` or `thumbnails`. */
export type EncodeOutputId = string;
export const AUDIO_OUTPUT = 'audio';
export const THUMBNAILS_OUTPUT = 'thumbnails';

/** Name the HLS muxer's own playlist gets; it is deleted after the encode. */
export const MUXER_PLAYLIST = '.ffmpeg-playlist.m3u8';

/** Every output of a plan, video rungs first. Pure. */
export function encodeOutputs(plan: EncodePlan): EncodeOutputId[] {
  return [
    ...plan.rungs.map((rung) => rung.id),
    ...(plan.audio ? [AUDIO_OUTPUT] : []),
    ...(plan.thumbnails ? [THUMBNAILS_OUTPUT] : []),
  ];
}

/** Quotes a value (a font path without quotes or colons) for the filtergraph parser. */
function filterQuote(value: string): string {
  return `'${value}'`;
}

function drawText(fontFile: string, text: string, position: string, fontSizePx: number, color: string): string {
  return (
    `drawtext=fontfile=${filterQuote(fontFile)}:text=${text}:${position}:fontsize=${fontSizePx}` +
    `:fontcolor=${color}:box=1:boxcolor=black@0.6:boxborderw=8`
  );
}

function syntheticVideoGraph(options: ResolvedSyntheticOptions, fontFile: string | null): string {
  const { width, height, frameRate, durationSec } = options;
  const filters = [`testsrc2=size=${width}x${height}:rate=${frameRate}:duration=${durationSec}`, 'noise=alls=12:allf=t+u'];
  if (fontFile) {
    const sizePx = Math.max(12, Math.round(height / 18));
    filters.push(drawText(fontFile, "'%{pts\\:hms}  frame %{n}'", 'x=(w-tw)/2:y=h-th-2*lh', sizePx, 'white'));
  }
  return filters.join(',');
}

/** Samples of encoder delay the AAC encoder adds in front (one frame); the fMP4 keeps them. */
const AAC_PRIMING_SAMPLES = 1024;

/**
 * A 440 Hz tone with a beep every second. It is one AAC frame shorter than the video, so that
 * with the encoder's priming frame the audio track ends with the video instead of leaving a
 * 21 ms tail segment.
 */
function syntheticAudioGraph(options: ResolvedSyntheticOptions, sampleRateHz: number): string {
  const durationSec = Math.max(0.1, options.durationSec - AAC_PRIMING_SAMPLES / sampleRateHz);
  return `sine=frequency=440:beep_factor=4:sample_rate=${sampleRateHz}:duration=${durationSec.toFixed(6)}`;
}

function hlsMuxerArgs(segmentSec: number, folder: string): string[] {
  return [
    '-max_muxing_queue_size', '4096',
    '-f', 'hls',
    '-hls_segment_type', 'fmp4',
    '-hls_time', String(segmentSec),
    '-hls_playlist_type', 'vod',
    '-hls_list_size', '0',
    '-start_number', '1',
    '-hls_fmp4_init_filename', 'init.mp4',
    '-hls_segment_filename', join(folder, 'seg-%05d.m4s'),
    join(folder, MUXER_PLAYLIST),
  ];
}

const kbps = (bps: number) => `${Math.round(bps / 1000)}k`;

/**
 * The ffmpeg command line (without the binary) that encodes `only` (default: every output)
 * in one process: one decode, `split` into one scaled branch per rung (plus thumbnails), each
 * branch its own libx264 encoder and HLS-fMP4 muxer; audio encoded once. Pure.
 */
export function buildEncodeArgs(plan: EncodePlan, only: readonly EncodeOutputId[] = encodeOutputs(plan)): string[] {
  const encoder = plan.encoder ?? DEFAULT_ENCODER;
  const rungs = plan.rungs.filter((rung) => only.includes(rung.id));
  const withAudio = plan.audio !== null && only.includes(AUDIO_OUTPUT);
  const thumbnails = plan.thumbnails !== null && only.includes(THUMBNAILS_OUTPUT) ? plan.thumbnails : null;
  const videoBranches = rungs.length + (thumbnails ? 1 : 0);

  const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1'];

  // Inputs, and the labels the outputs read from.
  let videoIn: string | null = null;
  let audioIn: string | null = null;
  if (plan.source.kind === 'file') {
    args.push('-i', plan.source.path);
    if (videoBranches > 0) videoIn = `[0:${plan.source.videoStreamIndex}]`;
    if (withAudio && plan.source.audioStreamIndex !== null) audioIn = `0:${plan.source.audioStreamIndex}`;
  } else {
    let index = 0;
    if (videoBranches > 0) {
      args.push('-f', 'lavfi', '-i', syntheticVideoGraph(plan.source.options, plan.fontFile));
      videoIn = `[${index++}:v]`;
    }
    if (withAudio && plan.audio) {
      args.push('-f', 'lavfi', '-i', syntheticAudioGraph(plan.source.options, plan.audio.sampleRateHz));
      audioIn = `${index}:a`;
    }
  }

  if (videoIn !== null) {
    const branchLabels = Array.from({ length: videoBranches }, (_, i) => `[s${i}]`);
    const graph = [`${videoIn}split=${videoBranches}${branchLabels.join('')}`];
    rungs.forEach((rung, i) => {
      const chain = [`scale=${rung.width}:${rung.height}:flags=bicubic`, 'setsar=1', 'format=yuv420p'];
      if (plan.fontFile && plan.source.kind === 'synthetic') {
        const label = `'${rung.id} ${kbps(rung.videoBitrateBps)}bps'`;
        chain.push(drawText(plan.fontFile, label, 'x=w-tw-lh:y=lh', Math.max(10, Math.round(rung.height / 16)), 'yellow'));
      }
      graph.push(`[s${i}]${chain.join(',')}[v${i}]`);
    });
    if (thumbnails) graph.push(`[s${rungs.length}]${thumbnailFilter(thumbnails)}[th]`);
    args.push('-filter_complex', graph.join(';'));
  }

  const gopFrames = Math.max(1, Math.round(plan.segmentSec * plan.frameRate));
  rungs.forEach((rung, i) => {
    args.push(
      '-map', `[v${i}]`,
      '-c:v', 'libx264',
      '-profile:v', encoder.profile,
      '-preset', encoder.preset,
      '-bf', String(encoder.bFrames),
      '-b:v', kbps(rung.videoBitrateBps),
      '-maxrate', kbps(rung.videoBitrateBps * encoder.maxrateRatio),
      '-bufsize', kbps(rung.videoBitrateBps * encoder.bufsizeRatio),
      '-g', String(gopFrames),
      '-sc_threshold', '0',
      '-flags', '+cgop',
      '-force_key_frames', `expr:gte(t,n_forced*${plan.segmentSec})`,
      ...hlsMuxerArgs(plan.segmentSec, join(plan.outDir, 'video', rung.id)),
    );
  });

  if (withAudio && audioIn !== null && plan.audio) {
    args.push(
      '-map', audioIn,
      '-c:a', 'aac',
      '-profile:a', 'aac_low',
      '-b:a', kbps(plan.audio.bitrateBps),
      '-ac', String(plan.audio.channels),
      '-ar', String(plan.audio.sampleRateHz),
      ...hlsMuxerArgs(plan.segmentSec, join(plan.outDir, 'audio')),
    );
  }

  if (thumbnails) {
    const tiles = join(plan.outDir, 'thumbs', TILES_DIR, 'tile-%05d.jpg');
    args.push('-map', '[th]', '-c:v', 'mjpeg', '-q:v', '3', '-start_number', '1', '-f', 'image2', tiles);
  }
  return args;
}
