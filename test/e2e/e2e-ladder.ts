import type { SyntheticLadderOptions } from '../../origin/ladder/generate.js';

/**
 * The e2e tests' ladder: the default rungs up to 720p (4 rungs) from a 720p source. Half the
 * decode work of 1080p per Chromium, so two test workers fit on a 2-core machine, and half the
 * encode time on a fresh CI machine.
 */
export const E2E_LADDER: SyntheticLadderOptions = { synthetic: { width: 1280, height: 720 } };
