import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAtomicWriter } from '../../../../../origin/ladder/package/fs-writer.js';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('createAtomicWriter', () => {
  it('creates folders, replaces files and leaves no temp files behind', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ladder-writer-'));
    const writer = createAtomicWriter(dir);
    await writer.writeFile('video/720p/playlist.m3u8', 'one');
    await writer.writeFile('video/720p/playlist.m3u8', 'two');
    expect(await readFile(join(dir, 'video/720p/playlist.m3u8'), 'utf8')).toBe('two');
    expect(await readdir(join(dir, 'video/720p'))).toEqual(['playlist.m3u8']);
  });
});
