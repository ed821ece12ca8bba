import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readCompleteLadder, syntheticCacheKey } from '../../../../origin/ladder/cache.js';
import { sampleLadder } from './fixtures/ladder.js';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('syntheticCacheKey', () => {
  it('is stable for equal options, defaults included', () => {
    expect(syntheticCacheKey()).toBe(syntheticCacheKey({ synthetic: { durationSec: 120 }, segmentSec: 2, ladder: '240p,360p,480p,720p,1080p' }));
    expect(syntheticCacheKey()).toMatch(/^synthetic-[0-9a-f]{12}$/);
  });

  it('changes with anything that changes the files', () => {
    const base = syntheticCacheKey({ synthetic: { durationSec: 6 } });
    expect(syntheticCacheKey({ synthetic: { durationSec: 7 } })).not.toBe(base);
    expect(syntheticCacheKey({ synthetic: { durationSec: 6 }, ladder: '360p' })).not.toBe(base);
    expect(syntheticCacheKey({ synthetic: { durationSec: 6 }, thumbnails: false })).not.toBe(base);
    expect(syntheticCacheKey({ synthetic: { durationSec: 6 }, segmentSec: 4 })).not.toBe(base);
  });
});

describe('readCompleteLadder', () => {
  async function writeLadder(skip: string | null): Promise<void> {
    const { ladder } = sampleLadder();
    const files = ['master.m3u8', 'manifest.mpd', 'text/en.vtt', 'text/en.m3u8'];
    for (const track of [...ladder.rungs, ladder.audio]) {
      if (!track) continue;
      files.push(`${track.path}/init.mp4`, `${track.path}/playlist.m3u8`);
      for (let n = 1; n <= track.segmentCount; n++) files.push(`${track.path}/seg-0000${n}.m4s`);
    }
    for (const file of files) {
      if (file === skip) continue;
      await mkdir(join(dir, file, '..'), { recursive: true });
      await writeFile(join(dir, file), 'x');
    }
    await writeFile(join(dir, 'ladder.json'), JSON.stringify(ladder));
  }

  it('returns the ladder when every file it points to is there', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ladder-cache-'));
    await writeLadder(null);
    expect((await readCompleteLadder(dir))?.rungs.map((rung) => rung.id)).toEqual(['360p', '720p']);
  });

  it('returns null when a segment is missing', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ladder-cache-'));
    await writeLadder('video/720p/seg-00002.m4s');
    expect(await readCompleteLadder(dir)).toBeNull();
  });

  it('returns null without a ladder.json', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ladder-cache-'));
    expect(await readCompleteLadder(dir)).toBeNull();
  });
});
