/**
 * In-process fidelity and CPU check of the shaper (not a test: it takes seconds and its numbers
 * depend on the machine). Many sessions, each pulling segments back to back on several concurrent
 * streams from in-memory sources through `Shaper.shape`, for a few seconds; then, per session and
 * second, delivered bytes against what the profile allows.
 *
 *   npx tsx bench/throttle-fidelity-check.ts [--sessions 50] [--streams 2] [--seconds 5]
 *     [--kbps 2000] [--tick 10] [--segment-kb 512] [--traces name,name,…]
 *
 * Half the sessions run a fixed rate of `streams × kbps`, the other half the given traces (from
 * ../shared/traces), round-robin. Delivered bytes are counted where a client would see them: at
 * the sink each shaped stream is piped to, per second of the session's link clock.
 */
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { expectedBytesPerSecond, perSecondErrors, summarizeErrors, type ErrorSummary } from '../origin/throttle/fidelity.js';
import type { LinkProfile } from '../origin/throttle/profile.js';
import { Shaper } from '../origin/throttle/shaper.js';
import { loadTrace } from '../origin/throttle/trace-file.js';

export interface FidelityOptions {
  sessions: number;
  streamsPerSession: number;
  seconds: number;
  /** Per stream, for the fixed-rate sessions. */
  kbpsPerStream: number;
  tickMs: number;
  segmentBytes: number;
  traces: readonly string[];
}

export const DEFAULT_FIDELITY_OPTIONS: FidelityOptions = {
  sessions: 50,
  streamsPerSession: 2,
  seconds: 5,
  kbpsPerStream: 2000,
  tickMs: 10,
  segmentBytes: 512 * 1024,
  traces: [
    'hsdpa_norway_bus.ljansbakken-oslo-report.2010-09-28_1407CEST',
    'hsdpa_norway_car.snaroya-smestad-report.2011-02-14_2124CET',
    'hsdpa_norway_tram.jernbanetorget-ljabru-report.2010-12-16_1100CET',
    'fcc_trace_663494_http---www.facebook.com',
    'fcc_trace_207336_http---www.amazon.com',
  ],
};

export interface FidelityReport {
  readonly options: FidelityOptions;
  /** Client-side (sink) per-second errors: all sessions, fixed-rate ones, trace ones. */
  readonly all: ErrorSummary;
  readonly fixed: ErrorSummary;
  readonly trace: ErrorSummary;
  /** Link-side (grant time, `Shaper.stats`) per-second errors, all sessions. */
  readonly granted: ErrorSummary;
  /** Median client-side error of second i across sessions (where a transient shows). */
  readonly medianErrorBySecond: readonly number[];
  readonly deliveredBytes: number;
  readonly expectedBytes: number;
  readonly outageLeakBytes: number;
  readonly wallSec: number;
  /** Process CPU (user + system) over the run, seconds, and as a share of one core. */
  readonly cpuSec: number;
  readonly cpuShareOfOneCore: number;
  readonly eventLoopDelayP99Ms: number;
}

const SOURCE_CHUNK_BYTES = 64 * 1024;
const BACKING = Buffer.alloc(SOURCE_CHUNK_BYTES, 0x5a);

/** A segment of `bytes` made of zero-copy views of one shared buffer, like a file stream's chunks. */
function segmentSource(bytes: number): Readable {
  let left = bytes;
  return new Readable({
    highWaterMark: SOURCE_CHUNK_BYTES,
    read() {
      if (left <= 0) {
        this.push(null);
        return;
      }
      const size = Math.min(SOURCE_CHUNK_BYTES, left);
      left -= size;
      this.push(BACKING.subarray(0, size));
    },
  });
}

export async function runFidelityCheck(options: FidelityOptions): Promise<FidelityReport> {
  const traces = await Promise.all(options.traces.map((name) => loadTrace(name, { tracesDir: resolve(import.meta.dirname, '../../shared/traces') })));
  const shaper = new Shaper({ tickMs: options.tickMs });
  const profiles: LinkProfile[] = [];
  for (let i = 0; i < options.sessions; i += 1) {
    const trace = traces[Math.floor(i / 2) % Math.max(1, traces.length)];
    const profile: LinkProfile =
      i % 2 === 1 && trace !== undefined
        ? { rate: { kind: 'trace', trace, mode: 'loop' }, rttMs: 0, jitterMs: 0 }
        : { rate: { kind: 'fixed', kbps: options.kbpsPerStream * options.streamsPerSession }, rttMs: 0, jitterMs: 0 };
    profiles.push(profile);
    shaper.setProfile(`s${i}`, profile);
  }

  const delivered: number[][] = profiles.map(() => []);
  let running = true;
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();

  const pull = (session: number): void => {
    if (!running) return;
    const id = `s${session}`;
    const shaped = shaper.shape(segmentSource(options.segmentBytes), id);
    const counts = delivered[session] as number[];
    const sink = new Writable({
      highWaterMark: SOURCE_CHUNK_BYTES,
      write(chunk: Buffer, _encoding, callback) {
        const startMs = shaper.stats(id)?.clockStartMs ?? wallStart;
        const second = Math.max(0, Math.ceil((performance.now() - startMs) / 1000) - 1);
        while (counts.length <= second) counts.push(0);
        counts[second] = (counts[second] ?? 0) + chunk.byteLength;
        callback();
      },
    });
    shaped.on('error', () => undefined);
    sink.on('finish', () => pull(session));
    shaped.pipe(sink);
  };
  for (let s = 0; s < options.sessions; s += 1) for (let k = 0; k < options.streamsPerSession; k += 1) pull(s);

  await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000 + 50));
  running = false;
  const grantedPerSession = profiles.map((_, s) => shaper.stats(`s${s}`)?.bytesPerSecond ?? []);
  const wallSec = (performance.now() - wallStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  loopDelay.disable();
  shaper.close();

  const all: number[] = [];
  const fixed: number[] = [];
  const trace: number[] = [];
  const granted: number[] = [];
  let deliveredBytes = 0;
  let expectedBytes = 0;
  let outageLeakBytes = 0;
  const bySecond: number[][] = Array.from({ length: options.seconds }, () => []);
  profiles.forEach((profile, s) => {
    const expected = expectedBytesPerSecond(profile.rate, options.seconds);
    const got = (delivered[s] ?? []).slice(0, options.seconds);
    const result = perSecondErrors(expected, got);
    all.push(...result.errors);
    (profile.rate.kind === 'trace' ? trace : fixed).push(...result.errors);
    granted.push(...perSecondErrors(expected, (grantedPerSession[s] ?? []).slice(0, options.seconds)).errors);
    outageLeakBytes += result.outageLeakBytes;
    expected.forEach((bytes, i) => {
      if (bytes > 0) bySecond[i]?.push(((got[i] ?? 0) - bytes) / bytes);
    });
    deliveredBytes += got.reduce((sum, bytes) => sum + bytes, 0);
    expectedBytes += expected.reduce((sum, bytes) => sum + bytes, 0);
  });

  const cpuSec = (cpu.user + cpu.system) / 1e6;
  return {
    options,
    all: summarizeErrors(all),
    fixed: summarizeErrors(fixed),
    trace: summarizeErrors(trace),
    granted: summarizeErrors(granted),
    medianErrorBySecond: bySecond.map((errors) => summarizeErrors(errors).medianError),
    deliveredBytes,
    expectedBytes,
    outageLeakBytes,
    wallSec,
    cpuSec,
    cpuShareOfOneCore: cpuSec / wallSec,
    eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  };
}

export function formatReport(report: FidelityReport): string {
  const { options: o } = report;
  const pct = (value: number): string => `${(value * 100).toFixed(2)}%`;
  const line = (label: string, s: ErrorSummary): string =>
    `  ${label.padEnd(20)} n=${String(s.count).padStart(4)}  median ${pct(s.medianError).padStart(7)}  ` +
    `|median| ${pct(s.medianAbsError).padStart(6)}  p95 |err| ${pct(s.p95AbsError).padStart(6)}  max |err| ${pct(s.maxAbsError).padStart(7)}`;
  return [
    `shaper fidelity: ${o.sessions} sessions × ${o.streamsPerSession} streams, ${o.seconds} s, tick ${o.tickMs} ms, ` +
      `fixed ${o.kbpsPerStream * o.streamsPerSession} kbps/session, ${o.traces.length} traces, segments ${Math.round(o.segmentBytes / 1024)} KiB`,
    'per-second error (delivered - expected) / expected, per session-second:',
    line('client side, all', report.all),
    line('client side, fixed', report.fixed),
    line('client side, traces', report.trace),
    line('link side, all', report.granted),
    `  median error by second: ${report.medianErrorBySecond.map(pct).join(', ')}`,
    `  total delivered ${(report.deliveredBytes / 1e6).toFixed(2)} MB of ${(report.expectedBytes / 1e6).toFixed(2)} MB expected ` +
      `(${pct(report.deliveredBytes / report.expectedBytes - 1)}); bytes in outage seconds: ${report.outageLeakBytes}`,
    `cpu: ${report.cpuSec.toFixed(2)} s over ${report.wallSec.toFixed(2)} s wall = ${pct(report.cpuShareOfOneCore)} of one core; ` +
      `event-loop delay p99 ${report.eventLoopDelayP99Ms.toFixed(1)} ms`,
  ].join('\n');
}

function parseCliOptions(argv: readonly string[]): FidelityOptions {
  const options: FidelityOptions = { ...DEFAULT_FIDELITY_OPTIONS };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1] ?? '';
    const number = Number(value);
    switch (flag) {
      case '--sessions':
        options.sessions = number;
        break;
      case '--streams':
        options.streamsPerSession = number;
        break;
      case '--seconds':
        options.seconds = number;
        break;
      case '--kbps':
        options.kbpsPerStream = number;
        break;
      case '--tick':
        options.tickMs = number;
        break;
      case '--segment-kb':
        options.segmentBytes = number * 1024;
        break;
      case '--traces':
        options.traces = value.split(',').filter((name) => name !== '');
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return options;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = await runFidelityCheck(parseCliOptions(process.argv.slice(2)));
  console.log(formatReport(report));
}
