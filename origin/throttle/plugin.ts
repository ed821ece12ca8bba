import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { PassThrough, pipeline, Readable } from 'node:stream';
import { accessError } from '../http/access.js';
import { sendControlError, toControlError } from '../http/control-error.js';
import { delayFirstByte } from '../http/first-byte.js';
import { NO_SESSION_KEY, sessionKey } from '../server/session.js';
import type { OriginPlugin, RequestContext } from '../server/types.js';
import { systemClock, type LinkClock } from './clock.js';
import { linkControlError, ProfileError } from './errors.js';
import { expectedBytesPerSecond } from './fidelity.js';
import {
  describeProfile,
  parseProfileQuery,
  PROFILE_QUERY_KEYS,
  resolveProfile,
  UNLIMITED_PROFILE,
  type LinkProfile,
  type ProfileSpec,
} from './profile.js';
import { Shaper, type ShaperOptions } from './shaper.js';
import { cachedTraceLoader } from './trace-file.js';
import type { Trace } from './trace.js';

/**
 * Bytes a shaped response's source reads ahead of the link. A file stream buffers only 64 KiB, and
 * the link grants bytes once per tick (10 ms): without more read-ahead one response could not go
 * past 64 KiB per tick (about 50 Mbps), and LTE traces peak at 70 Mbps.
 */
export const DEFAULT_READ_AHEAD_BYTES = 256 * 1024;

/** Who set a session's profile: nobody (`default`), the control API, a URL query, or Node code. */
export type ProfileSource = 'default' | 'control' | 'query' | 'node';

export interface ThrottlePluginOptions extends ShaperOptions {
  /**
   * A folder of `<name>.json` trace files that the control API and URL queries may name, after the
   * network profiles (`slow-4g`, `commute`, …). None by default: only profile names (and inline
   * traces in the control API) work.
   */
  tracesDir?: string | undefined;
  /**
   * Loads the traces that the control API and URL queries name (names only, never paths).
   * Defaults to `cachedTraceLoader({ allowPaths: false, tracesDir })`: network profiles first, then
   * `tracesDir` if given. Replaces `tracesDir` when given.
   */
  loadTrace?: (name: string) => Trace | Promise<Trace>;
  /** Picks each request's jitter, [0, 1) like Math.random. Defaults to Math.random. */
  rng?: () => number;
  /**
   * Whether profile keys in the URL of a session's request (`/s/<id>/master.m3u8?kbps=800&rtt=40`,
   * `?trace=<name>`) set that session's profile. Defaults to true.
   */
  queryProfiles?: boolean;
  /** Read-ahead of each rate-limited response, bytes (0: none). Defaults to DEFAULT_READ_AHEAD_BYTES. */
  readAheadBytes?: number;
}

/** The session clock (trace t = 0), as the control API shows it. */
export interface SessionClockView {
  /** On the shaper's monotonic clock, ms. */
  readonly startMs: number;
  /** The same instant as epoch ms (`performance.timeOrigin` based, sub-ms), for aligning with client clocks. */
  readonly startEpochMs: number;
  readonly elapsedSec: number;
}

export interface SessionProfileView {
  /** The session id; null for requests without a session. */
  readonly session: string | null;
  readonly source: ProfileSource;
  /** `describeProfile` of the session's profile. */
  readonly profile: Record<string, unknown>;
  /** `describeProfile` of the default every session starts with. */
  readonly defaultProfile: Record<string, unknown>;
  /** Null until the session's first request (after its last profile change). */
  readonly clock: SessionClockView | null;
}

export interface SessionStatsView extends SessionProfileView {
  /** Bytes the shaper granted in each second of the session clock (see PerSecondBytes). */
  readonly bytesPerSecond: readonly number[];
  /** What the profile allows in each of those seconds; null when unlimited. */
  readonly expectedBytesPerSecond: readonly number[] | null;
  readonly totalBytes: number;
  readonly activeStreams: number;
}

/**
 * Throttling as an origin plugin: every session's responses share one token-bucket link (Shaper),
 * behind a first-byte latency (RTT ± jitter).
 *
 *  - `beforeResponse`: applies a profile from the URL query if there is one (a bad one is answered
 *    with 400, see below), then holds the request for the link's first-byte delay.
 *  - `wrapBody`: the file's bytes at the link's pace.
 *
 * Every session starts with `defaultProfile` (unlimited unless given). Requests without a session
 * share one link under NO_SESSION_KEY, and are not touched at all while that link is unlimited
 * with no latency (the default), so an unconfigured origin serves them at full speed.
 *
 * URL profiles: profile keys (`kbps`, `trace`, `traceMode`, `rtt`, `jitter`) in the query of a
 * ladder request set the profile of the request's session; in practice that is the manifest, since
 * the URLs a manifest lists resolve without its query (RFC 3986 §5.2.2). A query profile is applied
 * once per distinct query: requesting `master.m3u8?kbps=800` again does not restart the session's
 * clock, and a later control-API change is not undone by it. A GET is something any web page can
 * make (an `<img>`), so a URL profile
 *  - needs an explicit session (`/s/<id>/` prefix or `X-Vod-Session` header): without one it is
 *    answered 400 `INVALID_PROFILE` / `NEEDS_SESSION`, and the link shared by requests without a
 *    session (global state) never changes from a URL;
 *  - is refused like an API request when the sender is not allowed (`accessError`: a Host that is
 *    not this server, a page that is not an allowed origin, a cross-site request without Origin).
 * A profile inside the session prefix (`/s/<id>~kbps=800/`) is not supported: the prefix grammar
 * belongs to server/session.ts.
 */
export class ThrottlePlugin implements OriginPlugin {
  readonly name = 'throttle';
  readonly shaper: Shaper;
  readonly #defaultProfile: LinkProfile;
  readonly #clock: LinkClock;
  readonly #rng: () => number;
  readonly #loadTrace: (name: string) => Trace | Promise<Trace>;
  readonly #queryProfiles: boolean;
  readonly #readAheadBytes: number;
  /** Sessions whose profile was set, by source. */
  readonly #sources = new Map<string, Exclude<ProfileSource, 'default'>>();
  /** The last profile query applied per session (canonical form), so repeats are no-ops. */
  readonly #lastQuery = new Map<string, string>();

  constructor(options: ThrottlePluginOptions = {}) {
    this.shaper = new Shaper(options);
    this.#defaultProfile = options.defaultProfile ?? UNLIMITED_PROFILE;
    this.#clock = options.clock ?? systemClock;
    this.#rng = options.rng ?? Math.random;
    this.#loadTrace = options.loadTrace ?? cachedTraceLoader({ allowPaths: false, tracesDir: options.tracesDir });
    this.#queryProfiles = options.queryProfiles ?? true;
    this.#readAheadBytes = options.readAheadBytes ?? DEFAULT_READ_AHEAD_BYTES;
  }

  get defaultProfile(): LinkProfile {
    return this.#defaultProfile;
  }

  async beforeResponse(_req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<boolean> {
    const key = sessionKey(ctx.session);
    if (this.#queryProfiles) {
      try {
        await this.#applyQuery(ctx);
      } catch (error) {
        sendControlError(res, toControlError(error, linkControlError));
        return true;
      }
    }
    if (!this.#shapes(key)) return false;
    const delayMs = this.shaper.firstByteDelayMs(key, this.#rng);
    if (delayMs > 0) await delayFirstByte(res, delayMs);
    return res.destroyed;
  }

  wrapBody(body: NodeJS.ReadableStream, ctx: RequestContext): NodeJS.ReadableStream {
    const key = sessionKey(ctx.session);
    if (!this.#shapes(key)) return body;
    const limited = this.shaper.profileOf(key).rate.kind !== 'unlimited';
    return this.shaper.shape(limited && this.#readAheadBytes > 0 ? readAhead(body, this.#readAheadBytes) : body, key);
  }

  close(): void {
    this.shaper.close();
  }

  /** Sets a session's profile now; responses in flight switch at once. `session` null: requests without a session. */
  setProfile(session: string | null, profile: LinkProfile, source: Exclude<ProfileSource, 'default'> = 'node'): void {
    const key = sessionKey(session);
    this.shaper.setProfile(key, profile);
    this.#sources.set(key, source);
  }

  /** Resolves a parsed spec (loading its trace by name) and sets it. Throws TraceError. */
  async setProfileSpec(session: string | null, spec: ProfileSpec, source: Exclude<ProfileSource, 'default'> = 'node'): Promise<LinkProfile> {
    const profile = await resolveProfile(spec, this.#loadTrace);
    this.setProfile(session, profile, source);
    return profile;
  }

  /** Back to the default profile (responses in flight switch at once; the clock restarts). */
  resetProfile(session: string | null): void {
    const key = sessionKey(session);
    this.#lastQuery.delete(key);
    if (!this.#sources.delete(key)) return;
    this.shaper.setProfile(key, this.#defaultProfile);
  }

  /** Forgets the session's profile, clock and stats. */
  forget(session: string | null): void {
    const key = sessionKey(session);
    this.#sources.delete(key);
    this.#lastQuery.delete(key);
    this.shaper.clear(key);
  }

  profileOf(session: string | null): { profile: LinkProfile; source: ProfileSource } {
    const key = sessionKey(session);
    return { profile: this.shaper.profileOf(key), source: this.#sources.get(key) ?? 'default' };
  }

  /** Session ids the shaper has a link for (requests without a session are not listed). */
  sessions(): string[] {
    return this.shaper.sessions().filter((key) => key !== NO_SESSION_KEY);
  }

  describe(session: string | null): SessionProfileView {
    const { profile, source } = this.profileOf(session);
    const startMs = this.shaper.stats(sessionKey(session))?.clockStartMs ?? null;
    return {
      session,
      source,
      profile: describeProfile(profile),
      defaultProfile: describeProfile(this.#defaultProfile),
      clock: startMs === null ? null : this.#clockView(startMs),
    };
  }

  /** What the session's link delivered, second by second, next to what its profile allows. */
  stats(session: string | null): SessionStatsView {
    const view = this.describe(session);
    const stats = this.shaper.stats(sessionKey(session));
    const bytesPerSecond = stats?.bytesPerSecond ?? [];
    const rate = (stats?.profile ?? this.profileOf(session).profile).rate;
    return {
      ...view,
      bytesPerSecond,
      expectedBytesPerSecond: rate.kind === 'unlimited' ? null : expectedBytesPerSecond(rate, bytesPerSecond.length),
      totalBytes: stats?.totalBytes ?? 0,
      activeStreams: stats?.activeStreams ?? 0,
    };
  }

  /** Whether requests under `key` go through the shaper. */
  #shapes(key: string): boolean {
    if (key !== NO_SESSION_KEY) return true;
    const profile = this.shaper.profileOf(key);
    return profile.rate.kind !== 'unlimited' || profile.rttMs > 0 || profile.jitterMs > 0;
  }

  async #applyQuery(ctx: RequestContext): Promise<void> {
    const { query } = ctx;
    if (!PROFILE_QUERY_KEYS.some((name) => query.has(name))) return;
    if (ctx.session === null) {
      throw new ProfileError(
        'NEEDS_SESSION',
        'a profile in the URL needs a session: /s/<id>/master.m3u8?kbps=800 (or the X-Vod-Session header); requests without one share a link that only the CLI, Node or the control API set',
        { field: PROFILE_QUERY_KEYS.find((name) => query.has(name)) ?? 'kbps' },
      );
    }
    const refused = accessError(ctx.access);
    if (refused !== null) throw refused;
    const key = sessionKey(ctx.session);
    const spec = parseProfileQuery(query);
    if (spec === null) return;
    const canonical = PROFILE_QUERY_KEYS.map((name) => `${name}=${query.get(name) ?? ''}`).join('&');
    if (this.#lastQuery.get(key) === canonical) return;
    const profile = await resolveProfile(spec, this.#loadTrace);
    // Another request of the session may have applied the same query while the trace loaded.
    if (this.#lastQuery.get(key) === canonical) return;
    this.#lastQuery.set(key, canonical);
    this.shaper.setProfile(key, profile);
    this.#sources.set(key, 'query');
  }

  #clockView(startMs: number): SessionClockView {
    const nowMonotonicMs = this.#clock.monotonicMs();
    const nowEpochMs = performance.timeOrigin + performance.now();
    return {
      startMs,
      startEpochMs: nowEpochMs - (nowMonotonicMs - startMs),
      elapsedSec: Math.max(0, (nowMonotonicMs - startMs) / 1000),
    };
  }
}

/** `body` behind a buffer of `bytes`, so that much is ready whenever the link grants it. Destroying either end destroys both. */
function readAhead(body: NodeJS.ReadableStream, bytes: number): Readable {
  const source = body instanceof Readable ? body : new Readable({ read: () => undefined }).wrap(body);
  const buffer = new PassThrough({ highWaterMark: bytes });
  pipeline(source, buffer, () => undefined);
  return buffer;
}

/** The throttle plugin; see ThrottlePlugin. */
export function createThrottlePlugin(options: ThrottlePluginOptions = {}): ThrottlePlugin {
  return new ThrottlePlugin(options);
}
