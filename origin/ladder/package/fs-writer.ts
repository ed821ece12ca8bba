import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Where the packager writes text files (playlists, manifests, ladder.json, VTTs). */
export interface LadderWriter {
  /** Writes `content` at `relPath` under the ladder root, replacing any file there. */
  writeFile(relPath: string, content: string): Promise<void>;
}

/**
 * A writer that never leaves a half-written file: it writes a temp file next to the target
 * and renames it into place (atomic on one file system).
 */
export function createAtomicWriter(rootDir: string): LadderWriter {
  return {
    async writeFile(relPath, content) {
      const target = join(rootDir, relPath);
      await mkdir(dirname(target), { recursive: true });
      const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
      try {
        await writeFile(temp, content, 'utf8');
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
  };
}

/** True when `path` is a regular file with at least one byte: how a written ladder's files are checked. */
export async function nonEmptyFile(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  return info !== null && info.isFile() && info.size > 0;
}
