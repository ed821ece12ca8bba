import { describe, expect, it } from 'vitest';
import { createLocalStore } from '../../../src/resume/local-store.js';
import { FakeStorage } from './fakes.js';

const record = { positionSec: 12, durationSec: 120, completed: false, updatedAt: 1 };

describe('createLocalStore', () => {
  it('writes, reads and clears one entry per video', async () => {
    const storage = new FakeStorage();
    const store = createLocalStore({ storage });
    await store.set('m', record);
    expect(storage.items.get('vod-resume:m')).toBe(JSON.stringify(record));
    await expect(store.get('m')).resolves.toEqual(record);
    await store.clear('m');
    await expect(store.get('m')).resolves.toBeNull();
  });

  it('reads a malformed entry as no saved position', async () => {
    const storage = new FakeStorage();
    storage.items.set('vod-resume:m', '{"positionSec":"soon"}');
    storage.items.set('vod-resume:n', 'not json');
    const store = createLocalStore({ storage });
    await expect(store.get('m')).resolves.toBeNull();
    await expect(store.get('n')).resolves.toBeNull();
  });

  it('rejects with a typed error when storage is blocked or full', async () => {
    const storage = new FakeStorage();
    const store = createLocalStore({ storage });
    storage.failWith = Object.assign(new Error('denied'), { name: 'SecurityError' });
    await expect(store.get('m')).rejects.toMatchObject({ name: 'ResumeStoreError', code: 'STORAGE_UNAVAILABLE', store: 'local' });
    storage.failWith = Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    await expect(store.set('m', record)).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect(() => store.setBeforeUnload('m', record)).not.toThrow();
  });

  it('rejects when there is no localStorage at all (Node, some webviews)', async () => {
    await expect(createLocalStore().get('m')).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
  });
});
