import type { ResumeReading, ResumeStore } from './types.js';

/** A store's readings: its own `read`, or one reading from `get` with the store's `source` (default `remote`). */
export function readingsOf(store: ResumeStore, mediaId: string): AsyncIterable<ResumeReading> {
  if (store.read) return store.read(mediaId);
  return (async function* () {
    const record = await store.get(mediaId);
    if (record) yield { record, source: store.source ?? 'remote' };
  })();
}
