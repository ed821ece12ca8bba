/** Resume behaviour, with documented defaults. PURE. */

export interface ResumeConfig {
  /** A saved position under this is not resumed (the viewer barely started). Defaults to 10 s. */
  minPositionSec: number;
  /**
   * At or past this fraction of the duration the video counts as watched (credits): it is saved
   * as `completed` and the next load starts from 0. Defaults to 0.95.
   */
  completedFraction: number;
  /**
   * While playing, the position is saved at most this often (plus on pause, seek end, `ended`,
   * page hide and source change). Defaults to 4000 ms, so a page closed without warning loses
   * under 5 s of progress even with a slow network.
   */
  saveIntervalMs: number;
  /**
   * How long the first frame waits for a saved position from a slow store (a remote one with no
   * local copy), milliseconds. The engine chunk loads meanwhile. Defaults to 3000 ms: a cross-device
   * resume is worth a short wait more than a visible jump from 0, and a busy device can take over
   * 1.5 s for the read (a CORS preflight and a GET) while it also loads the engine.
   */
  startWaitMs: number;
  /**
   * A saved position arriving after playback started (a newer remote record) is applied by a seek
   * only while the playhead is still within this many seconds of where playback started.
   * Defaults to 15 s.
   */
  lateResumeWindowSec: number;
}

export const DEFAULT_RESUME_CONFIG: Readonly<ResumeConfig> = Object.freeze({
  minPositionSec: 10,
  completedFraction: 0.95,
  saveIntervalMs: 4000,
  startWaitMs: 3000,
  lateResumeWindowSec: 15,
});

/** The defaults with `partial` on top; values that are not finite numbers ≥ 0 are ignored. */
export function resolveResumeConfig(partial: Partial<ResumeConfig> = {}): ResumeConfig {
  const config: ResumeConfig = { ...DEFAULT_RESUME_CONFIG };
  for (const key of Object.keys(DEFAULT_RESUME_CONFIG) as Array<keyof ResumeConfig>) {
    const value = partial[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) config[key] = value;
  }
  config.completedFraction = Math.min(1, config.completedFraction);
  return config;
}
