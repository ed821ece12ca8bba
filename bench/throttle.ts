// npm run bench:throttle — HTTP fidelity of the origin's throttle under many concurrent sessions.
//
//   npx tsx bench/throttle.ts
//   BENCH_SESSIONS=50 BENCH_SECONDS=60 BENCH_STREAMS=1 BENCH_MIN_COVERAGE=0.95 BENCH_LADDER=files|synthetic
//
// The origin (createOrigin, in this process) serves a ladder on 127.0.0.1. A client process
// (this file again, forked) runs BENCH_SESSIONS sessions, each pulling video segments back to back
// over keep-alive HTTP (BENCH_STREAMS requests in flight per session) for BENCH_SECONDS. Sessions
// are assigned round-robin to four groups: FCC, HSDPA and LTE traces from ../shared/traces (each
// group cycling through its traces, loop mode) and fixed rates (800 / 3000 / 10000 kbps); every
// profile is set through the control API with no RTT, so only the rate is measured.
//
// Per session and per second of its link clock (which starts at its first request), the bytes the
// CLIENT received are compared with the trace's integral over that second (`bitsBetween`, via
// `expectedBytesPerSecond`). Only whole seconds in which the client had a request in flight for at
// least BENCH_MIN_COVERAGE of the time are counted (between two requests the link idles and only a
// 50 ms burst is kept, so a slow client would otherwise look like a slow link), and outage seconds
// (nothing allowed) are counted apart as leaked bytes.
//
// Ladder: by default a temporary folder of files with the synthetic ladder's layout and sizes (2 s
// segments at each default rung's target bitrate): the shaper does not look at content, so this is
// as honest as real video and needs no ffmpeg. BENCH_LADDER=synthetic serves the cached synthetic
// ladder from `.cache/ladders` instead (`ensureSyntheticLadder`, which encodes it first if absent:
// about 2 minutes).
//
// Then the unthrottled origin: 8 concurrent clients pull a 32 MB file for 5 s, once without a
// session (no shaping) and once in unlimited sessions (through the shaper's pass-through).
//
// Prints tables and writes bench/results/throttle.json. Traffic goes to 127.0.0.1 only, and every
// phase is bounded in time.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createOrigin } from '../origin/control/create-origin.js';
import { DEFAULT_LADDER } from '../origin/ladder/defaults.js';
import { ensureSyntheticLadder } from '../origin/ladder/generate.js';
import { expectedBytesPerSecond, perSecondErrors, summarizeErrors, type ErrorSummary } from '../origin/throttle/fidelity.js';
import type { LinkRate } from '../origin/throttle/profile.js';
import { listTraceNames, loadTrace } from '../origin/throttle/trace-file.js';
import { meanKbps } from '../origin/throttle/trace.js';

const SESSIONS = Math.max(1, Number(process.env.BENCH_SESSIONS ?? 50));
const SECONDS = Math.max(3, Number(process.env.BENCH_SECONDS ?? 60));
const STREAMS = Math.max(1, Number(process.env.BENCH_STREAMS ?? 1));
const MIN_COVERAGE = Number(process.env.BENCH_MIN_COVERAGE ?? 0.95);
const LADDER_MODE = process.env.BENCH_LADDER === 'synthetic' ? 'synthetic' : 'files';
const FIXED_KBPS = [800, 3000, 10_000];
const GROUPS = ['fcc', 'hsdpa', 'lte', 'fixed'] as const;
const SEGMENTS_PER_RUNG = 10;
const SEGMENT_SEC = 2;
const BIG_FILE = '/big.bin';
const BIG_FILE_BYTES = 32 * 1024 * 1024;
const UNTHROTTLED_CLIENTS = 8;
const UNTHROTTLED_SECONDS = 5;

type Group = (typeof GROUPS)[number];

/** What the client process is asked to do, and what it answers. */
type ToClient =
  | { type: 'pull'; url: string; sessions: Array<{ id: string; paths: string[] }>; durationMs: number; streams: number }
  | { type: 'bin'; clockStartEpochMs: Record<string, number>; seconds: number }
  | { type: 'blast'; url: string; path: string; sessions: Array<string | null>; durationMs: number };
type FromClient =
  | { type: 'pulled'; stopEpochMs: number; requests: number; errors: number }
  | { type: 'bins'; perSession: Record<string, { bytes: number[]; coverage: number[] }> }
  | { type: 'blasted'; bytes: number; elapsedMs: number; errors: number };

const nowEpochMs = (): number => performance.timeOrigin + performance.now();

/** The dev traces next to the repository (never copied into it), named explicitly: the origin has no default folder. */
const TRACES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/traces');

if (process.argv[2] === '--client') runClient();
else await runMain();

// ---------------------------------------------------------------------------------------------
// Main process: the origin, the plan, the analysis.

interface SessionPlan {
  id: string;
  group: Group;
  label: string;
  rate: LinkRate;
  rung: string;
}

async function runMain(): Promise<void> {
  const traceNames = await listTraceNames(TRACES_DIR);
  const byGroup = new Map<Group, string[]>(GROUPS.map((group) => [group, traceNames.filter((name) => name.startsWith(`${group}_`))]));
  const { dir, cleanup, rungs } = await prepareLadder();
  console.log(`ladder: ${LADDER_MODE === 'files' ? 'synthetic-size files in a temp folder' : dir} (rungs ${rungs.map((r) => r.id).join(', ')})`);

  const origin = await createOrigin({ dir, port: 0, host: '127.0.0.1', tracesDir: TRACES_DIR, logLimit: 1_000_000, onError: () => undefined });
  const client = forkClient();
  try {
    const plans = await planSessions(byGroup, rungs);
    for (const plan of plans) {
      const body = plan.rate.kind === 'fixed' ? { kbps: plan.rate.kbps } : { trace: plan.label, traceMode: 'loop' };
      const response = await fetch(`${origin.url}/_origin/sessions/${plan.id}/profile`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`cannot set the profile of ${plan.id}: ${await response.text()}`);
    }
    console.log(`${plans.length} sessions × ${STREAMS} stream(s) for ${SECONDS} s: ${GROUPS.map((g) => `${plans.filter((p) => p.group === g).length} ${g}`).join(', ')}`);

    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const cpuStart = process.cpuUsage();
    const wallStart = performance.now();
    const pulled = await ask<Extract<FromClient, { type: 'pulled' }>>(client, {
      type: 'pull',
      url: origin.url,
      sessions: plans.map((plan) => ({ id: plan.id, paths: segmentPaths(plan.rung) })),
      durationMs: SECONDS * 1000,
      streams: STREAMS,
    }, SECONDS * 1000 + 30_000);
    const wallSec = (performance.now() - wallStart) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    loopDelay.disable();

    const clockStartEpochMs: Record<string, number> = {};
    for (const plan of plans) {
      const clock = origin.throttle.describe(plan.id).clock;
      if (clock !== null) clockStartEpochMs[plan.id] = clock.startEpochMs;
    }
    const bins = await ask<Extract<FromClient, { type: 'bins' }>>(client, { type: 'bin', clockStartEpochMs, seconds: SECONDS + 2 }, 30_000);
    const fidelity = analyse(plans, clockStartEpochMs, pulled.stopEpochMs, bins.perSession, origin.throttle.stats.bind(origin.throttle));

    // Unthrottled: no session (the shaper is not involved), then unlimited sessions (its pass-through).
    await writeFile(join(dir, BIG_FILE.slice(1)), Buffer.alloc(BIG_FILE_BYTES, 0x5a)).catch(() => undefined);
    const unthrottled = await blast(client, origin.url, Array.from({ length: UNTHROTTLED_CLIENTS }, () => null));
    const unlimitedSessions = Array.from({ length: UNTHROTTLED_CLIENTS }, (_, i) => `unlimited-${i}`);
    const unlimited = await blast(client, origin.url, unlimitedSessions);

    const result = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
      config: { sessions: plans.length, seconds: SECONDS, streamsPerSession: STREAMS, minCoverage: MIN_COVERAGE, ladder: LADDER_MODE, fixedKbps: FIXED_KBPS },
      sessions: plans.map((plan) => ({ id: plan.id, group: plan.group, profile: plan.label, rung: plan.rung })),
      fidelity,
      client: { requests: pulled.requests, errors: pulled.errors },
      server: {
        cpuSec: (cpu.user + cpu.system) / 1e6,
        cpuShareOfOneCore: (cpu.user + cpu.system) / 1e6 / wallSec,
        eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      },
      unthrottled: {
        clients: UNTHROTTLED_CLIENTS,
        seconds: UNTHROTTLED_SECONDS,
        fileBytes: BIG_FILE_BYTES,
        noSessionMBps: unthrottled.mbps,
        unlimitedSessionMBps: unlimited.mbps,
        errors: unthrottled.errors + unlimited.errors,
      },
    };
    printResult(result);
    const out = resolve(dirname(fileURLToPath(import.meta.url)), 'results/throttle.json');
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nwrote ${out}`);
  } finally {
    client.kill();
    await origin.close();
    await cleanup();
  }
}

async function prepareLadder(): Promise<{ dir: string; rungs: Array<{ id: string; bitrateBps: number }>; cleanup: () => Promise<void> }> {
  if (LADDER_MODE === 'synthetic') {
    const cacheRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../.cache/ladders');
    const { dir, ladder } = await ensureSyntheticLadder(cacheRoot);
    // The unthrottled phase adds its 32 MB file to the served folder; it is removed again at the end.
    return {
      dir,
      rungs: ladder.rungs.map((rung) => ({ id: rung.id, bitrateBps: rung.videoAverageBitrateBps })),
      cleanup: () => rm(join(dir, BIG_FILE.slice(1)), { force: true }),
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'vod-bench-throttle-'));
  for (const rung of DEFAULT_LADDER) {
    await mkdir(join(dir, 'video', rung.id), { recursive: true });
    for (let n = 1; n <= SEGMENTS_PER_RUNG; n += 1) {
      // ±10% around the target, like real segments.
      const bytes = Math.round(((rung.videoBitrateBps * SEGMENT_SEC) / 8) * (0.9 + 0.2 * ((n * 7) % 10) / 9));
      await writeFile(join(dir, 'video', rung.id, `seg-${String(n).padStart(5, '0')}.m4s`), Buffer.alloc(bytes, n));
    }
  }
  await writeFile(join(dir, 'master.m3u8'), '#EXTM3U\n');
  return {
    dir,
    rungs: DEFAULT_LADDER.map((rung) => ({ id: rung.id, bitrateBps: rung.videoBitrateBps })),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

async function planSessions(byGroup: Map<Group, string[]>, rungs: Array<{ id: string; bitrateBps: number }>): Promise<SessionPlan[]> {
  const plans: SessionPlan[] = [];
  const used = new Map<Group, number>();
  for (let i = 0; i < SESSIONS; i += 1) {
    let group = GROUPS[i % GROUPS.length] as Group;
    if (group !== 'fixed' && (byGroup.get(group) ?? []).length === 0) group = 'fixed';
    const k = used.get(group) ?? 0;
    used.set(group, k + 1);
    let rate: LinkRate;
    let label: string;
    if (group === 'fixed') {
      const kbps = FIXED_KBPS[k % FIXED_KBPS.length] as number;
      rate = { kind: 'fixed', kbps };
      label = `${kbps} kbps`;
    } else {
      const names = byGroup.get(group) as string[];
      label = names[k % names.length] as string;
      rate = { kind: 'trace', trace: await loadTrace(label, { tracesDir: TRACES_DIR }), mode: 'loop' };
    }
    const meanBps = rate.kind === 'fixed' ? rate.kbps * 1000 : rate.kind === 'trace' ? meanKbps(rate.trace) * 1000 : Infinity;
    // The rung a sensible player would settle on: the highest at or below 80% of the mean rate.
    const fitting = rungs.filter((rung) => rung.bitrateBps <= 0.8 * meanBps);
    const rung = (fitting.at(-1) ?? rungs[0])?.id ?? '240p';
    plans.push({ id: `bench-${String(i).padStart(3, '0')}`, group, label, rate, rung });
  }
  return plans;
}

function segmentPaths(rung: string): string[] {
  return Array.from({ length: SEGMENTS_PER_RUNG }, (_, i) => `/video/${rung}/seg-${String(i + 1).padStart(5, '0')}.m4s`);
}

interface GroupFidelity extends ErrorSummary {
  sessions: number;
  /** Session-seconds skipped because the client was not pulling for MIN_COVERAGE of them. */
  excludedSeconds: number;
  /** Bytes received in seconds where the profile allowed none (outages). */
  outageLeakBytes: number;
  /** Received / allowed over the counted seconds. */
  deliveredRatio: number;
}

function analyse(
  plans: readonly SessionPlan[],
  clockStartEpochMs: Record<string, number>,
  stopEpochMs: number,
  perSession: Record<string, { bytes: number[]; coverage: number[] }>,
  serverStats: (id: string) => { bytesPerSecond: readonly number[] },
): {
  overall: GroupFidelity;
  byGroup: Record<string, GroupFidelity>;
  byTrace: Record<string, GroupFidelity>;
  linkSide: ErrorSummary;
  /** Second i of the session clocks, across sessions: median error and p95 |error| (a machine-wide stall shows as one bad second). */
  bySecond: Array<{ second: number; medianError: number; p95AbsError: number }>;
} {
  const buckets = new Map<string, { sessions: Set<string>; errors: number[]; excluded: number; leak: number; delivered: number; expected: number }>();
  const add = (key: string, id: string, errors: number[], excluded: number, leak: number, delivered: number, expected: number): void => {
    const bucket = buckets.get(key) ?? { sessions: new Set(), errors: [], excluded: 0, leak: 0, delivered: 0, expected: 0 };
    bucket.sessions.add(id);
    bucket.errors.push(...errors);
    bucket.excluded += excluded;
    bucket.leak += leak;
    bucket.delivered += delivered;
    bucket.expected += expected;
    buckets.set(key, bucket);
  };
  const linkSide: number[] = [];
  const bySecond: number[][] = [];
  for (const plan of plans) {
    const start = clockStartEpochMs[plan.id];
    const measured = perSession[plan.id];
    if (start === undefined || measured === undefined) continue;
    const wholeSeconds = Math.max(0, Math.floor((stopEpochMs - start) / 1000));
    const expected = expectedBytesPerSecond(plan.rate, wholeSeconds);
    const keptExpected: number[] = [];
    const keptDelivered: number[] = [];
    const keptGranted: number[] = [];
    const granted = serverStats(plan.id).bytesPerSecond;
    let excluded = 0;
    for (let i = 0; i < wholeSeconds; i += 1) {
      if ((measured.coverage[i] ?? 0) < MIN_COVERAGE) {
        excluded += 1;
        continue;
      }
      keptExpected.push(expected[i] ?? 0);
      keptDelivered.push(measured.bytes[i] ?? 0);
      keptGranted.push(granted[i] ?? 0);
      const allowed = expected[i] ?? 0;
      if (allowed > 0) (bySecond[i] ??= []).push(((measured.bytes[i] ?? 0) - allowed) / allowed);
    }
    const { errors, outageLeakBytes } = perSecondErrors(keptExpected, keptDelivered);
    linkSide.push(...perSecondErrors(keptExpected, keptGranted).errors);
    const delivered = keptDelivered.reduce((sum, bytes, i) => sum + ((keptExpected[i] ?? 0) > 0 ? bytes : 0), 0);
    const allowed = keptExpected.reduce((sum, bytes) => sum + bytes, 0);
    for (const key of ['all', `group:${plan.group}`, `trace:${plan.label}`]) add(key, plan.id, errors, excluded, outageLeakBytes, delivered, allowed);
  }
  const toFidelity = (key: string): GroupFidelity => {
    const bucket = buckets.get(key) ?? { sessions: new Set(), errors: [], excluded: 0, leak: 0, delivered: 0, expected: 0 };
    return {
      sessions: bucket.sessions.size,
      ...summarizeErrors(bucket.errors),
      excludedSeconds: bucket.excluded,
      outageLeakBytes: bucket.leak,
      deliveredRatio: bucket.expected > 0 ? bucket.delivered / bucket.expected : 0,
    };
  };
  const byGroup: Record<string, GroupFidelity> = {};
  for (const group of GROUPS) if (buckets.has(`group:${group}`)) byGroup[group] = toFidelity(`group:${group}`);
  const byTrace: Record<string, GroupFidelity> = {};
  for (const key of [...buckets.keys()].filter((k) => k.startsWith('trace:')).sort()) byTrace[key.slice(6)] = toFidelity(key);
  return {
    overall: toFidelity('all'),
    byGroup,
    byTrace,
    linkSide: summarizeErrors(linkSide),
    bySecond: bySecond.map((errors, second) => {
      const summary = summarizeErrors(errors ?? []);
      return { second, medianError: summary.medianError, p95AbsError: summary.p95AbsError };
    }),
  };
}

async function blast(client: ChildProcess, url: string, sessions: Array<string | null>): Promise<{ mbps: number; errors: number }> {
  const answer = await ask<Extract<FromClient, { type: 'blasted' }>>(
    client,
    { type: 'blast', url, path: BIG_FILE, sessions, durationMs: UNTHROTTLED_SECONDS * 1000 },
    UNTHROTTLED_SECONDS * 1000 + 30_000,
  );
  return { mbps: answer.bytes / 1e6 / (answer.elapsedMs / 1000), errors: answer.errors };
}

function printResult(result: {
  fidelity: ReturnType<typeof analyse>;
  server: { cpuShareOfOneCore: number; eventLoopDelayP99Ms: number };
  client: { requests: number; errors: number };
  unthrottled: { noSessionMBps: number; unlimitedSessionMBps: number; clients: number; seconds: number };
}): void {
  const pct = (value: number): string => `${(value * 100).toFixed(2)}%`;
  const header = `${'group'.padEnd(62)} ${'sess'.padStart(4)} ${'n'.padStart(5)} ${'median'.padStart(8)} ${'|median|'.padStart(8)} ${'p95|err|'.padStart(8)} ${'max|err|'.padStart(9)} ${'recv/allowed'.padStart(12)} ${'skipped'.padStart(7)}`;
  const row = (label: string, f: GroupFidelity): string =>
    `${label.slice(0, 62).padEnd(62)} ${String(f.sessions).padStart(4)} ${String(f.count).padStart(5)} ${pct(f.medianError).padStart(8)} ${pct(f.medianAbsError).padStart(8)} ` +
    `${pct(f.p95AbsError).padStart(8)} ${pct(f.maxAbsError).padStart(9)} ${pct(f.deliveredRatio).padStart(12)} ${String(f.excludedSeconds).padStart(7)}`;
  const { fidelity } = result;
  console.log('\nper-second error, client-side bytes vs the trace integral, (received - allowed) / allowed:');
  console.log(header);
  console.log(row('all', fidelity.overall));
  for (const [group, f] of Object.entries(fidelity.byGroup)) console.log(row(group, f));
  console.log('\nby profile:');
  console.log(header);
  for (const [trace, f] of Object.entries(fidelity.byTrace)) console.log(row(trace, f));
  const link = fidelity.linkSide;
  console.log(
    `\nlink side (bytes the shaper granted, same seconds): median ${pct(link.medianError)}, |median| ${pct(link.medianAbsError)}, p95 |err| ${pct(link.p95AbsError)}`,
  );
  const worst = [...fidelity.bySecond].sort((a, b) => b.p95AbsError - a.p95AbsError).slice(0, 5);
  console.log(`worst seconds (p95 |err| across sessions): ${worst.map((s) => `t=${s.second}s ${pct(s.p95AbsError)}`).join(', ')}`);
  console.log(
    `outage seconds: ${fidelity.overall.outageLeakBytes} bytes leaked; client: ${result.client.requests} requests, ${result.client.errors} errors; ` +
      `server CPU ${pct(result.server.cpuShareOfOneCore)} of one core, event-loop delay p99 ${result.server.eventLoopDelayP99Ms.toFixed(1)} ms`,
  );
  console.log(
    `\nunthrottled origin on loopback, ${result.unthrottled.clients} concurrent clients, ${result.unthrottled.seconds} s: ` +
      `${result.unthrottled.noSessionMBps.toFixed(1)} MB/s without a session, ${result.unthrottled.unlimitedSessionMBps.toFixed(1)} MB/s in unlimited sessions`,
  );
}

function forkClient(): ChildProcess {
  const child = fork(fileURLToPath(import.meta.url), ['--client'], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.on('error', (error) => console.error('client process failed:', error));
  return child;
}

function ask<T extends FromClient>(child: ChildProcess, message: ToClient, timeoutMs: number): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`the client did not answer ${message.type} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (answer: FromClient): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      resolvePromise(answer as T);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

// ---------------------------------------------------------------------------------------------
// Client process: real HTTP, keep-alive, bodies consumed; arrival times in epoch ms.

interface SessionRecord {
  /** Epoch ms and bytes of each body chunk received. */
  arrivals: number[];
  /** [start, end] epoch ms of each request, flattened. */
  inFlight: number[];
}

function runClient(): void {
  const records = new Map<string, SessionRecord>();
  process.on('message', (message: ToClient) => {
    void (async () => {
      if (message.type === 'pull') process.send?.(await pull(message, records));
      else if (message.type === 'bin') process.send?.(binAll(message, records));
      else process.send?.(await blastClient(message));
    })();
  });
  process.on('disconnect', () => process.exit(0));
}

async function pull(message: Extract<ToClient, { type: 'pull' }>, records: Map<string, SessionRecord>): Promise<FromClient> {
  const { hostname, port } = new URL(message.url);
  const deadline = nowEpochMs() + message.durationMs;
  let requests = 0;
  let errors = 0;
  const agents: Agent[] = [];
  const streams: Array<Promise<void>> = [];
  for (const session of message.sessions) {
    const record: SessionRecord = { arrivals: [], inFlight: [] };
    records.set(session.id, record);
    const agent = new Agent({ keepAlive: true, maxSockets: message.streams });
    agents.push(agent);
    for (let s = 0; s < message.streams; s += 1) {
      streams.push(
        (async () => {
          let n = s;
          while (nowEpochMs() < deadline) {
            const path = `/s/${session.id}${session.paths[n % session.paths.length]}`;
            n += message.streams;
            requests += 1;
            const ok = await getOnce({ hostname, port: Number(port), path, agent }, record, deadline);
            if (!ok) errors += 1;
          }
        })(),
      );
    }
  }
  await Promise.all(streams);
  for (const agent of agents) agent.destroy();
  return { type: 'pulled', stopEpochMs: deadline, requests, errors };
}

/** One GET whose body is consumed, recording arrivals; aborted at the deadline. Resolves false on an error. */
function getOnce(options: { hostname: string; port: number; path: string; agent: Agent }, record: SessionRecord, deadline: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const startMs = nowEpochMs();
    let settled = false;
    const finish = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      record.inFlight.push(startMs, nowEpochMs());
      resolvePromise(ok);
    };
    const req = httpRequest({ ...options, method: 'GET' }, (res) => {
      res.on('data', (chunk: Buffer) => {
        record.arrivals.push(nowEpochMs(), chunk.byteLength);
      });
      res.on('end', () => finish(res.statusCode === 200));
      res.on('error', () => finish(false));
      res.on('close', () => finish(res.complete && res.statusCode === 200));
    });
    req.on('error', () => finish(false));
    const timer = setTimeout(() => {
      req.destroy();
      finish(true);
    }, Math.max(0, deadline - startMs));
    req.end();
  });
}

function binAll(message: Extract<ToClient, { type: 'bin' }>, records: Map<string, SessionRecord>): FromClient {
  const perSession: Record<string, { bytes: number[]; coverage: number[] }> = {};
  for (const [id, record] of records) {
    const start = message.clockStartEpochMs[id];
    if (start === undefined) continue;
    const bytes = new Array<number>(message.seconds).fill(0);
    for (let i = 0; i < record.arrivals.length; i += 2) {
      const second = Math.floor(((record.arrivals[i] as number) - start) / 1000);
      if (second >= 0 && second < message.seconds) bytes[second] = (bytes[second] ?? 0) + (record.arrivals[i + 1] as number);
    }
    perSession[id] = { bytes, coverage: coverage(record.inFlight, start, message.seconds) };
  }
  return { type: 'bins', perSession };
}

/** Share of each second [start + i s, start + (i + 1) s) covered by the union of the intervals. */
function coverage(flat: readonly number[], start: number, seconds: number): number[] {
  const intervals: Array<[number, number]> = [];
  for (let i = 0; i < flat.length; i += 2) intervals.push([flat[i] as number, flat[i + 1] as number]);
  intervals.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [from, to] of intervals) {
    const last = merged.at(-1);
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  const out = new Array<number>(seconds).fill(0);
  for (const [from, to] of merged) {
    for (let second = Math.max(0, Math.floor((from - start) / 1000)); second < seconds; second += 1) {
      const lo = start + second * 1000;
      const hi = lo + 1000;
      if (lo >= to) break;
      out[second] = (out[second] ?? 0) + (Math.min(hi, to) - Math.max(lo, from)) / 1000;
    }
  }
  return out;
}

async function blastClient(message: Extract<ToClient, { type: 'blast' }>): Promise<FromClient> {
  const { hostname, port } = new URL(message.url);
  const startMs = nowEpochMs();
  const deadline = startMs + message.durationMs;
  let bytes = 0;
  let errors = 0;
  await Promise.all(
    message.sessions.map(async (session) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const record: SessionRecord = { arrivals: [], inFlight: [] };
      while (nowEpochMs() < deadline) {
        record.arrivals.length = 0;
        const ok = await getOnce({ hostname, port: Number(port), path: session === null ? message.path : `/s/${session}${message.path}`, agent }, record, deadline);
        if (!ok) errors += 1;
        for (let i = 1; i < record.arrivals.length; i += 2) bytes += record.arrivals[i] as number;
      }
      agent.destroy();
    }),
  );
  return { type: 'blasted', bytes, elapsedMs: nowEpochMs() - startMs, errors };
}
