import { join } from 'node:path';
import { LadderError } from '../errors.js';
import { parseProgressLine, runTool, summarizeStderr, type ProgressFact } from '../ffmpeg.js';
import { spriteArgs } from '../sidecars/thumbnails.js';
import { THUMBNAILS_OUTPUT, buildEncodeArgs, encodeOutputs, type EncodeOutputId, type EncodePlan } from './encode-args.js';

/** Encoder progress: seconds of media written out of the total. */
export interface EncodeProgress {
  doneSec: number;
  totalSec: number;
  /** 0..1 over the whole encode, retries included. */
  ratio: number;
  /** What is running, e.g. `all outputs` or `retrying 720p`. */
  detail: string;
}

/** Runs one ffmpeg command line; `error` is a one-line summary when it failed. */
export type FfmpegRunner = (
  args: string[],
  onProgress: (fact: ProgressFact) => void,
  signal?: AbortSignal,
) => Promise<{ ok: boolean; error: string }>;

/** A runner that spawns the given ffmpeg binary. */
export function nodeFfmpegRunner(ffmpegPath: string): FfmpegRunner {
  return async (args, onProgress, signal) => {
    const run = await runTool(ffmpegPath, args, {
      ...(signal ? { signal } : {}),
      onStdoutLine: (line) => {
        const fact = parseProgressLine(line);
        if (fact !== null) onProgress(fact);
      },
    });
    const ok = run.exitCode === 0;
    const how = run.signal ? `killed by ${run.signal}` : `exit code ${run.exitCode}`;
    return { ok, error: ok ? '' : `${summarizeStderr(run.stderrTail)} (${how})` };
  };
}

export interface EncodeDeps {
  run: FfmpegRunner;
  /** Source duration, for progress. */
  totalSec: number;
  onProgress?: (progress: EncodeProgress) => void;
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
}

/**
 * Encodes every output of the plan in one ffmpeg process. If that process fails, each output
 * is encoded again on its own, so one broken output costs only itself.
 *
 * Returns each output's error, or null when its ffmpeg run succeeded (the files still have to
 * be verified).
 */
export async function encodeAll(plan: EncodePlan, deps: EncodeDeps): Promise<Map<EncodeOutputId, string | null>> {
  const outputs = encodeOutputs(plan);
  const totalSec = deps.totalSec;
  const report = (doneSec: number, passIndex: number, passCount: number, detail: string) => {
    const clamped = Math.min(totalSec, Math.max(0, doneSec));
    const ratio = totalSec > 0 ? (passIndex + clamped / totalSec) / passCount : passIndex / passCount;
    deps.onProgress?.({ doneSec: clamped, totalSec, ratio: Math.min(1, ratio), detail });
  };
  const throwIfAborted = () => {
    if (deps.signal?.aborted) throw new LadderError('ABORTED', 'Ladder generation was aborted.');
  };

  // Media seconds done: frames of the first video output over the frame rate when the run has
  // a rung (out_time is the furthest of all outputs, and audio races ahead), else out_time.
  const doneSecOf = (ids: readonly EncodeOutputId[]) => {
    const hasRung = plan.rungs.some((rung) => ids.includes(rung.id));
    return (fact: ProgressFact): number | null => {
      if ('frame' in fact) return hasRung ? fact.frame / plan.frameRate : null;
      return hasRung ? null : fact.outTimeUs / 1e6;
    };
  };
  const runPass = (ids: readonly EncodeOutputId[], passIndex: number, passCount: number, detail: string) => {
    const toSec = doneSecOf(ids);
    report(0, passIndex, passCount, detail);
    const only = ids.length === outputs.length ? undefined : ids;
    return deps.run(
      buildEncodeArgs(plan, only),
      (fact) => {
        const doneSec = toSec(fact);
        if (doneSec !== null) report(doneSec, passIndex, passCount, detail);
      },
      deps.signal,
    );
  };

  const errors = new Map<EncodeOutputId, string | null>(outputs.map((id) => [id, null]));
  const combined = await runPass(outputs, 0, 1, 'all outputs');
  throwIfAborted();
  if (!combined.ok) {
    deps.onWarning?.(`The combined encode failed (${combined.error}); encoding each output on its own.`);
    for (const [index, id] of outputs.entries()) {
      const single = await runPass([id], index, outputs.length, `retrying ${id}`);
      throwIfAborted();
      errors.set(id, single.ok ? null : single.error);
    }
  }

  if (plan.thumbnails && errors.get(THUMBNAILS_OUTPUT) === null) {
    const sprites = await deps.run(spriteArgs(join(plan.outDir, 'thumbs'), plan.thumbnails), () => {}, deps.signal);
    throwIfAborted();
    if (!sprites.ok) errors.set(THUMBNAILS_OUTPUT, `tiling failed: ${sprites.error}`);
  }
  report(totalSec, 0, 1, 'done');
  return errors;
}
