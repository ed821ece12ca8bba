import { describe, expect, it } from 'vitest';
import { DEFAULT_RESUME_CONFIG, resolveResumeConfig } from '../../../src/resume/config.js';
import { ResumeSession, type Playhead, type ResumeOffer } from '../../../src/resume/resume-session.js';
import type { ResumeReading, ResumeRecord, ResumeStore } from '../../../src/resume/types.js';
import { FakeScheduler, settle } from './fakes.js';

const NOW = 1_700_000_000_000;
const saved = (positionSec: number, updatedAt = NOW - 60_000): ResumeRecord => ({ positionSec, durationSec: 120, completed: false, updatedAt });

/** A store whose reads and writes the test controls. */
class ScriptedStore implements ResumeStore {
  readonly source = 'local' as const;
  writes: Array<{ mediaId: string; record: ResumeRecord }> = [];
  unloadWrites: ResumeRecord[] = [];
  failWrites: Error | null = null;
  #readings: Array<ResumeReading | Error> = [];
  #waiters: Array<() => void> = [];
  #closed = false;

  /** Makes the next reading available (or a read failure). */
  push(reading: ResumeReading | Error): void {
    this.#readings.push(reading);
    this.#waiters.splice(0).forEach((wake) => wake());
  }
  close(): void {
    this.#closed = true;
    this.#waiters.splice(0).forEach((wake) => wake());
  }
  async *read(): AsyncIterable<ResumeReading> {
    for (;;) {
      const next = this.#readings.shift();
      if (next instanceof Error) throw next;
      if (next) {
        yield next;
        continue;
      }
      if (this.#closed) return;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }
  async get(): Promise<ResumeRecord | null> {
    return null;
  }
  async set(mediaId: string, record: ResumeRecord): Promise<void> {
    if (this.failWrites) throw this.failWrites;
    this.writes.push({ mediaId, record });
  }
  async clear(): Promise<void> {}
  setBeforeUnload(_mediaId: string, record: ResumeRecord): void {
    this.unloadWrites.push(record);
  }
}

function setup(options: { restore?: boolean; decline?: boolean } = {}) {
  const scheduler = new FakeScheduler(NOW);
  const store = new ScriptedStore();
  const playhead: Playhead = { positionSec: 0, durationSec: 120, ended: false };
  const offers: ResumeOffer[] = [];
  const seeks: number[] = [];
  const errors: Array<{ error: unknown; operation: string }> = [];
  const session = new ResumeSession({
    mediaId: 'movie-1',
    store,
    config: resolveResumeConfig(),
    scheduler,
    restore: options.restore ?? true,
    playhead: () => ({ ...playhead }),
    offer: (offer) => {
      offers.push(offer);
      return !options.decline;
    },
    seek: (positionSec) => {
      seeks.push(positionSec);
      playhead.positionSec = positionSec;
    },
    onError: (error, operation) => errors.push({ error, operation }),
  });
  /** Plays `seconds` of media in 250 ms timeupdate ticks. */
  const play = (seconds: number): void => {
    for (let i = 0; i < seconds * 4; i += 1) {
      scheduler.advance(250);
      playhead.positionSec += 0.25;
      session.tick();
    }
  };
  return { scheduler, store, playhead, offers, seeks, errors, session, play };
}

describe('ResumeSession: where playback starts', () => {
  it('starts at the first saved position and reports it as an offer', async () => {
    const { store, session, offers } = setup();
    store.push({ record: saved(42), source: 'local' });
    await expect(session.start()).resolves.toBe(42);
    expect(offers).toEqual([{ mediaId: 'movie-1', positionSec: 42, durationSec: 120, source: 'local', updatedAt: NOW - 60_000, late: false }]);
  });

  it('starts from the beginning when the embedder cancels the offer', async () => {
    const { store, session } = setup({ decline: true });
    store.push({ record: saved(42), source: 'local' });
    await expect(session.start()).resolves.toBeNull();
  });

  it('starts from the beginning under the threshold and when the video was completed', async () => {
    const early = setup();
    early.store.push({ record: saved(5), source: 'local' });
    await expect(early.session.start()).resolves.toBeNull();
    const done = setup();
    done.store.push({ record: saved(118), source: 'local' });
    await expect(done.session.start()).resolves.toBeNull();
    expect([...early.offers, ...done.offers]).toEqual([]);
  });

  it('does not wait longer than startWaitMs for a store that never answers', async () => {
    const { scheduler, session } = setup();
    const start = session.start();
    scheduler.advance(DEFAULT_RESUME_CONFIG.startWaitMs - 1);
    let resolved = false;
    void start.then(() => (resolved = true));
    await settle();
    expect(resolved).toBe(false);
    scheduler.advance(1);
    await expect(start).resolves.toBeNull();
  });

  it('starts at once and reports the error when the store fails to read', async () => {
    const { store, session, errors } = setup();
    store.push(new Error('boom'));
    await expect(session.start()).resolves.toBeNull();
    expect(errors.map((e) => e.operation)).toEqual(['read']);
  });

  it('seeks to a better position that arrives after the start (the remote one)', async () => {
    const { store, session, offers, seeks, playhead } = setup();
    store.push({ record: saved(20), source: 'local' });
    await expect(session.start()).resolves.toBe(20);
    playhead.positionSec = 20; // the engine started there
    store.push({ record: saved(40, NOW - 1_000), source: 'remote' });
    await settle();
    expect(seeks).toEqual([40]);
    expect(offers.map((o) => [o.source, o.late])).toEqual([['local', false], ['remote', true]]);
  });

  it('leaves the viewer alone when the late position comes after they moved away or saved', async () => {
    const moved = setup();
    moved.store.push({ record: saved(20), source: 'local' });
    await moved.session.start();
    moved.playhead.positionSec = 70; // the viewer sought far away
    moved.store.push({ record: saved(40, NOW - 1_000), source: 'remote' });
    await settle();
    expect(moved.seeks).toEqual([]);

    const paused = setup();
    paused.store.push({ record: saved(20), source: 'local' });
    await paused.session.start();
    paused.session.playing();
    paused.playhead.positionSec = 21;
    paused.session.paused(); // this device saved: it is now the latest writer
    paused.store.push({ record: saved(40, NOW - 1_000), source: 'remote' });
    await settle();
    expect(paused.seeks).toEqual([]);
  });

  it('only saves with an explicit start time (restore: false)', async () => {
    const { store, session, offers } = setup({ restore: false });
    store.push({ record: saved(42), source: 'local' });
    await expect(session.start()).resolves.toBeNull();
    expect(offers).toEqual([]);
  });
});

describe('ResumeSession: when it saves', () => {
  it('saves nothing before playback starts', async () => {
    const { store, session } = setup();
    store.close();
    await session.start();
    session.seeked();
    session.paused();
    session.hidden();
    session.end();
    expect(store.writes).toEqual([]);
    expect(store.unloadWrites).toEqual([]);
  });

  it('saves every 4 s while playing, not on every timeupdate', async () => {
    const { store, session, play } = setup();
    store.close();
    await session.start();
    session.playing();
    play(13);
    expect(store.writes.map((w) => w.record.positionSec)).toEqual([4, 8, 12]);
    expect(store.writes.map((w) => w.record.updatedAt - NOW)).toEqual([4_000, 8_000, 12_000]);
  });

  it('saves at once on pause, seek end and ended, and restarts the interval', async () => {
    const { store, session, play, playhead } = setup();
    store.close();
    await session.start();
    session.playing();
    play(3);
    session.paused();
    expect(store.writes.map((w) => w.record.positionSec)).toEqual([3]);
    play(3.5); // 3.5 s after the pause save: not yet
    expect(store.writes).toHaveLength(1);
    playhead.positionSec = 80;
    session.seeked();
    playhead.positionSec = 120;
    playhead.ended = true;
    session.ended();
    expect(store.writes.map((w) => [w.record.positionSec, w.record.completed])).toEqual([[3, false], [80, false], [120, true]]);
  });

  it('writes through setBeforeUnload when the page is hidden, once if nothing changed', async () => {
    const { store, session, play } = setup();
    store.close();
    await session.start();
    session.playing();
    play(2);
    session.hidden(); // visibilitychange → hidden
    session.hidden(); // then pagehide
    expect(store.unloadWrites.map((r) => r.positionSec)).toEqual([2]);
    expect(store.writes).toEqual([]);
  });

  it('makes a last save when the load ends, then ignores the store', async () => {
    const { store, session, play, scheduler } = setup();
    const start = session.start();
    scheduler.advance(DEFAULT_RESUME_CONFIG.startWaitMs); // the store has not answered yet
    await start;
    session.playing();
    play(2);
    session.end();
    store.push({ record: saved(90, NOW), source: 'remote' });
    await settle();
    session.paused();
    expect(store.writes.map((w) => w.record.positionSec)).toEqual([2]);
  });

  it('reports a failed save and keeps saving: playback never waits on the store', async () => {
    const { store, session, play, errors } = setup();
    store.close();
    await session.start();
    session.playing();
    store.failWrites = new Error('quota');
    play(4);
    await settle();
    expect(errors.map((e) => e.operation)).toEqual(['write']);
    store.failWrites = null;
    play(4);
    expect(store.writes.map((w) => w.record.positionSec)).toEqual([8]);
  });

  it('reports a store whose set throws synchronously', async () => {
    const { store, session, play, errors } = setup();
    store.close();
    await session.start();
    session.playing();
    store.set = () => {
      throw new Error('sync throw');
    };
    expect(() => play(4)).not.toThrow();
    await settle();
    expect(errors).toHaveLength(1);
  });
});
