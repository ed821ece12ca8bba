import type { FaultsPlugin, SessionFaultsView } from '../faults/plugin.js';
import type { RequestLog, RequestLogFilter } from '../server/request-log.js';
import type { RequestLogEntry } from '../server/types.js';
import type { SessionProfileView, ThrottlePlugin } from '../throttle/plugin.js';
import type { PlayedOptions } from './played.js';
import { buildSessionReport, type SessionLogReport } from './report.js';

export interface SessionRegistryOptions {
  log: RequestLog;
  throttle: ThrottlePlugin;
  faults: FaultsPlugin;
  /** Segment duration and rung bitrates for the played view, e.g. `() => readPlayedOptions(dir)`. Defaults to none. */
  playedOptions?: () => PlayedOptions | Promise<PlayedOptions>;
}

/** Everything the origin knows about one session. */
export interface SessionReport extends SessionLogReport {
  readonly profile: SessionProfileView;
  readonly faults: SessionFaultsView;
}

/**
 * One place that knows every piece of per-session state (the throttle's link, the fault rules,
 * the request log), so a session can be listed, reported on and forgotten as a whole. The
 * control API and Node callers (`createOrigin(...).sessions`) use the same methods.
 */
export class SessionRegistry {
  readonly #log: RequestLog;
  readonly #throttle: ThrottlePlugin;
  readonly #faults: FaultsPlugin;
  readonly #playedOptions: () => PlayedOptions | Promise<PlayedOptions>;

  constructor(options: SessionRegistryOptions) {
    this.#log = options.log;
    this.#throttle = options.throttle;
    this.#faults = options.faults;
    this.#playedOptions = options.playedOptions ?? (() => ({}));
  }

  /** Session ids with a profile, fault rules, a link or log entries, sorted. */
  list(): string[] {
    const ids = new Set<string>([...this.#throttle.sessions(), ...this.#faults.sessions()]);
    for (const entry of this.#log.entries()) if (entry.session !== null) ids.add(entry.session);
    return [...ids].sort();
  }

  /** The session's log entries, oldest first (`null`: requests without a session). */
  entries(session: string | null, filter: Omit<RequestLogFilter, 'session'> = {}): RequestLogEntry[] {
    return this.#log.entries({ ...filter, session });
  }

  /** Profile, fault rules, request counts, applied faults and the played view of a session. */
  async report(session: string | null): Promise<SessionReport> {
    const options = await this.#playedOptions();
    return {
      ...buildSessionReport(session, this.entries(session), options),
      profile: this.#throttle.describe(session),
      faults: this.#faults.describe(session),
    };
  }

  /** Forgets the session's profile, clock, stats, fault rules and log entries; returns how many log entries went. */
  forget(session: string | null): { logEntries: number } {
    this.#throttle.forget(session);
    this.#faults.forget(session);
    return { logEntries: this.#log.clear(session) };
  }
}
