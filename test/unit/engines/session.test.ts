import { describe, expect, it } from 'vitest';
import { VodPlayerError } from '../../../src/errors.js';
import { buildQualities } from '../../../src/engines/quality.js';
import { AdapterSession } from '../../../src/engines/session.js';
import type { EngineSink, Quality } from '../../../src/engines/types.js';
import type { RenderedDecision } from '../../../src/vod-abr/abr-session.js';

/** A sink that records what reaches it. */
class RecordingSink implements EngineSink {
  readonly calls: Array<['qualities', readonly Quality[]] | ['rendered', Quality] | ['error', VodPlayerError]> = [];
  qualities(q: readonly Quality[]): void {
    this.calls.push(['qualities', q]);
  }
  qualityRendered(q: Quality): void {
    this.calls.push(['rendered', q]);
  }
  error(e: VodPlayerError): void {
    this.calls.push(['error', e]);
  }
}

const LADDER = buildQualities([
  { width: 640, height: 360, bitrateBps: 800_000, codecs: 'avc1.4d401e' },
  { width: 1280, height: 720, bitrateBps: 2_500_000, codecs: 'avc1.4d401f' },
]);
const fatal = (code: 'MANIFEST_LOAD_FAILED' | 'SEGMENT_LOAD_FAILED') => new VodPlayerError(code, code, { fatal: true, detail: { engine: 'hls.js' } });
const minor = () => new VodPlayerError('ENGINE_ERROR', 'stall', { fatal: false, detail: { engine: 'hls.js' } });

function started() {
  const sink = new RecordingSink();
  const session = new AdapterSession('hls.js', sink);
  const loaded = session.begin();
  return { sink, session, loaded };
}

describe('AdapterSession', () => {
  it('publishes the ladder once and resolves load() on ready()', async () => {
    const { sink, session, loaded } = started();
    session.ready(LADDER);
    session.ready(LADDER);
    await expect(loaded).resolves.toBeUndefined();
    expect(sink.calls).toEqual([['qualities', LADDER]]);
    expect(session.qualities).toBe(LADDER);
  });

  it('rejects load() with a fatal error raised while loading, without telling the sink', async () => {
    const { sink, session, loaded } = started();
    const error = fatal('MANIFEST_LOAD_FAILED');
    session.report(error);
    await expect(loaded).rejects.toBe(error);
    expect(sink.calls).toEqual([]);
  });

  it('sends non-fatal errors to the sink even while loading', () => {
    const { sink, session } = started();
    const error = minor();
    session.report(error);
    expect(sink.calls).toEqual([['error', error]]);
  });

  it('sends a fatal error after load to the sink, and nothing after the first fatal one', async () => {
    const { sink, session, loaded } = started();
    session.ready(LADDER);
    await loaded;
    const first = fatal('SEGMENT_LOAD_FAILED');
    session.report(first);
    session.report(fatal('SEGMENT_LOAD_FAILED'));
    session.report(minor());
    expect(sink.calls.filter(([kind]) => kind === 'error')).toEqual([['error', first]]);
  });

  it('does not report the same failure twice when an engine raises it as an event and as a rejection', async () => {
    const { sink, session, loaded } = started();
    session.report(fatal('MANIFEST_LOAD_FAILED'));
    session.report(fatal('MANIFEST_LOAD_FAILED'));
    await expect(loaded).rejects.toBeInstanceOf(VodPlayerError);
    expect(sink.calls).toEqual([]);
  });

  it('reports a rendered quality matched by height and bitrate, only when it changes', () => {
    const { sink, session } = started();
    session.ready(LADDER);
    session.rendered({ height: 720, bitrateBps: 2_500_000 });
    session.rendered({ height: 720, bitrateBps: 2_500_000 });
    session.rendered({ height: 360, bitrateBps: 700_000 });
    expect(sink.calls.filter(([kind]) => kind === 'rendered').map(([, q]) => (q as Quality).label)).toEqual(['720p', '360p']);
  });

  it('keeps a rendered quality confirmed before the ladder and reports it after ready()', () => {
    const { sink, session } = started();
    session.rendered({ height: 360, bitrateBps: 800_000 });
    expect(sink.calls).toEqual([]);
    session.ready(LADDER);
    expect(sink.calls.map(([kind]) => kind)).toEqual(['qualities', 'rendered']);
  });

  it('goes silent after end(), and rejects a pending load() as a non-fatal abort', async () => {
    const { sink, session, loaded } = started();
    session.end();
    session.ready(LADDER);
    session.rendered({ height: 720, bitrateBps: 2_500_000 });
    session.report(fatal('SEGMENT_LOAD_FAILED'));
    session.report(minor());
    const error = await loaded.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VodPlayerError);
    expect(error).toMatchObject({ code: 'ENGINE_ERROR', fatal: false, detail: { engine: 'hls.js', engineCode: 'aborted' } });
    expect(sink.calls).toEqual([]);
    expect(session.ended).toBe(true);
  });

  it('allows one load per adapter', async () => {
    const { session } = started();
    await expect(session.begin()).rejects.toMatchObject({ code: 'ENGINE_ERROR' });
    expect(session.loading).toBe(true);
  });

  it('refuses to load after end()', async () => {
    const session = new AdapterSession('shaka', new RecordingSink());
    session.end();
    await expect(session.begin()).rejects.toMatchObject({ code: 'ENGINE_ERROR', detail: { engine: 'shaka' } });
    expect(session.loading).toBe(false);
  });
});

describe('AdapterSession decisions', () => {
  it('passes the decision that chose the rendered segment with each report, held until ready() or not', async () => {
    const reported: Array<[number, RenderedDecision | undefined]> = [];
    const sink: EngineSink = { qualities: () => undefined, qualityRendered: (q, rendered) => void reported.push([q.index, rendered]), error: () => undefined };
    const rungs = [
      { width: 640, height: 360, bitrateBps: 800_000, codecs: 'avc1.64001f' },
      { width: 1280, height: 720, bitrateBps: 2_500_000, codecs: 'avc1.64001f' },
    ];
    const session = new AdapterSession('hls.js', sink);
    const loaded = session.begin();
    session.rendered({ height: 360, bitrateBps: 800_000 }, { decisionId: 7 }); // before the ladder: held until ready()
    session.ready(buildQualities(rungs));
    await loaded;
    session.rendered({ height: 720, bitrateBps: 2_500_000 }, { decisionId: null });
    session.rendered({ height: 720, bitrateBps: 2_500_000 }, { decisionId: 9 }); // the same rendition: not a switch
    expect(reported).toEqual([
      [0, { decisionId: 7 }],
      [1, { decisionId: null }],
    ]);
  });
});
