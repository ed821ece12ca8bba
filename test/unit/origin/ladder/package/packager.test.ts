import { describe, expect, it } from 'vitest';
import { LadderError } from '../../../../../origin/ladder/errors.js';
import type { LadderWriter } from '../../../../../origin/ladder/package/fs-writer.js';
import { packageLadder, type PackageInput } from '../../../../../origin/ladder/package/packager.js';
import { PLANNED, SOURCE, video360 } from '../fixtures/ladder.js';
import { audio6s, video720 } from '../fixtures/listings.js';

/** A writer that records every write, in order. */
function recordingWriter(): LadderWriter & { writes: Array<{ path: string; content: string }> } {
  const writes: Array<{ path: string; content: string }> = [];
  return {
    writes,
    async writeFile(path, content) {
      writes.push({ path, content });
    },
  };
}

function input(overrides: Partial<PackageInput> = {}): PackageInput {
  return {
    createdAt: '2025-01-01T00:00:00.000Z',
    source: SOURCE,
    segmentSec: 2,
    planned: PLANNED,
    videoListings: [video360(), video720()],
    audioListing: audio6s(),
    audioBitrateBps: 128_000,
    captions: [{ lang: 'en', label: 'English', path: 'text/en.vtt', playlist: 'text/en.m3u8' }],
    thumbnails: { path: 'thumbs/thumbs.vtt', intervalSec: 5, width: 160, height: 90 },
    assets: [
      { path: 'text/en.vtt', content: 'WEBVTT\n' },
      { path: 'thumbs/thumbs.vtt', content: 'WEBVTT\n' },
    ],
    ...overrides,
  };
}

describe('packageLadder', () => {
  it('writes assets, then media playlists, then the manifests, and ladder.json last', async () => {
    const writer = recordingWriter();
    await packageLadder(writer, input());
    expect(writer.writes.map((write) => write.path)).toEqual([
      'text/en.vtt',
      'thumbs/thumbs.vtt',
      'video/360p/playlist.m3u8',
      'video/720p/playlist.m3u8',
      'audio/playlist.m3u8',
      'text/en.m3u8',
      'master.m3u8',
      'manifest.mpd',
      'ladder.json',
    ]);
  });

  it('publishes the ladder without a rung whose segments are missing, and records why', async () => {
    const writer = recordingWriter();
    const broken = video720();
    broken.segments.pop();
    broken.segments.pop();
    const { ladder, warnings } = await packageLadder(writer, input({ videoListings: [video360(), broken] }));

    expect(ladder.rungs.map((rung) => rung.id)).toEqual(['360p']);
    expect(ladder.failedRungs).toEqual([{ id: '720p', reason: 'expected 3-4 segments for 6.000 s, found 1' }]);
    expect(warnings).toEqual(['Rung 720p was left out of the ladder: expected 3-4 segments for 6.000 s, found 1']);
    const paths = writer.writes.map((write) => write.path);
    expect(paths).not.toContain('video/720p/playlist.m3u8');
    const master = writer.writes.find((write) => write.path === 'master.m3u8')?.content ?? '';
    const mpd = writer.writes.find((write) => write.path === 'manifest.mpd')?.content ?? '';
    expect(master).not.toContain('720p');
    expect(mpd).not.toContain('720p');
    expect(JSON.parse(writer.writes.at(-1)?.content ?? '{}')).toMatchObject({ failedRungs: [{ id: '720p' }] });
  });

  it('drops a rung whose ffmpeg output failed even if files are there', async () => {
    const writer = recordingWriter();
    const { ladder } = await packageLadder(writer, input({ videoListings: [{ ...video360(), encodeError: 'Conversion failed' }, video720()] }));
    expect(ladder.rungs.map((rung) => [rung.id, rung.index])).toEqual([['720p', 0]]);
    expect(ladder.failedRungs).toEqual([{ id: '360p', reason: 'ffmpeg failed: Conversion failed' }]);
  });

  it('checks each track against its own duration when the source states one', async () => {
    const writer = recordingWriter();
    const longerFile = { ...SOURCE, durationSec: 8.5 };
    const { ladder } = await packageLadder(writer, input({ source: longerFile, videoDurationSec: 6, audioDurationSec: 6 }));
    expect(ladder.rungs).toHaveLength(2);
    await expect(packageLadder(recordingWriter(), input({ source: longerFile }))).rejects.toThrow(/audio track failed: expected 5 segments for 8.500 s, found 3/);
  });

  it('writes nothing when every rung failed', async () => {
    const writer = recordingWriter();
    const failed = [{ ...video360(), init: null }, { ...video720(), init: null }];
    await expect(packageLadder(writer, input({ videoListings: failed }))).rejects.toThrow(LadderError);
    expect(writer.writes).toEqual([]);
  });

  it('writes nothing when the audio failed', async () => {
    const writer = recordingWriter();
    await expect(packageLadder(writer, input({ audioListing: { ...audio6s(), segments: [] } }))).rejects.toThrow(/audio track failed: no media segments/);
    expect(writer.writes).toEqual([]);
  });

  it('records measured bitrates and segment sizes in ladder.json', async () => {
    const writer = recordingWriter();
    const { ladder } = await packageLadder(writer, input());
    expect(ladder.rungs[1]).toMatchObject({
      id: '720p',
      index: 1,
      codecs: 'avc1.64001f',
      videoPeakBitrateBps: 2_200_000,
      videoAverageBitrateBps: 2_000_000,
      segmentCount: 3,
      segments: [
        { bytes: 500_000, durationSec: 2 },
        { bytes: 550_000, durationSec: 2 },
        { bytes: 450_000, durationSec: 2 },
      ],
    });
    expect(ladder.audio).toMatchObject({ path: 'audio', codecs: 'mp4a.40.2', bitrateBps: 128_000, channels: 2, sampleRateHz: 48_000, segmentCount: 3 });
    expect(ladder.durationSec).toBe(6);
  });
});
